package corpus

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks/bench/internal/score"
)

// The truth file is hand-written: check its form, and that it covers
// exactly the pages of shared/pages and shared/aeb-dev when they are there.
func TestMetaTruthFile(t *testing.T) {
	truth, err := LoadMetaTruth(filepath.Join("..", "..", DefaultMetaTruth))
	require.NoError(t, err)
	assert.Len(t, truth, 71)
	lang := regexp.MustCompile(`^[a-z]{2,3}$`)
	counts := map[string]int{}
	for name, tr := range truth {
		counts[tr.Corpus]++
		assert.Contains(t, []string{"pages", "aeb-dev"}, tr.Corpus, name)
		assert.Regexp(t, `^https?://`, tr.URL, name)
		assert.Regexp(t, lang, tr.Language, name)
		_, err := score.ParseTruthDate(tr.Published)
		assert.NoError(t, err, name)
		assert.NotNil(t, tr.Authors, name)
		for _, a := range tr.Authors {
			assert.NotEmpty(t, score.MetaKey(a), name)
			assert.NotRegexp(t, `(?i)^by |,`, a, "%s: a name, not a byline", name)
		}
		assert.NotEqual(t, tr.Title, "", name)
	}
	assert.Equal(t, map[string]int{"pages": 10, "aeb-dev": 61}, counts)

	// The defaults are relative to the bench module; the test runs two
	// directories below it.
	pagesDir, aebDir := PagesDir(os.Getenv(EnvPages)), AebDir(os.Getenv(EnvAeb))
	if os.Getenv(EnvPages) == "" {
		pagesDir = filepath.Join("..", "..", DefaultPages)
	}
	if os.Getenv(EnvAeb) == "" {
		aebDir = filepath.Join("..", "..", DefaultAeb)
	}
	if pages, err := Shared(pagesDir); err != nil {
		t.Logf("shared pages not checked: %v", err)
	} else {
		for _, p := range pages {
			if assert.Contains(t, truth, p.Name) {
				assert.Equal(t, "pages", truth[p.Name].Corpus, p.Name)
			}
		}
	}
	if pages, _, err := Aeb(aebDir); err != nil {
		t.Logf("aeb-dev pages not checked: %v", err)
	} else {
		assert.Len(t, pages, 61)
		for _, p := range pages {
			if assert.Contains(t, truth, p.Name) {
				assert.Equal(t, "aeb-dev", truth[p.Name].Corpus, p.Name)
				assert.Equal(t, p.URL, truth[p.Name].URL, "%s: the truth's URL is the benchmark's", p.Name)
			}
		}
	}
}

func TestLoadMetaTruthRejects(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		p := filepath.Join(dir, "t.json")
		require.NoError(t, os.WriteFile(p, []byte(s), 0o644))
		return p
	}
	_, err := LoadMetaTruth(write(`{"x": {"corpus": "pages", "url": "http://a", "title": "T", "publisher": "P"}}`))
	assert.ErrorContains(t, err, "no language")
	m, err := LoadMetaTruth(write(`{"x": {"corpus": "pages", "url": "http://a", "title": "T", "publisher": "P", "language": "en"}}`))
	require.NoError(t, err)
	assert.Equal(t, []string{}, m["x"].Authors, "missing authors are no authors")
	_, err = LoadMetaTruth(write(`[]`))
	assert.Error(t, err)
}

func TestAebMissing(t *testing.T) {
	_, _, err := Aeb(t.TempDir())
	assert.ErrorContains(t, err, EnvAeb)
}
