package newslooks

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	formatSamplePath = "testdata/xi-putin.txt"
	sampleHeadline   = "Xi, Putin Deepen Ties With Energy, Security Deals Facing US Challenges"
	ninjsSchemaPath  = "testdata/ninjs-schema_2.2.json"
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

func ninjsOf(tb testing.TB, a *Article) []byte {
	tb.Helper()
	var b bytes.Buffer
	require.NoError(tb, a.WriteNINJS(&b))
	return b.Bytes()
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
	checkGolden(t, "testdata/xi-putin.golden.md", []byte(markdownOf(t, formatSample(t))))
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
		{"* * *", `\* * *`},
		{"___", `\___`},
		{"> not a quote", `\> not a quote`},
		{"```go", "\\```go"},
		{"<div>not html</div>", `\<div>not html</div>`},
		{"[1]: http://example.com", `\[1]: http://example.com`},
		{"#", `\#`},
		{"-", `\-`},
		// Text that Markdown reads as text stays as it is.
		{"#hashtag trends", "#hashtag trends"},
		{"####### Seven is not a heading", "####### Seven is not a heading"},
		{"-20 degrees in Ulaanbaatar", "-20 degrees in Ulaanbaatar"},
		{"*Emphasis* first", "*Emphasis* first"},
		{"1.5 million barrels", "1.5 million barrels"},
		{"2024 was a year", "2024 was a year"},
		{"<3 hearts", "<3 hearts"},
		{"[Update] Talks resumed", "[Update] Talks resumed"},
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

func TestNINJSGolden(t *testing.T) {
	checkGolden(t, "testdata/xi-putin.golden.ninjs.json", ninjsOf(t, formatSample(t)))
}

func TestNINJSSample(t *testing.T) {
	a := formatSample(t)
	n := a.NINJS()

	assert.Regexp(t, `^urn:newslooks:[0-9a-f]{64}$`, n.URI)
	sum := sha256.Sum256([]byte(sampleHeadline + "\nNewslooks\n" + a.Sections[0].Paragraphs[0]))
	assert.Equal(t, "urn:newslooks:"+hex.EncodeToString(sum[:]), n.URI)
	assert.Equal(t, n.URI, a.NINJS().URI, "the derived uri is stable")

	assert.Equal(t, "text", n.Type)
	assert.Equal(t, []NINJSText{{Role: "main", Value: sampleHeadline}}, n.Headlines)
	assert.Equal(t, []NINJSText{{Role: "summary", ContentType: "text/plain", Value: a.Summary}}, n.Descriptions)
	assert.Equal(t, "J. Mansour", n.By)
	assert.Equal(t, "BEIJING", n.Located)
	assert.Equal(t, []NINJSInfoSource{{Name: "Newslooks"}}, n.InfoSources)
	assert.Empty(t, n.Language)
	assert.True(t, n.FirstCreated.IsZero())
	assert.True(t, n.VersionCreated.IsZero())
	assert.Empty(t, n.Subjects)
	assert.Empty(t, n.Associations)

	require.Len(t, n.Bodies, 1)
	body := n.Bodies[0]
	assert.Equal(t, "main", body.Role)
	assert.Equal(t, "text/html", body.ContentType)
	assert.True(t, strings.HasPrefix(body.Value, "<h2>Xi and Putin Old Friend Ties Quick Looks</h2>\n<ul>\n<li>Xi welcomed Putin as “old friend” during Beijing meetings</li>\n"), body.Value[:200])
	assert.Equal(t, 10, strings.Count(body.Value, "<li>"))
	assert.Equal(t, 1, strings.Count(body.Value, "<ul>"))
	assert.Equal(t, 7, strings.Count(body.Value, "<h2>"))
	assert.Equal(t, 12, strings.Count(body.Value, "<p>"))
	assert.Contains(t, body.Value, "</ul>\n<p>BEIJING — Chinese leader")
	assert.Contains(t, body.Value, "<h2>Trump’s Tariffs Reshape Alignments</h2>\n<p>President Donald Trump’s")
	assert.True(t, strings.HasSuffix(body.Value, "resistance to the West.</p>"))

	// The JSON has the schema's property names and no HTML escapes.
	var m map[string]any
	js := ninjsOf(t, a)
	require.NoError(t, json.Unmarshal(js, &m))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	assert.ElementsMatch(t, []string{"uri", "type", "headlines", "descriptions", "by", "located", "infosources", "bodies"}, keys)
	assert.Contains(t, string(js), `"value": "<h2>Xi and Putin`)
	assert.True(t, bytes.HasSuffix(js, []byte("}\n")))
}

func TestNINJSURI(t *testing.T) {
	base := Article{Headline: "H", Byline: Byline{Publisher: "P"}, Sections: []Section{{Heading: "", Paragraphs: nil}, {Heading: "S", Paragraphs: []string{"first", "second"}}}}
	sum := sha256.Sum256([]byte("H\nP\nfirst"))
	want := NINJSURNPrefix + hex.EncodeToString(sum[:])
	assert.Equal(t, want, base.NINJS().URI, "hash of headline, publisher and the first paragraph, joined by newlines")

	other := base
	other.Headline = "H2"
	assert.NotEqual(t, want, other.NINJS().URI)

	other = base
	other.Tags, other.Summary, other.Source = []string{"t"}, "summary", "file.txt"
	assert.Equal(t, want, other.NINJS().URI, "only headline, publisher and first paragraph count")

	other = base
	other.URL = "https://newslooks.com/2025/09/xi-putin/"
	assert.Equal(t, "https://newslooks.com/2025/09/xi-putin/", other.NINJS().URI)

	for _, bad := range []string{"/2025/09/xi-putin/", "newslooks.com/x", "https://exa mple.com/", "%zz"} {
		other.URL = bad
		assert.Equal(t, want, other.NINJS().URI, "a URL that is not an absolute URI: %q", bad)
	}

	empty := (&Article{}).NINJS()
	assert.Regexp(t, `^urn:newslooks:[0-9a-f]{64}$`, empty.URI)
}

// fullPageArticle is the sample with every page field set.
func fullPageArticle(tb testing.TB) *Article {
	tb.Helper()
	a := formatSample(tb)
	a.URL = "https://newslooks.com/world/xi-putin-deepen-ties/"
	a.Published = time.Date(2025, 9, 2, 8, 15, 0, 0, time.UTC)
	a.Modified = time.Date(2025, 9, 2, 18, 40, 30, 0, time.FixedZone("CST", 8*3600))
	a.Section = "World"
	a.Tags = []string{"China", "Russia", " ", "Energy"}
	a.Language = "en-US"
	a.Images = []Image{
		{URL: "https://newslooks.com/img/xi-putin.jpg", Caption: "Xi Jinping & Vladimir Putin <at tea>", Credit: "AP Photo"},
		{URL: "/relative.jpg", Caption: "dropped: not absolute"},
		{URL: "https://newslooks.com/img/pipeline.jpg"},
	}
	return a
}

func TestNINJSPageFields(t *testing.T) {
	a := fullPageArticle(t)
	n := a.NINJS()
	assert.Equal(t, a.URL, n.URI)
	assert.Equal(t, "en-US", n.Language)
	assert.True(t, a.Published.Equal(n.FirstCreated))
	assert.True(t, a.Modified.Equal(n.VersionCreated))
	assert.Equal(t, []NINJSSubject{{Name: "China"}, {Name: "Russia"}, {Name: "Energy"}}, n.Subjects)
	require.Len(t, n.Associations, 2)
	assert.Equal(t, NINJSAssociation{
		Name: "image1", URI: "https://newslooks.com/img/xi-putin.jpg", Type: "picture",
		Descriptions: []NINJSText{{Role: "caption", ContentType: "text/plain", Value: "Xi Jinping & Vladimir Putin <at tea>"}},
		By:           "AP Photo",
		Renditions:   []NINJSRendition{{Name: "original", Href: "https://newslooks.com/img/xi-putin.jpg"}},
	}, n.Associations[0])
	assert.Equal(t, "image2", n.Associations[1].Name)

	js := string(ninjsOf(t, a))
	assert.Contains(t, js, `"firstcreated": "2025-09-02T08:15:00Z"`)
	assert.Contains(t, js, `"versioncreated": "2025-09-02T18:40:30+08:00"`)

	// Without a modification time, the first version is the current one.
	a.Modified = time.Time{}
	n = a.NINJS()
	assert.True(t, a.Published.Equal(n.VersionCreated))
	// Without a publication time, neither is written.
	a.Published = time.Time{}
	js = string(ninjsOf(t, a))
	assert.NotContains(t, js, "firstcreated")
	assert.NotContains(t, js, "versioncreated")
}

func TestNINJSBodyEscapesHTML(t *testing.T) {
	a := &Article{
		Headline:   "H",
		QuickLooks: QuickLooks{Title: "Q & A", Items: []string{"<b>bold</b>"}},
		Sections: []Section{
			{Paragraphs: []string{`Tom & Jerry say "1 < 2"`}},
			{Heading: "<script>alert(1)</script>", Paragraphs: []string{"it's"}},
		},
	}
	body := a.NINJS().Bodies[0].Value
	assert.Equal(t, "<h2>Q &amp; A</h2>\n<ul>\n<li>&lt;b&gt;bold&lt;/b&gt;</li>\n</ul>\n"+
		"<p>Tom &amp; Jerry say &#34;1 &lt; 2&#34;</p>\n"+
		"<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>\n<p>it&#39;s</p>", body)
}

func TestNINJSMinimal(t *testing.T) {
	n := (&Article{}).NINJS()
	assert.Equal(t, &NINJS{URI: n.URI, Type: "text"}, n)
	js := string(ninjsOf(t, &Article{}))
	assert.Regexp(t, regexp.MustCompile(`^\{\n  "uri": "urn:newslooks:[0-9a-f]{64}",\n  "type": "text"\n\}\n$`), js)
}

// compileNINJSSchema compiles the ninjs 2.2 schema kept in testdata. It
// declares draft 2020-12, whose metaschema the library embeds, and loads
// nothing from the network: only file URLs are allowed. The one remote
// reference of the schema, GeoJSON for places[].geojson (a property
// Article.NINJS never writes), is stubbed with an empty schema. Format
// assertions are on, so uri and date-time values are checked too.
func compileNINJSSchema(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	raw, err := os.ReadFile(ninjsSchemaPath)
	require.NoError(tb, err)
	var decl struct {
		Schema string `json:"$schema"`
	}
	require.NoError(tb, json.Unmarshal(raw, &decl))
	require.Equal(tb, "https://json-schema.org/draft/2020-12/schema", decl.Schema, "the schema's draft changed; check the library supports it offline")

	c := jsonschema.NewCompiler()
	c.UseLoader(jsonschema.SchemeURLLoader{"file": jsonschema.FileLoader{}})
	c.AssertFormat()
	require.NoError(tb, c.AddResource("https://geojson.org/schema/GeoJSON.json", map[string]any{}))
	abs, err := filepath.Abs(ninjsSchemaPath)
	require.NoError(tb, err)
	sch, err := c.Compile(abs)
	require.NoError(tb, err)
	return sch
}

func validateNINJS(tb testing.TB, sch *jsonschema.Schema, js []byte) error {
	tb.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	require.NoError(tb, err)
	return sch.Validate(doc)
}

func TestNINJSSchema(t *testing.T) {
	sch := compileNINJSSchema(t)

	escaping := &Article{
		Headline: `Quotes "and" <tags> & more`,
		Sections: []Section{{Heading: "<h>", Paragraphs: []string{"a & b"}}},
	}
	for name, a := range map[string]*Article{
		"sample":   formatSample(t),
		"full":     fullPageArticle(t),
		"minimal":  {},
		"headline": {Headline: "Only a headline"},
		"escaping": escaping,
	} {
		t.Run(name, func(t *testing.T) {
			js := ninjsOf(t, a)
			assert.NoError(t, validateNINJS(t, sch, js), "%s", js)
		})
	}

	// The schema does reject what it should, so the passes above mean
	// something.
	for name, js := range map[string]string{
		"no uri":              `{"type": "text"}`,
		"unknown property":    `{"uri": "urn:x:y", "url": "https://example.com/"}`,
		"bad type":            `{"uri": "urn:x:y", "type": "article"}`,
		"relative uri":        `{"uri": "/relative"}`,
		"bad date-time":       `{"uri": "urn:x:y", "firstcreated": "2 September 2025"}`,
		"headline no value":   `{"uri": "urn:x:y", "headlines": [{"role": "main"}]}`,
		"unnamed association": `{"uri": "urn:x:y", "associations": [{"uri": "urn:x:z"}]}`,
	} {
		t.Run("reject/"+name, func(t *testing.T) {
			assert.Error(t, validateNINJS(t, sch, []byte(js)))
		})
	}
}
