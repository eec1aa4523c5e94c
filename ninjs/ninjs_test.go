package ninjs_test

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

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/testkit"
	"github.com/newsingest/newslooks/ninjs"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	formatSamplePath = "../testdata/xi-putin.txt"
	sampleHeadline   = "Xi, Putin Deepen Ties With Energy, Security Deals Facing US Challenges"
	ninjsSchemaPath  = "testdata/ninjs-schema_2.2.json"
)

// formatSample parses the sample article.
func formatSample(tb testing.TB) *newslooks.Article {
	tb.Helper()
	src, err := os.ReadFile(formatSamplePath)
	require.NoError(tb, err)
	a, err := newslooks.ParseString(string(src))
	require.NoError(tb, err)
	return a
}

func ninjsOf(tb testing.TB, a *newslooks.Article) []byte {
	tb.Helper()
	var b bytes.Buffer
	require.NoError(tb, ninjs.Write(&b, a))
	return b.Bytes()
}

func TestNINJSGolden(t *testing.T) {
	testkit.Check(t, "testdata/xi-putin.golden.ninjs.json", ninjsOf(t, formatSample(t)))
}

func TestNINJSSample(t *testing.T) {
	a := formatSample(t)
	n := ninjs.FromArticle(a)

	assert.Regexp(t, `^urn:newslooks:[0-9a-f]{64}$`, n.URI)
	sum := sha256.Sum256([]byte(sampleHeadline + "\nNewslooks\n" + a.Sections[0].Paragraphs[0]))
	assert.Equal(t, "urn:newslooks:"+hex.EncodeToString(sum[:]), n.URI)
	assert.Equal(t, n.URI, ninjs.FromArticle(a).URI, "the derived uri is stable")

	assert.Equal(t, "text", n.Type)
	assert.Equal(t, []ninjs.Text{{Role: "main", Value: sampleHeadline}}, n.Headlines)
	assert.Equal(t, []ninjs.Text{{Role: "summary", ContentType: "text/plain", Value: a.Summary}}, n.Descriptions)
	assert.Equal(t, "J. Mansour", n.By)
	assert.Equal(t, "BEIJING", n.Located)
	assert.Equal(t, []ninjs.InfoSource{{Name: "Newslooks"}}, n.InfoSources)
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
	base := newslooks.Article{Headline: "H", Byline: newslooks.Byline{Publisher: "P"}, Sections: []newslooks.Section{{Heading: "", Paragraphs: nil}, {Heading: "S", Paragraphs: []string{"first", "second"}}}}
	sum := sha256.Sum256([]byte("H\nP\nfirst"))
	want := ninjs.URNPrefix + hex.EncodeToString(sum[:])
	assert.Equal(t, want, ninjs.FromArticle(&base).URI, "hash of headline, publisher and the first paragraph, joined by newlines")

	other := base
	other.Headline = "H2"
	assert.NotEqual(t, want, ninjs.FromArticle(&other).URI)

	other = base
	other.Tags, other.Summary, other.Source = []string{"t"}, "summary", "file.txt"
	assert.Equal(t, want, ninjs.FromArticle(&other).URI, "only headline, publisher and first paragraph count")

	other = base
	other.URL = "https://newslooks.com/2025/09/xi-putin/"
	assert.Equal(t, "https://newslooks.com/2025/09/xi-putin/", ninjs.FromArticle(&other).URI)

	for _, bad := range []string{"/2025/09/xi-putin/", "newslooks.com/x", "https://exa mple.com/", "%zz"} {
		other.URL = bad
		assert.Equal(t, want, ninjs.FromArticle(&other).URI, "a URL that is not an absolute URI: %q", bad)
	}

	empty := ninjs.FromArticle(&newslooks.Article{})
	assert.Regexp(t, `^urn:newslooks:[0-9a-f]{64}$`, empty.URI)
}

// fullPageArticle is the sample with every page field set.
func fullPageArticle(tb testing.TB) *newslooks.Article {
	tb.Helper()
	a := formatSample(tb)
	a.URL = "https://newslooks.com/world/xi-putin-deepen-ties/"
	a.Published = time.Date(2025, 9, 2, 8, 15, 0, 0, time.UTC)
	a.Modified = time.Date(2025, 9, 2, 18, 40, 30, 0, time.FixedZone("CST", 8*3600))
	a.Section = "World"
	a.Tags = []string{"China", "Russia", " ", "Energy"}
	a.Language = "en-US"
	a.Images = []newslooks.Image{
		{URL: "https://newslooks.com/img/xi-putin.jpg", Caption: "Xi Jinping & Vladimir Putin <at tea>", Credit: "AP Photo"},
		{URL: "/relative.jpg", Caption: "dropped: not absolute"},
		{URL: "https://newslooks.com/img/pipeline.jpg"},
	}
	return a
}

func TestNINJSPageFields(t *testing.T) {
	a := fullPageArticle(t)
	n := ninjs.FromArticle(a)
	assert.Equal(t, a.URL, n.URI)
	assert.Equal(t, "en-US", n.Language)
	assert.True(t, a.Published.Equal(n.FirstCreated))
	assert.True(t, a.Modified.Equal(n.VersionCreated))
	assert.Equal(t, []ninjs.Subject{{Name: "China"}, {Name: "Russia"}, {Name: "Energy"}}, n.Subjects)
	require.Len(t, n.Associations, 2)
	assert.Equal(t, ninjs.Association{
		Name: "image1", URI: "https://newslooks.com/img/xi-putin.jpg", Type: "picture",
		Descriptions: []ninjs.Text{{Role: "caption", ContentType: "text/plain", Value: "Xi Jinping & Vladimir Putin <at tea>"}},
		By:           "AP Photo",
		Renditions:   []ninjs.Rendition{{Name: "original", Href: "https://newslooks.com/img/xi-putin.jpg"}},
	}, n.Associations[0])
	assert.Equal(t, "image2", n.Associations[1].Name)

	js := string(ninjsOf(t, a))
	assert.Contains(t, js, `"firstcreated": "2025-09-02T08:15:00Z"`)
	assert.Contains(t, js, `"versioncreated": "2025-09-02T18:40:30+08:00"`)

	// Without a modification time, the first version is the current one.
	a.Modified = time.Time{}
	n = ninjs.FromArticle(a)
	assert.True(t, a.Published.Equal(n.VersionCreated))
	// Without a publication time, neither is written.
	a.Published = time.Time{}
	js = string(ninjsOf(t, a))
	assert.NotContains(t, js, "firstcreated")
	assert.NotContains(t, js, "versioncreated")
}

func TestNINJSBodyEscapesHTML(t *testing.T) {
	a := &newslooks.Article{
		Headline:   "H",
		QuickLooks: newslooks.QuickLooks{Title: "Q & A", Items: []string{"<b>bold</b>"}},
		Sections: []newslooks.Section{
			{Paragraphs: []string{`Tom & Jerry say "1 < 2"`}},
			{Heading: "<script>alert(1)</script>", Paragraphs: []string{"it's"}},
		},
	}
	body := ninjs.FromArticle(a).Bodies[0].Value
	assert.Equal(t, "<h2>Q &amp; A</h2>\n<ul>\n<li>&lt;b&gt;bold&lt;/b&gt;</li>\n</ul>\n"+
		"<p>Tom &amp; Jerry say &#34;1 &lt; 2&#34;</p>\n"+
		"<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>\n<p>it&#39;s</p>", body)
}

func TestNINJSMinimal(t *testing.T) {
	n := ninjs.FromArticle(&newslooks.Article{})
	assert.Equal(t, &ninjs.Item{URI: n.URI, Type: "text"}, n)
	js := string(ninjsOf(t, &newslooks.Article{}))
	assert.Regexp(t, regexp.MustCompile(`^\{\n  "uri": "urn:newslooks:[0-9a-f]{64}",\n  "type": "text"\n\}\n$`), js)
}

// compileNINJSSchema compiles the ninjs 2.2 schema kept in testdata. It
// declares draft 2020-12, whose metaschema the library embeds, and loads
// nothing from the network: only file URLs are allowed. The one remote
// reference of the schema, GeoJSON for places[].geojson (a property
// Article.ninjs.Item never writes), is stubbed with an empty schema. Format
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

	escaping := &newslooks.Article{
		Headline: `Quotes "and" <tags> & more`,
		Sections: []newslooks.Section{{Heading: "<h>", Paragraphs: []string{"a & b"}}},
	}
	for name, a := range map[string]*newslooks.Article{
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
