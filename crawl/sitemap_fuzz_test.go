package crawl

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nestedSitemap is a sitemap with one URL, then elements nested depth
// deep.
func nestedSitemap(depth int) []byte {
	var b bytes.Buffer
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://a.test/1</loc></url><url>`)
	for range depth {
		b.WriteString(`<a xmlns:x="urn:x">`)
	}
	return b.Bytes()
}

// TestReadSitemapNesting: elements nested past MaxSitemapNesting stop the
// reading with ErrSitemapNesting, after the entries before them; a
// sitemap at the limit is read.
func TestReadSitemapNesting(t *testing.T) {
	var locs []string
	err := ReadSitemap(bytes.NewReader(nestedSitemap(100)), 0, 0, func(e SitemapEntry) error {
		locs = append(locs, e.Loc)
		return nil
	})
	require.ErrorIs(t, err, ErrSitemapNesting)
	assert.Equal(t, []string{"http://a.test/1"}, locs)
	assert.Equal(t, ReasonSitemap, reason(err))

	deepest := `<urlset><url><loc>http://a.test/2</loc>` + strings.Repeat("<a>", MaxSitemapNesting-2) +
		strings.Repeat("</a>", MaxSitemapNesting-2) + `</url></urlset>`
	locs = nil
	require.NoError(t, ReadSitemap(strings.NewReader(deepest), 0, 0, func(e SitemapEntry) error {
		locs = append(locs, e.Loc)
		return nil
	}))
	assert.Equal(t, []string{"http://a.test/2"}, locs)

	err = ReadSitemap(strings.NewReader(`<urlset><url><loc>x</loc></url><url`), 0, 0, func(SitemapEntry) error { return nil })
	require.ErrorIs(t, err, ErrMalformedSitemap)
	assert.Equal(t, ReasonSitemap, reason(err), "a malformed sitemap is a sitemap failure, not a connection's")
}

// TestReadSitemapNestingMemory: a sitemap nested a million deep costs what
// one nested a hundred deep does (it cost gigabytes: the reader's path
// and the XML decoder's stack grew with it). Bytes allocated are counted,
// not time: the figure does not depend on the machine's load.
func TestReadSitemapNestingMemory(t *testing.T) {
	allocated := func(doc []byte) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := ReadSitemap(bytes.NewReader(doc), 0, 0, func(SitemapEntry) error { return nil })
		runtime.ReadMemStats(&after)
		require.ErrorIs(t, err, ErrSitemapNesting)
		return after.TotalAlloc - before.TotalAlloc
	}
	small := allocated(nestedSitemap(100))
	huge := allocated(nestedSitemap(1_000_000))
	t.Logf("nested 100 deep: %d KB allocated; 1,000,000 deep: %d KB", small>>10, huge>>10)
	assert.Less(t, huge, 2*small+1<<20, "memory does not grow with the nesting")
}

// FuzzReadSitemap feeds arbitrary bytes, plain or gzipped, to
// ReadSitemap: it must not panic, must stop, must keep to its limits
// (URLs and nesting), and must fail only with its own errors. The seeds
// are in testdata/fuzz/FuzzReadSitemap.
//
//	go test -run XXX -fuzz FuzzReadSitemap -fuzztime 5m ./crawl
func FuzzReadSitemap(f *testing.F) {
	f.Add([]byte(`<urlset><url><loc>http://a.test/1</loc><lastmod>2026-11-27</lastmod></url></urlset>`))
	f.Add(nestedSitemap(40))
	f.Fuzz(func(t *testing.T, data []byte) {
		const maxURLs = 5
		n := 0
		err := ReadSitemap(bytes.NewReader(data), maxURLs, 1<<20, func(e SitemapEntry) error {
			n++
			if e.Loc == "" {
				t.Fatal("an entry without a loc")
			}
			return nil
		})
		if n > maxURLs {
			t.Fatalf("%d entries, over the limit of %d", n, maxURLs)
		}
		if err != nil && !errors.Is(err, ErrTooManyURLs) && !errors.Is(err, ErrSitemapTooLarge) &&
			!errors.Is(err, ErrNotSitemap) && !errors.Is(err, ErrSitemapNesting) && !errors.Is(err, ErrMalformedSitemap) &&
			!strings.Contains(err.Error(), "sitemap encoding") {
			t.Fatalf("an error of no sitemap kind: %v", err)
		}
	})
}
