package newslooks

import (
	"io"
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
	assert.Equal(t, 1, n, "the article read before the failure is kept")
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], io.ErrUnexpectedEOF)
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }
