package page

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inputPages returns every page fixture this package holds, as bytes.
func inputPages(t *testing.T) [][]byte {
	paths := htmlFixtures(t)
	more, err := filepath.Glob("testdata/pages/*/source.html")
	require.NoError(t, err)
	var srcs [][]byte
	for _, path := range append(paths, more...) {
		srcs = append(srcs, readFile(t, path))
	}
	require.GreaterOrEqual(t, len(srcs), 15)
	return srcs
}

// parseJSON parses src as a page and returns the article as JSON, or the
// error's text.
func parseJSON(t *testing.T, src []byte) string {
	a, err := ParseHTML(bytes.NewReader(src), "https://example.com/a")
	if err != nil {
		return err.Error()
	}
	out, err := json.Marshal(a)
	require.NoError(t, err)
	return string(out)
}

// TestInputBuffersAreNotShared checks that an article keeps nothing of
// the input buffer that the next page reuses: articles parsed before
// many other pages still marshal as they did, and pages parsed at once
// from several goroutines give what they give one at a time.
func TestInputBuffersAreNotShared(t *testing.T) {
	srcs := inputPages(t)
	want := make([]string, len(srcs))
	for i, src := range srcs {
		want[i] = parseJSON(t, src)
	}

	first, err := ParseHTML(bytes.NewReader(srcs[0]), "https://example.com/a")
	require.NoError(t, err)
	before, err := json.Marshal(first)
	require.NoError(t, err)
	for range 3 {
		for _, src := range srcs[1:] {
			parseJSON(t, src)
		}
	}
	after, err := json.Marshal(first)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after))

	var wg sync.WaitGroup
	got := make([][]string, 4)
	for g := range got {
		got[g] = make([]string, len(srcs))
		wg.Go(func() {
			for i := range srcs {
				k := (i + g*5) % len(srcs) // each goroutine in its own order
				got[g][k] = parseJSON(t, srcs[k])
			}
		})
	}
	wg.Wait()
	for g := range got {
		assert.Equal(t, want, got[g], "goroutine %d", g)
	}
}
