package page

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/siterules"
)

const rulesDir = "testdata/siterules"

func parseWithRules(t *testing.T, rules *siterules.Set, pageURL string) *newslooks.Article {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(rulesDir, "story.html"))
	require.NoError(t, err)
	p := &Parser{Rules: rules, FieldSources: true}
	a, err := p.ParseHTML(strings.NewReader(string(src)), pageURL)
	require.NoError(t, err)
	return a
}

// ffRules loads the folder's FiveFilters file alone.
func ffRules(t *testing.T) *siterules.Set {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join(rulesDir, "example.com.txt"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "example.com.txt"), b, 0o644))
	s, err := siterules.LoadFiveFilters(dir)
	require.NoError(t, err)
	return s
}

func yamlRules(t *testing.T, name string) *siterules.Set {
	t.Helper()
	s, err := siterules.ReadRulesFile(filepath.Join(rulesDir, name))
	require.NoError(t, err)
	return s
}

func paragraphs(a *newslooks.Article) string {
	var out []string
	for _, s := range a.Sections {
		out = append(out, s.Paragraphs...)
	}
	return strings.Join(out, "\n")
}

func TestRulesReplaceOnlyTheirFields(t *testing.T) {
	plain := parseWithRules(t, nil, "https://www.example.com/2024/harbour")
	assert.Equal(t, []string{"Carol Ld"}, plain.Byline.Authors)
	assert.Equal(t, "json-ld", plain.FieldSources["authors"])
	assert.Equal(t, "heuristics", plain.FieldSources["body"])

	// An author rule changes the author and nothing else.
	a := parseWithRules(t, yamlRules(t, "authoronly.yaml"), "https://www.example.com/2024/harbour")
	assert.Equal(t, []string{"Dana Rule"}, a.Byline.Authors)
	assert.Equal(t, "rule testdata/siterules/authoronly.yaml:2", a.FieldSources["authors"])
	assert.Equal(t, plain.Sections, a.Sections)
	assert.Equal(t, plain.Headline, a.Headline)
	assert.Equal(t, "heuristics", a.FieldSources["body"])

	// Another host: no rule applies.
	other := parseWithRules(t, yamlRules(t, "authoronly.yaml"), "https://example.net/2024/harbour")
	assert.Equal(t, plain.Byline.Authors, other.Byline.Authors)
}

func TestRuleBodyStripAndReplace(t *testing.T) {
	a := parseWithRules(t, yamlRules(t, "rules.yaml"), "https://example.com/2024/harbour")
	body := paragraphs(a)
	assert.True(t, strings.HasPrefix(body, "The council approved the harbour plan on Tuesday"), body)
	assert.NotContains(t, body, "Subscribe")
	assert.NotContains(t, body, "Comment from a reader")
	assert.Contains(t, body, "consider an appeal")
	assert.Equal(t, "rule testdata/siterules/rules.yaml:2", a.FieldSources["body"])
	assert.Equal(t, "Harbour plan approved", a.Headline)
	assert.Equal(t, "2024-05-06T07:08:09Z", a.Published.Format("2006-01-02T15:04:05Z07:00"))
	assert.Equal(t, "open-graph", a.FieldSources["published"])
}

// TestCSSRulesMatchFiveFilters: the CSS rules file and the equivalent
// FiveFilters file give the same article.
func TestCSSRulesMatchFiveFilters(t *testing.T) {
	css := parseWithRules(t, yamlRules(t, "rules.yaml"), "https://example.com/2024/harbour")
	ff := parseWithRules(t, ffRules(t), "https://example.com/2024/harbour")
	css.FieldSources, ff.FieldSources = nil, nil
	assert.Equal(t, css, ff)
	assert.Contains(t, paragraphs(ff), "on Tuesday")
}

// TestRuleBodyNotFound: a body selector that finds nothing leaves the
// body to the parser.
func TestRuleBodyNotFound(t *testing.T) {
	rules, err := siterules.ParseRules(strings.NewReader("example.com:\n  body: div.nothing-here\n"), "r.yaml")
	require.NoError(t, err)
	a := parseWithRules(t, rules, "https://example.com/2024/harbour")
	plain := parseWithRules(t, nil, "https://example.com/2024/harbour")
	// The body selector finds nothing: the parser's own body stands.
	assert.Equal(t, plain.Sections, a.Sections)
}

func TestRuleBodyWithoutTextFallsBack(t *testing.T) {
	rules, err := siterules.ParseRules(strings.NewReader("example.com:\n  body: nav\n  strip: nav a\n"), "r.yaml")
	require.NoError(t, err)
	a := parseWithRules(t, rules, "https://example.com/x")
	plain := parseWithRules(t, nil, "https://example.com/x")
	assert.Equal(t, plain.Sections, a.Sections)
	require.NotEmpty(t, a.Warnings)
	assert.Contains(t, a.Warnings[0].Message, "r.yaml:2")
	assert.Equal(t, "heuristics", a.FieldSources["body"])
}

// TestRuleByDeclaredURL: a page read from a file, without a URL, is
// matched by the address it declares.
func TestRuleByDeclaredURL(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(rulesDir, "story.html"))
	require.NoError(t, err)
	withCanonical := strings.Replace(string(src), "</head>", `<link rel="canonical" href="https://www.example.com/2024/harbour"></head>`, 1)
	p := &Parser{Rules: yamlRules(t, "rules.yaml")}
	a, err := p.ParseHTML(strings.NewReader(withCanonical), "")
	require.NoError(t, err)
	assert.Contains(t, paragraphs(a), "on Tuesday")
	assert.NotContains(t, paragraphs(a), "Subscribe")
	// Without a declared address, no rule applies.
	b, err := p.ParseHTML(strings.NewReader(string(src)), "")
	require.NoError(t, err)
	assert.Contains(t, paragraphs(b), "on Monday")
}

// TestRuleBodyPruning: a pruned rule body loses its link lists;
// "prune: no" keeps them. The standfirst, which the Article holds as its
// summary, is dropped either way.
func TestRuleBodyPruning(t *testing.T) {
	src := `<!DOCTYPE html><html lang="en"><head><title>Harbour plan</title>
<meta name="description" content="The council said yes to the harbour plan after a long night.">
</head><body><h1>Harbour plan</h1><div class="story">
<p>The council said yes to the harbour plan after a long night.</p>
<p>The council approved the harbour plan on Monday after a long debate that ran late into the evening.</p>
<div class="more"><a href="/a">Another story about the harbour</a> <a href="/b">A story about the bridge</a></div>
<p>Work on the new quay will begin in the autumn and is expected to take two years to finish.</p>
</div></body></html>`
	for prune, want := range map[string][]string{
		"true": {
			"The council approved the harbour plan on Monday after a long debate that ran late into the evening.",
			"Work on the new quay will begin in the autumn and is expected to take two years to finish.",
		},
		"false": {
			"The council approved the harbour plan on Monday after a long debate that ran late into the evening.",
			"Another story about the harbour A story about the bridge",
			"Work on the new quay will begin in the autumn and is expected to take two years to finish.",
		},
	} {
		rules, err := siterules.ParseRules(strings.NewReader("example.com:\n  body: div.story\n  prune: "+prune+"\n"), "r.yaml")
		require.NoError(t, err)
		a, err := (&Parser{Rules: rules}).ParseHTML(strings.NewReader(src), "https://example.com/x")
		require.NoError(t, err)
		assert.Equal(t, strings.Join(want, "\n"), paragraphs(a), "prune: "+prune)
	}
}
