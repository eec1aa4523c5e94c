package newslooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/newsingest/newslooks/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const samplePath = "testdata/xi-putin.txt"

func readSample(tb testing.TB) []byte {
	tb.Helper()
	src, err := os.ReadFile(samplePath)
	require.NoError(tb, err)
	return src
}

// TestSample pins every value of the sample that FORMAT.md and the sample
// itself make known, independently of the golden file.
func TestSample(t *testing.T) {
	a, err := Parse(bytes.NewReader(readSample(t)))
	require.NoError(t, err)

	assert.Equal(t, "Xi, Putin Deepen Ties With Energy, Security Deals Facing US Challenges", a.Headline)
	assert.Equal(t, Byline{Publisher: "Newslooks", Location: "WASHINGTON", Authors: []string{"J. Mansour"}, Edition: "Morning Edition"}, a.Byline)
	assert.Equal(t, "Chinese President Xi Jinping and Russian President Vladimir Putin reaffirmed their “old friend” relationship during meetings in Beijing, pledging deeper cooperation on energy and trade. The talks came alongside the Shanghai Cooperation Organization summit and precede China’s major WWII anniversary parade. Analysts say both nations are uniting to withstand mounting U.S. pressure, including sanctions and tariffs.", a.Summary)

	assert.Equal(t, "Xi and Putin Old Friend Ties Quick Looks", a.QuickLooks.Title)
	assert.Equal(t, []string{
		"Xi welcomed Putin as “old friend” during Beijing meetings",
		"Putin: Moscow-Beijing ties at “unprecedentedly high level”",
		"Leaders shared tea at Zhongnanhai, signaling strong ties",
		"China to offer 30-day visa-free access for Russians",
		"New gas pipeline deal signed between Gazprom and Chinese firms",
		"Western sanctions target Chinese companies aiding Russia’s war industry",
		"Xi pushes for “more just” global governance reforms",
		"Trump’s tariffs on China and India reshape alignments",
		"Modi met separately with Xi and Putin at Tianjin summit",
		"Xi and Putin also held trilateral with Mongolia’s president",
	}, a.QuickLooks.Items)

	assert.Equal(t, "BEIJING", a.Dateline)
	var headings []string
	var counts []int
	for _, s := range a.Sections {
		headings = append(headings, s.Heading)
		counts = append(counts, len(s.Paragraphs))
	}
	assert.Equal(t, []string{
		"",
		"Energy and Trade Deals Cement Cooperation",
		"Historical Resonance, Present Tensions",
		"Shared Response to U.S. Pressure",
		"Trump’s Tariffs Reshape Alignments",
		"Regional Triangular Diplomacy",
		"The Big Picture",
	}, headings)
	assert.Equal(t, []int{2, 2, 2, 2, 1, 2, 1}, counts)

	opening := a.Sections[0].Paragraphs
	assert.True(t, strings.HasPrefix(opening[0], "BEIJING — Chinese leader Xi Jinping hosted Russian President Vladimir Putin"), "the dateline stays in the paragraph")
	assert.True(t, strings.HasSuffix(opening[1], "underscoring the personal and political weight of their bond."))
	last := a.Sections[6].Paragraphs[0]
	assert.True(t, strings.HasSuffix(last, "a partnership forged by necessity — and increasingly defined by resistance to the West."))
	assert.Equal(t, "“China and Russia face the same problem and must work together to jointly cope with the pressure from the U.S.,” said Li Xin, director at Shanghai University of Political Science and Law.", a.Sections[3].Paragraphs[0])

	text := a.Text()
	for _, gone := range []string{"You must Register or Login to post a comment.", "Deep Look"} {
		assert.NotContains(t, text, gone)
	}
	assert.Empty(t, a.Warnings)

	// The JSON contract: field names, and lists as [] not null.
	js, err := json.Marshal(a)
	require.NoError(t, err)
	for _, key := range []string{`"headline":`, `"byline":{"publisher":"Newslooks","location":"WASHINGTON","authors":["J. Mansour"],"edition":"Morning Edition"}`, `"summary":`, `"quick_looks":{"title":`, `"dateline":"BEIJING"`, `"sections":[{"heading":"","paragraphs":[`} {
		assert.Contains(t, string(js), key)
	}
	for _, absent := range []string{"null", `"source"`, `"warnings"`, `"url"`, `"published"`} {
		assert.NotContains(t, string(js), absent)
	}
}

func TestEmptyListsMarshalAsArrays(t *testing.T) {
	a := &Article{Headline: "H", Sections: []Section{{Heading: "X"}}}
	js, err := json.Marshal(a)
	require.NoError(t, err)
	assert.Contains(t, string(js), `"authors":[]`)
	assert.Contains(t, string(js), `"items":[]`)
	assert.Contains(t, string(js), `"paragraphs":[]`)
	assert.Nil(t, a.Sections[0].Paragraphs, "MarshalJSON must not modify the article")
	js, err = json.Marshal(&Article{})
	require.NoError(t, err)
	assert.Contains(t, string(js), `"sections":[]`)
}

// parseFile parses every article of a text fixture.
func parseFile(tb testing.TB, path string) []*Article {
	tb.Helper()
	f, err := os.Open(path)
	require.NoError(tb, err)
	defer f.Close()
	var all []*Article
	for a, err := range Articles(f) {
		require.NoError(tb, err, path)
		all = append(all, a)
	}
	require.NotEmpty(tb, all, path)
	return all
}

// marshalGolden renders what the command prints for a file with --format
// json: the article, or an array when the file holds several.
func marshalGolden(tb testing.TB, all []*Article) []byte {
	tb.Helper()
	var v any = all
	if len(all) == 1 {
		v = all[0]
	}
	return testkit.JSON(tb, v)
}

// globFixtures lists the files matching pattern, failing when there is
// none: a glob that silently matches nothing would test nothing.
func textFixtures(tb testing.TB) []string { return testkit.Glob(tb, "testdata/*.txt") }

// TestGolden compares each testdata/NAME.txt with testdata/NAME.golden.json.
// Run with -update to rewrite the golden files, then read the diff.
func TestGolden(t *testing.T) {
	for _, path := range textFixtures(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(name, func(t *testing.T) {
			got := marshalGolden(t, parseFile(t, path))
			testkit.Check(t, strings.TrimSuffix(path, ".txt")+".golden.json", got)
		})
	}
}

// checkGolden compares got with the golden file at path or, with -update,
// rewrites the file; read the diff before committing it.
// textOnly clears what the text form does not carry, for round trips.
func textOnly(a *Article) Article {
	c := *a
	c.Warnings, c.Source = nil, ""
	return c
}

func roundTrip(tb testing.TB, a *Article) *Article {
	tb.Helper()
	var buf bytes.Buffer
	n, err := a.WriteTo(&buf)
	require.NoError(tb, err)
	require.Equal(tb, int64(buf.Len()), n)
	b, err := Parse(&buf)
	require.NoError(tb, err, "reparsing the canonical form")
	return b
}

func TestRoundTrip(t *testing.T) {
	for _, path := range textFixtures(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			for _, a := range parseFile(t, path) {
				assert.Equal(t, textOnly(a), textOnly(roundTrip(t, a)))
			}
		})
	}
}

// TestWriteToHeadlineLimit checks the headline length WriteTo documents:
// a header line with a longer headline reads as prose.
func TestWriteToHeadlineLimit(t *testing.T) {
	for _, n := range []int{300, 301} {
		a := &Article{
			Headline: strings.Repeat("Word ", n/5)[:n-1] + "x",
			Byline:   Byline{Publisher: "Newslooks"},
			Sections: []Section{{Paragraphs: []string{"NEW YORK (AP) — The body."}}},
		}
		require.Len(t, a.Headline, n)
		var buf bytes.Buffer
		_, err := a.WriteTo(&buf)
		require.NoError(t, err)
		b, err := Parse(&buf)
		if n <= 300 {
			require.NoError(t, err)
			assert.Equal(t, a.Headline, b.Headline)
		} else {
			assert.ErrorIs(t, err, ErrNotArticle, "a %d-byte headline", n)
		}
	}
}

// TestWriteToFullStopHeadline checks the rule WriteTo documents for a
// headline ending in a full stop: it needs a byline field that reads back
// as one.
func TestWriteToFullStopHeadline(t *testing.T) {
	body := []Section{{Paragraphs: []string{"NEW YORK (AP) — The body."}}}
	for _, tt := range []struct {
		byline Byline
		reads  bool
	}{
		{Byline{Publisher: "newslooks.com"}, false}, // the last part is the summary
		{Byline{Publisher: "Newslooks", Authors: []string{"P. Lin"}}, true},
		{Byline{Edition: "Morning Edition"}, true},
	} {
		a := &Article{Headline: "Markets Fell.", Byline: tt.byline, Sections: body}
		var buf bytes.Buffer
		_, err := a.WriteTo(&buf)
		require.NoError(t, err)
		b, err := Parse(&buf)
		if !tt.reads {
			assert.ErrorIs(t, err, ErrNotArticle, "%+v", tt.byline)
			continue
		}
		require.NoError(t, err, "%+v", tt.byline)
		assert.Equal(t, a.Headline, b.Headline)
	}
}

func TestWriteToCanonicalSample(t *testing.T) {
	a, err := Parse(bytes.NewReader(readSample(t)))
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = a.WriteTo(&buf)
	require.NoError(t, err)
	// The sample is itself in canonical form, less its chrome and the
	// extra blank line after the header.
	want := strings.Replace(string(readSample(t)), "\n\n\n", "\n\n", 1)
	want = strings.TrimSuffix(want, "You must Register or Login to post a comment.")
	assert.Equal(t, want, buf.String())
}

func TestParseErrors(t *testing.T) {
	sample := string(readSample(t))
	tests := []struct {
		name string
		in   string
		want error
		line int
	}{
		{"empty", "", ErrEmpty, 0},
		{"blank", "\n  \n\t\n", ErrEmpty, 0},
		{"prose", "It was a bright cold day in April.\nThe clocks were striking thirteen.\n", ErrNotArticle, 1},
		{"html", "\n<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>\n", ErrNotArticle, 2},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ErrNotArticle, 3},
		{"latin1 on line 4", strings.Replace(sample, "- Xi welcomed", "- Xi welc\xe9med", 1), ErrInvalidUTF8, 5},
		{"header only", "Headline Here/ Newslooks/ WASHINGTON/ J. Mansour/ Morning Edition/ A summary.\n", ErrNotArticle, 1},
		{"two articles", sample + "\n\n" + sample, ErrMultipleArticles, 38},
		{"two articles, no blank between", sample + "\n" + sample, ErrMultipleArticles, 37},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseString(tt.in)
			require.Error(t, err)
			assert.Nil(t, a)
			assert.ErrorIs(t, err, tt.want)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.line, pe.Line)
			assert.NotEmpty(t, pe.Error())
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	p := Parser{MaxBytes: 1000}
	_, err := p.Parse(bytes.NewReader(readSample(t)))
	assert.ErrorIs(t, err, ErrTooLarge)
	_, err = p.Parse(strings.NewReader(strings.Repeat("x", 1001))) // a reader of unknown size
	assert.ErrorIs(t, err, ErrTooLarge)
	_, err = p.ParseString(string(readSample(t)))
	assert.ErrorIs(t, err, ErrTooLarge)
}

func TestStrict(t *testing.T) {
	noQuickLooks := "Markets Slide on Rate Fears/ Newslooks/ NEW YORK/ A. Reyes/ Evening Edition/ Stocks fell.\n\nNEW YORK — Stocks fell on Monday.\n"
	a, err := ParseString(noQuickLooks)
	require.NoError(t, err)
	require.Len(t, a.Warnings, 1)
	assert.Equal(t, Warning{Line: 3, Message: "no Quick Looks block"}, a.Warnings[0])

	_, err = (&Parser{Strict: true}).ParseString(noQuickLooks)
	assert.ErrorIs(t, err, ErrStrict)
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 3, pe.Line)

	_, err = (&Parser{Strict: true}).Parse(bytes.NewReader(readSample(t)))
	assert.NoError(t, err, "the sample has nothing to warn about")
}

func TestChromeOption(t *testing.T) {
	src := string(readSample(t)) + "\nRead more at Newslooks"
	a, err := ParseString(src)
	require.NoError(t, err)
	assert.Contains(t, a.Text(), "Read more at Newslooks")

	p := Parser{Chrome: append(DefaultChrome(), "read more at newslooks")}
	a, err = p.ParseString(src)
	require.NoError(t, err)
	assert.NotContains(t, a.Text(), "Read more at Newslooks")
	assert.NotContains(t, a.Text(), "You must Register")
}

func TestArticlesStream(t *testing.T) {
	sample := string(readSample(t))
	bad := "Just some prose that is not an article.\n"
	stream := sample + "\n" + sample + "\n\n" + bad + sample
	var got []*Article
	var errs []error
	for a, err := range Articles(strings.NewReader(stream)) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, a)
	}
	require.Len(t, errs, 0, "prose after an article's chrome belongs to that article")
	require.Len(t, got, 3)
	for _, a := range got {
		assert.Equal(t, "BEIJING", a.Dateline)
		assert.Len(t, a.Sections, 7)
	}

	// A stream that starts with prose reports it, with its line, and goes on.
	got, errs = nil, nil
	for a, err := range Articles(strings.NewReader(bad + sample + "\n" + sample)) {
		if err != nil {
			errs = append(errs, err)
		} else {
			got = append(got, a)
		}
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrNotArticle)
	var pe *ParseError
	require.ErrorAs(t, errs[0], &pe)
	assert.Equal(t, 1, pe.Line)
	assert.Len(t, got, 2)

	// An article over the limit is reported and the next one still parsed.
	huge := "Huge Story/ Newslooks/ WASHINGTON/ J. Mansour/ Morning Edition/ Big.\n" + strings.Repeat("A paragraph of padding text that goes on.\n", 400)
	got, errs = nil, nil
	p := Parser{MaxBytes: 10000}
	for a, err := range p.Articles(strings.NewReader(huge + sample)) {
		if err != nil {
			errs = append(errs, err)
		} else {
			got = append(got, a)
		}
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrTooLarge)
	require.Len(t, got, 1)
	assert.Equal(t, "BEIJING", got[0].Dateline)

	// Breaking out of the loop early is allowed.
	for range Articles(strings.NewReader(sample + "\n" + sample)) {
		break
	}
}

// FuzzParse checks that no input panics the parser and that every article
// it returns is well formed and survives the round trip.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.txt")
	more, _ := filepath.Glob("testdata/errors/*")
	for _, p := range append(paths, more...) {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	chrome := DefaultChrome()
	f.Fuzz(func(t *testing.T, src []byte) {
		a, err := Parse(bytes.NewReader(src))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		if a.Headline == "" {
			t.Fatal("article without a headline")
		}
		for _, s := range a.Sections {
			for _, p := range s.Paragraphs {
				if p == "" || strings.ContainsAny(p, "\r\n") || !utf8.ValidString(p) {
					t.Fatalf("bad paragraph %q", p)
				}
				for _, c := range chrome {
					if strings.EqualFold(p, c) {
						t.Fatalf("chrome line %q kept as a paragraph", p)
					}
				}
			}
		}
		var buf bytes.Buffer
		if _, err := a.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		b, err := Parse(&buf)
		if err != nil {
			t.Fatalf("reparsing the canonical form: %v\n%s", err, buf.String())
		}
		if !assert.Equal(t, textOnly(a), textOnly(b)) {
			t.Fatalf("round trip changed the article; canonical form:\n%s", buf.String())
		}
	})
}

// BenchmarkParse parses the sample document.
func BenchmarkParse(b *testing.B) {
	src := readSample(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanLines is the floor for BenchmarkParse: it only splits the
// same bytes into lines.
func BenchmarkScanLines(b *testing.B) {
	src := readSample(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		n, rest := 0, src
		for {
			i := bytes.IndexByte(rest, '\n')
			if i < 0 {
				break
			}
			n++
			rest = rest[i+1:]
		}
		if n == 0 {
			b.Fatal("no lines")
		}
	}
}

// largeArticle returns one article about times as long as the sample: the
// sample's body sections repeated.
func largeArticle(tb testing.TB, times int) []byte {
	tb.Helper()
	sample := string(readSample(tb))
	i := strings.Index(sample, "Energy and Trade Deals Cement Cooperation")
	j := strings.Index(sample, "You must Register")
	require.True(tb, i > 0 && j > i)
	var b strings.Builder
	b.WriteString(sample[:j])
	for b.Len() < times*len(sample) {
		b.WriteString(sample[i:j])
	}
	b.WriteString(sample[j:])
	return []byte(b.String())
}

// BenchmarkParseLarge parses one article 100 times the sample's length:
// its ns per byte must stay close to BenchmarkParse's.
func BenchmarkParseLarge(b *testing.B) {
	src := largeArticle(b, 100)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLargeArticle(t *testing.T) {
	a, err := Parse(bytes.NewReader(largeArticle(t, 100)))
	require.NoError(t, err)
	assert.Greater(t, len(a.Sections), 500)
	assert.Equal(t, "The Big Picture", a.Sections[len(a.Sections)-1].Heading)
}

// TestErrorKinds checks the promise on ParseError: the input's faults
// are *ParseError values, the reader's failure is wrapped and is not.
func TestErrorKinds(t *testing.T) {
	for name, parse := range map[string]func(io.Reader) error{
		"Parse": func(r io.Reader) error { _, err := Parse(r); return err },
		"Articles": func(r io.Reader) error {
			var last error
			for _, err := range Articles(r) {
				last = err
			}
			return last
		},
	} {
		t.Run(name, func(t *testing.T) {
			err := parse(iotest.ErrReader(iotest.ErrTimeout))
			require.Error(t, err)
			assert.ErrorIs(t, err, iotest.ErrTimeout)
			var pe *ParseError
			assert.False(t, errors.As(err, &pe), "a reader's failure is not a ParseError: %v", err)
			assert.Contains(t, err.Error(), "reading input")

			err = parse(strings.NewReader("Just prose.\n"))
			require.ErrorAs(t, err, &pe)
			assert.ErrorIs(t, err, ErrNotArticle)
		})
	}
}

// TestMarshalValue checks that an Article marshals its lists as [] however
// it is held: by pointer, by value, in a map or a slice of values.
func TestMarshalValue(t *testing.T) {
	var a Article
	for name, v := range map[string]any{
		"pointer": &a,
		"value":   a,
		"map":     map[string]Article{"x": a},
		"slice":   []Article{a},
	} {
		js, err := json.Marshal(v)
		require.NoError(t, err)
		assert.Contains(t, string(js), `"authors":[]`, name)
		assert.Contains(t, string(js), `"sections":[]`, name)
		assert.NotContains(t, string(js), "null", name)
	}
}
