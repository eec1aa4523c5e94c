package newslooks

import (
	"bytes"
	"html"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/newsingest/newslooks/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

const (
	formatSamplePath = "testdata/xi-putin.txt"
	sampleHeadline   = "Xi, Putin Deepen Ties With Energy, Security Deals Facing US Challenges"
)

// formatSample parses the sample article.
func formatSample(tb testing.TB) *Article {
	tb.Helper()
	src, err := os.ReadFile(formatSamplePath)
	require.NoError(tb, err)
	a, err := ParseString(string(src))
	require.NoError(tb, err)
	return a
}

func markdownOf(tb testing.TB, a *Article) string {
	tb.Helper()
	var b bytes.Buffer
	require.NoError(tb, a.WriteMarkdown(&b))
	return b.String()
}

// linesWithPrefix returns the lines of s that start with prefix.
func linesWithPrefix(s, prefix string) []string {
	var out []string
	for l := range strings.Lines(s) {
		if strings.HasPrefix(l, prefix) {
			out = append(out, strings.TrimSuffix(l, "\n"))
		}
	}
	return out
}

func TestMarkdownGolden(t *testing.T) {
	testkit.Check(t, "testdata/xi-putin.golden.md", []byte(markdownOf(t, formatSample(t))))
}

func TestMarkdownSample(t *testing.T) {
	a := formatSample(t)
	md := markdownOf(t, a)

	require.True(t, strings.HasPrefix(md, "# "+sampleHeadline+"\n\n"), "starts with the headline: %.100q", md)
	blocks := strings.Split(strings.TrimSuffix(md, "\n"), "\n\n")
	require.Greater(t, len(blocks), 4)
	assert.Equal(t, "*By J. Mansour — Newslooks, WASHINGTON — Morning Edition*", blocks[1])
	assert.Equal(t, a.Summary, blocks[2])
	assert.Equal(t, "## Xi and Putin Old Friend Ties Quick Looks", blocks[3])

	// One level-2 heading for the Quick Looks block and one for each of
	// the six headed sections; the opening section has none.
	h2 := linesWithPrefix(md, "## ")
	assert.Len(t, h2, 1+6)
	assert.Len(t, a.Sections, 7)
	assert.Equal(t, []string{
		"## Xi and Putin Old Friend Ties Quick Looks",
		"## Energy and Trade Deals Cement Cooperation",
		"## Historical Resonance, Present Tensions",
		"## Shared Response to U.S. Pressure",
		"## Trump’s Tariffs Reshape Alignments",
		"## Regional Triangular Diplomacy",
		"## The Big Picture",
	}, h2)
	assert.Len(t, linesWithPrefix(md, "# "), 1)
	items := linesWithPrefix(md, "- ")
	assert.Len(t, items, 10)
	assert.Equal(t, "- Xi welcomed Putin as “old friend” during Beijing meetings", items[0])

	// A rule closes the list, then the body opens with the dateline
	// paragraph and no heading; every paragraph is a block of its own.
	i := strings.Index(md, "- Xi and Putin also held trilateral with Mongolia’s president\n\n---\n\nBEIJING — Chinese leader")
	assert.GreaterOrEqual(t, i, 0, "the opening paragraph follows the list and a rule, with no heading")
	for _, s := range a.Sections {
		for _, p := range s.Paragraphs {
			assert.Contains(t, blocks, p)
		}
	}
	assert.Equal(t, "## Energy and Trade Deals Cement Cooperation\n\nFollowing the talks,", md[strings.Index(md, "## Energy"):][:len("## Energy and Trade Deals Cement Cooperation\n\nFollowing the talks,")])
	assert.NotContains(t, md, "\n\n\n")
	assert.True(t, strings.HasSuffix(md, "the West.\n"), "ends with the last paragraph and one newline")
	assert.NotContains(t, md, "Deep Look")
}

func TestMarkdownEscapesBlockSyntax(t *testing.T) {
	tests := []struct{ in, want string }{
		{"# Not a heading", `\# Not a heading`},
		{"###### Six", `\###### Six`},
		{"- not an item", `\- not an item`},
		{"+ not an item", `\+ not an item`},
		{"* not an item", `\* not an item`},
		{"1. not a list", `1\. not a list`},
		{"2) not a list", `2\) not a list`},
		{"---", `\---`},
		{"* * *", `\* \* \*`},
		{"___", `\_\_\_`},
		{"> not a quote", `\> not a quote`},
		{"```go", "\\`\\`\\`go"},
		{"<div>not html</div>", `\<div>not html\</div>`},
		{"[1]: http://example.com", `\[1\]: http://example.com`},
		{"#", `\#`},
		{"-", `\-`},
		// Text that Markdown reads as text stays as it is.
		{"#hashtag trends", "#hashtag trends"},
		{"####### Seven is not a heading", "####### Seven is not a heading"},
		{"-20 degrees in Ulaanbaatar", "-20 degrees in Ulaanbaatar"},
		{"*Emphasis* first", `\*Emphasis\* first`},
		{"1.5 million barrels", "1.5 million barrels"},
		{"2024 was a year", "2024 was a year"},
		{"<3 hearts", `\<3 hearts`},
		{"[Update] Talks resumed", `\[Update\] Talks resumed`},
		{"BEIJING — A # and a - inside", "BEIJING — A # and a - inside"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a := &Article{
				Headline:   "H",
				QuickLooks: QuickLooks{Title: "Q", Items: []string{tt.in}},
				Sections:   []Section{{Paragraphs: []string{tt.in}}},
			}
			md := markdownOf(t, a)
			want := "# H\n\n## Q\n\n- " + tt.want + "\n\n---\n\n" + tt.want + "\n"
			assert.Equal(t, want, md)
		})
	}
}

// TestMarkdownParagraphNotStructure checks that paragraphs that look like a
// heading or a list item stay paragraphs: the only lines that start a
// heading or an item are the ones the writer meant.
func TestMarkdownParagraphNotStructure(t *testing.T) {
	a := &Article{
		Headline: "Headline",
		Summary:  "- a summary that starts like an item",
		Sections: []Section{
			{Paragraphs: []string{"# Not a heading", "- Not an item", "Plain text."}},
			{Heading: "# Heading with a hash", Paragraphs: []string{"1. Not a numbered item", "Line one\n# line two\n- line three"}},
		},
	}
	md := markdownOf(t, a)
	assert.Equal(t, []string{"# Headline", `## \# Heading with a hash`}, linesWithPrefix(md, "#"))
	assert.Empty(t, linesWithPrefix(md, "-"))
	assert.Empty(t, linesWithPrefix(md, "1."))
	assert.Equal(t, "# Headline\n\n"+
		`\- a summary that starts like an item`+"\n\n"+
		`\# Not a heading`+"\n\n"+
		`\- Not an item`+"\n\n"+
		"Plain text.\n\n"+
		`## \# Heading with a hash`+"\n\n"+
		`1\. Not a numbered item`+"\n\n"+
		"Line one # line two - line three\n", md)
}

func TestMarkdownHeadingClosingHashes(t *testing.T) {
	a := &Article{Headline: "We Are Number #", Sections: []Section{{Heading: "Ranked ##", Paragraphs: []string{"x"}}, {Heading: "C# Rises", Paragraphs: []string{"y"}}}}
	assert.Equal(t, "# We Are Number \\#\n\n## Ranked \\##\n\nx\n\n## C# Rises\n\ny\n", markdownOf(t, a))
}

func TestMarkdownByline(t *testing.T) {
	tests := []struct {
		name string
		by   Byline
		want string
	}{
		{"all", Byline{Publisher: "Newslooks", Location: "WASHINGTON", Authors: []string{"J. Mansour"}, Edition: "Morning Edition"}, "*By J. Mansour — Newslooks, WASHINGTON — Morning Edition*"},
		{"two authors", Byline{Authors: []string{"A. Reyes", "P. Lin"}}, "*By A. Reyes and P. Lin*"},
		{"three authors", Byline{Publisher: "Newslooks", Authors: []string{"A. Reyes", "P. Lin", "K. Wu"}}, "*By A. Reyes, P. Lin & K. Wu — Newslooks*"},
		{"no authors", Byline{Publisher: "Newslooks", Location: "NEW YORK"}, "*Newslooks, NEW YORK*"},
		{"location and edition", Byline{Location: "KYIV", Edition: "Evening Edition"}, "*KYIV — Evening Edition*"},
		{"asterisk", Byline{Publisher: "News*Wire"}, `*News\*Wire*`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := markdownOf(t, &Article{Headline: "H", Byline: tt.by, Summary: "S"})
			assert.Equal(t, "# H\n\n"+tt.want+"\n\nS\n", md)
		})
	}
	t.Run("none", func(t *testing.T) {
		assert.Equal(t, "# H\n\nS\n", markdownOf(t, &Article{Headline: "H", Summary: "S"}))
	})
}

func TestMarkdownOmitsWhatIsMissing(t *testing.T) {
	assert.Equal(t, "", markdownOf(t, &Article{}))
	a := &Article{Headline: "H", Sections: []Section{{Paragraphs: []string{"P1", "", "P2"}}, {Heading: "Empty"}}}
	assert.Equal(t, "# H\n\nP1\n\nP2\n\n## Empty\n", markdownOf(t, a))
	// Items without a title get the default title, as in the text form.
	a = &Article{Headline: "H", QuickLooks: QuickLooks{Items: []string{"one", ""}}}
	assert.Equal(t, "# H\n\n## Quick Looks\n\n- one\n", markdownOf(t, a))
}

// TestMarkdownStandfirstOnce: a summary that is also the body's first
// paragraph (the standfirst a page shows, which the body keeps) is
// written once, in the body; a summary that the body does not open with
// is written before it.
func TestMarkdownStandfirstOnce(t *testing.T) {
	a := &Article{Headline: "Harbour plan approved", Summary: "A yes  for the harbour.",
		Sections: []Section{{Paragraphs: []string{"A yes for the harbour.", "The council voted on Monday."}}}}
	assert.Equal(t, "# Harbour plan approved\n\nA yes for the harbour.\n\nThe council voted on Monday.\n", markdownOf(t, a))
	a.Sections[0].Paragraphs = a.Sections[0].Paragraphs[1:]
	assert.Equal(t, "# Harbour plan approved\n\nA yes  for the harbour.\n\nThe council voted on Monday.\n", markdownOf(t, a))
	a.Summary = "Another text."
	assert.Equal(t, "# Harbour plan approved\n\nAnother text.\n\nThe council voted on Monday.\n", markdownOf(t, a))
}

// TestMarkdownIsSafeToRender renders the Markdown of hostile text with a
// CommonMark renderer (goldmark, with GitHub's extensions) and checks that
// it makes no element from the text, only text: no script, no image, no
// link, no event handler, and that the text reads as it was written.
func TestMarkdownIsSafeToRender(t *testing.T) {
	hostile := []string{
		"<script>alert(1)</script>",
		`<img src=x onerror="alert(1)">`,
		"[click](javascript:alert(1))",
		"![pic](data:image/svg+xml;base64,PHN2Zz4=)",
		"[x](vbscript:msgbox(1)) and <https://example.com/autolink>",
		"&lt;script&gt;alert(1)&lt;/script&gt; and AT&T & co",
		"`code` *em* _em_ **strong** ~~gone~~ \\escaped",
		"[ref]\n\n[ref]: javascript:alert(1)",
		"<!-- comment --> <?php echo 1; ?> <![CDATA[x]]>",
		"www.example.com and https://example.com stay text",
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	for _, text := range hostile {
		t.Run(text, func(t *testing.T) {
			a := &Article{Headline: text, Summary: text, Byline: Byline{Authors: []string{text}},
				QuickLooks: QuickLooks{Title: text, Items: []string{text}},
				Sections:   []Section{{Paragraphs: []string{text}}, {Heading: text, Paragraphs: []string{text}}}}
			var out bytes.Buffer
			require.NoError(t, md.Convert([]byte(markdownOf(t, a)), &out))
			rendered := out.String()
			assert.NotRegexp(t, `<[a-z][^>]*\son\w+=`, rendered, "no element has an event handler")
			for _, bad := range []string{"<script", "<img", "<!--", "<?php", "<del>", "<code>", "<strong>",
				`href="javascript`, `href="vbscript`, `href="data`, `src="data`} {
				assert.NotContains(t, rendered, bad)
			}
			assert.Equal(t, 1, strings.Count(rendered, "<em>"), "only the byline is emphasis")
			// The text comes back as it was written (GFM may link a bare
			// http(s) or www address, a safe link).
			shown := html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(rendered, ""))
			assert.Contains(t, shown, strings.Join(strings.Fields(text), " "))
		})
	}
}
