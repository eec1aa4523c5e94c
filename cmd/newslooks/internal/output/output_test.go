package output

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/newsingest/newslooks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func article(headline, body string) *newslooks.Article {
	return &newslooks.Article{Headline: headline, Source: "src-" + body, Sections: []newslooks.Section{{Paragraphs: []string{body}}}}
}

// names lists the files of dir, but for the lock file of a writer still
// open.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		if e.Name() != filepath.Base(lockPath(dir, os.Getpid())) {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Xi, Putin Deepen Ties":              "xi-putin-deepen-ties",
		"Trump’s Tariffs Reshape Alignments": "trumps-tariffs-reshape-alignments",
		"  --- ":                             "article",
		"Café Owners Say “No”":               "café-owners-say-no",
		strings.Repeat("word ", 40):          strings.TrimSuffix(strings.Repeat("word-", 16), "-"),
		// Windows device names, any case, get a suffix.
		"CON": "con-article", "nul": "nul-article", "Com1": "com1-article", "LPT9": "lpt9-article", "aux": "aux-article",
		"Prn": "prn-article", "COM10": "com10", "Console": "console",
		// NFC: a decomposed é is the same slug as a composed one.
		"Cafe\u0301 Owners": "café-owners",
		// Case folding: names a case-insensitive file system would
		// confuse are one slug.
		"STRASSE Straße": "strasse-strasse", "ΣΊΣΥΦΟΣ": "σίσυφοσ", "ǅemal": "ǆemal",
	} {
		assert.Equal(t, want, Slug(in), in)
	}
	for _, name := range []string{"con", "CON.json", "nul.txt", "com1", "lpt3.md", "com²"} {
		assert.True(t, reserved(strings.ToLower(name)), name)
	}
}

func TestArrayAlways(t *testing.T) {
	for n := range 3 {
		var buf bytes.Buffer
		w, err := New("json", "", &buf)
		require.NoError(t, err)
		for i := range n {
			_, err := w.Write(article("H", strings.Repeat("x", i+1)))
			require.NoError(t, err)
		}
		require.NoError(t, w.Close())
		var all []map[string]any
		require.NoError(t, json.Unmarshal(buf.Bytes(), &all), buf.String())
		assert.Len(t, all, n)
	}
}

// TestOutNeverPartial checks that an article's name only ever appears
// with the whole article behind it: the claim of the name sees a
// complete, closed temporary file, and nothing else is written under the
// final name. A SIGKILL at any moment can leave a temporary file, never
// a partial or empty article.
func TestOutNeverPartial(t *testing.T) {
	dir := t.TempDir()
	w, err := New("json", dir, nil)
	require.NoError(t, err)
	dw := w.(*dirWriter)
	a := article("Big", strings.Repeat("word ", 100000))
	var want bytes.Buffer
	require.NoError(t, renderJSON(a, &want))
	claims := 0
	dw.claim = func(tmp, path string) error {
		claims++
		got, err := os.ReadFile(tmp)
		require.NoError(t, err)
		assert.Equal(t, want.Len(), len(got), "the temporary file is complete before it takes the name")
		_, err = os.Lstat(path)
		assert.True(t, os.IsNotExist(err), "nothing stands under the final name before the claim")
		return claimName(tmp, path)
	}
	res, err := w.Write(a)
	require.NoError(t, err)
	assert.Equal(t, Created, res.Status)
	assert.Equal(t, 1, claims)
	assert.Equal(t, []string{"big.json"}, names(t, dir), "no temporary file is left")
}

// TestOutRepairsAfterCrash: what a crash left (a temporary file of a dead
// process, a partial or empty file from a writer that wrote in place, the
// complete file of an article) is repaired by a rerun, not duplicated.
func TestOutRepairsAfterCrash(t *testing.T) {
	dir := t.TempDir()
	one, two, three := article("One", "1"), article("Two", "2"), article("Three", "3")
	var full bytes.Buffer
	require.NoError(t, renderJSON(one, &full))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "one.json"), full.Bytes(), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "two.json"), nil, 0o644))
	full.Reset()
	require.NoError(t, renderJSON(three, &full))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "three.json"), full.Bytes()[:full.Len()/2], 0o644))
	// No process has this ID: the run that wrote it is gone.
	stale := filepath.Join(dir, tempPrefix+"999999999-123")
	require.NoError(t, os.WriteFile(stale, []byte("{"), 0o644))

	w, err := New("json", dir, nil)
	require.NoError(t, err)
	for _, a := range []*newslooks.Article{one, two, three} {
		_, err := w.Write(a)
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"one.json", "three.json", "two.json"}, names(t, dir))
	for _, n := range names(t, dir) {
		var v map[string]any
		require.NoError(t, json.Unmarshal(must(os.ReadFile(filepath.Join(dir, n))), &v), n)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestOutConcurrentRuns: two runs at once into one folder end with one
// file per article.
func TestOutConcurrentRuns(t *testing.T) {
	dir := t.TempDir()
	var articles []*newslooks.Article
	for i := range 200 {
		// Many share a headline, so that names are fought over.
		articles = append(articles, article("Headline "+string(rune('a'+i%5)), strings.Repeat("x", i+1)))
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			w, err := New("json", dir, nil)
			if !assert.NoError(t, err) {
				return
			}
			for _, a := range articles {
				_, err := w.Write(a)
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	assert.Len(t, names(t, dir), len(articles))
}

// TestOutNeverReadsThroughLinksOrDevices: a name taken by a link to
// /dev/zero, a named pipe or a folder is passed over without reading it.
func TestOutNeverReadsThroughLinksOrDevices(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "zero.json")))
	require.NoError(t, mkfifo(filepath.Join(dir, "zero-2.json")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "zero-3.json"), 0o755))
	w, err := New("json", dir, nil)
	require.NoError(t, err)
	res, err := w.Write(article("Zero", "z"))
	require.NoError(t, err)
	assert.Equal(t, Result{Created, filepath.Join(dir, "zero-4.json")}, res)
}

// TestOutCollisionsReported: two articles that the format renders to the
// same bytes share one file, and the second's result says so.
func TestOutCollisionsReported(t *testing.T) {
	dir := t.TempDir()
	w, err := New("json", dir, nil)
	require.NoError(t, err)
	a, b := article("Same", "s"), article("Same", "s")
	b.Source = "elsewhere" // json leaves source out
	ra, err := w.Write(a)
	require.NoError(t, err)
	rb, err := w.Write(b)
	require.NoError(t, err)
	assert.Equal(t, Created, ra.Status)
	assert.Equal(t, Result{Shared, ra.Path}, rb)
	assert.True(t, slices.Equal([]string{"same.json"}, names(t, dir)))

	// A later run finds the file as its own article's.
	w, err = New("json", dir, nil)
	require.NoError(t, err)
	rc, err := w.Write(a)
	require.NoError(t, err)
	assert.Equal(t, Result{Existing, ra.Path}, rc)
}
