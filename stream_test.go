package newslooks

import (
	"io"
	"iter"
	"runtime"
	"strings"
	"testing"

	"github.com/newsingest/newslooks/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repeatReader yields an article n times without holding the stream.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestArticlesMemoryFlat reads a generated stream of 10,000 articles and
// checks that the heap after the last one is no larger than after the
// first thousand: the iterator holds one article at a time.
func TestArticlesMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 10,000 articles")
	}
	article := string(readSample(t)) + "\n"
	const total = 10000
	var early, late uint64
	count := 0
	for a, err := range Articles(&testkit.RepeatReader{Text: article, N: total}) {
		require.NoError(t, err)
		require.Equal(t, "BEIJING", a.Dateline)
		count++
		switch count {
		case 1000:
			early = heapInUse()
		case total:
			late = heapInUse()
		}
	}
	require.Equal(t, total, count)
	t.Logf("heap after 1,000 articles: %d B; after 10,000: %d B", early, late)
	// 9,000 more articles held would be over 60 MB; allow slack for noise.
	assert.Less(t, late, early+(1<<20), "the heap grows with the number of articles")
}

// BenchmarkArticlesStream reads a stream of 1,000 sample articles.
func BenchmarkArticlesStream(b *testing.B) {
	article := string(readSample(b)) + "\n"
	b.SetBytes(int64(1000 * len(article)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range Articles(&testkit.RepeatReader{Text: article, N: 1000}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 1000 {
			b.Fatalf("%d articles", n)
		}
	}
}

func TestArticlesReadError(t *testing.T) {
	r := io.MultiReader(strings.NewReader(string(readSample(t))+"\n"), errReader{})
	var errs []error
	n := 0
	for a, err := range Articles(r) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		require.NotNil(t, a)
		n++
	}
	// The failure may have cut the article short: it is reported, with
	// the line where its text began, and not passed off as whole.
	assert.Equal(t, 0, n, "no article that the failure may have cut short")
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], io.ErrUnexpectedEOF)
	assert.Contains(t, errs[0].Error(), "from line 1 on is cut short")

	// Articles before the one being read are whole and kept.
	r = io.MultiReader(strings.NewReader(string(readSample(t))+"\n"+string(readSample(t))), errReader{})
	n, errs = 0, nil
	for a, err := range Articles(r) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		require.NotNil(t, a)
		n++
	}
	assert.Equal(t, 1, n)
	require.Len(t, errs, 1)
}

// TestArticlesEndlessLine checks that a stream with no line end is
// reported as too large as soon as it passes the limit, and that the
// iterator then skips to the next article, holding no more than the limit.
func TestArticlesEndlessLine(t *testing.T) {
	p := &Parser{MaxBytes: 64 << 10}
	huge := &testkit.RepeatReader{Text: strings.Repeat("x", 4096), N: 1 << 20} // 4 GiB, never read whole
	next, stop := iter.Pull2(p.Articles(huge))
	defer stop()
	a, err, ok := next()
	require.True(t, ok)
	assert.Nil(t, a)
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.Greater(t, huge.N, 1<<20-100, "reported after about the limit, not after reading the stream")

	// After an overlong article, the next one is read.
	src := "Headline One/ Newslooks/ A. Reyes/ Summary.\n\n" + strings.Repeat("y", 100<<10) + "\n" + string(readSample(t))
	var got []*Article
	var errs []error
	for a, err := range p.Articles(strings.NewReader(src)) {
		if err != nil {
			errs = append(errs, err)
		} else {
			got = append(got, a)
		}
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrTooLarge)
	require.Len(t, got, 1)
	assert.Equal(t, "Xi, Putin Deepen Ties With Energy, Security Deals Facing US Challenges", got[0].Headline)
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }
