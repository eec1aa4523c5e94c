package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/source"
	"github.com/newsingest/newslooks/store"
)

func TestEagerBatchIsFullAfterTheFirstBatch(t *testing.T) {
	assert.Equal(t, minBatch, eagerBatch(0))
	assert.Equal(t, minBatch, eagerBatch(batchSize-1))
	assert.Equal(t, batchSize, eagerBatch(batchSize))
	assert.Equal(t, batchSize, eagerBatch(1<<20))
}

// TestBatchesWaitForArticlesOnlySoLong: past a run's first batch,
// articles that come fast are stored in full batches; one that comes
// after the batch's first has waited maxBatchWait hands the batch to an
// idle storing goroutine.
func TestBatchesWaitForArticlesOnlySoLong(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "news.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	w := newStoreWriter(ctx, s)
	clock := time.Unix(1_700_000_000, 0)
	w.now = func() time.Time { return clock }
	w.handed = batchSize // as if the run's first batch were stored
	write := func(i int) {
		t.Helper()
		a := &newslooks.Article{
			URL:      fmt.Sprintf("https://example.org/%d", i),
			Headline: fmt.Sprintf("Story %d", i),
			Sections: []newslooks.Section{{Paragraphs: []string{fmt.Sprintf("Paragraph %d of a story that is told only once, numbered %x.", i, i*7919)}}},
		}
		pr, err := w.Prepare(a)
		require.NoError(t, err)
		_, err = w.WritePrepared(source.Input{Name: a.URL}, a, pr)
		require.NoError(t, err)
	}
	for i := range batchSize - 1 {
		write(i)
		clock = clock.Add(maxBatchWait / batchSize)
	}
	assert.Len(t, w.pending.articles, batchSize-1, "fast articles wait for a full batch")
	write(batchSize - 1)
	assert.Empty(t, w.pending.articles, "a full batch is handed off")

	write(batchSize)
	clock = clock.Add(maxBatchWait - time.Nanosecond)
	write(batchSize + 1)
	assert.Len(t, w.pending.articles, 2, "within maxBatchWait the batch waits")
	// The storing goroutine has taken the full batch off its queue
	// (it may still be storing it): it has nothing queued.
	require.Eventually(t, func() bool { return len(w.batches) == 0 }, 10*time.Second, time.Millisecond)
	clock = clock.Add(time.Nanosecond)
	write(batchSize + 2)
	assert.Empty(t, w.pending.articles, "after maxBatchWait the batch is handed off")
	require.NoError(t, w.Close())
	st, err := s.Status(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, batchSize+3, st.Articles+st.NearDuplicates+st.Duplicates)
}

// openFailureLog opens a new store holding a failure record for each of
// names, and a failureLog on it.
func openFailureLog(t *testing.T, names []string) (*failureLog, *store.Store) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "news.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	for _, name := range names {
		require.NoError(t, s.RecordFailure(ctx, store.Failure{Source: name, Reason: "read", Message: "earlier run"}))
	}
	return &failureLog{ctx: ctx, store: s, out: newStoreWriter(ctx, s)}, s
}

func failureSources(t *testing.T, s *store.Store) []string {
	fs, err := s.Failures(context.Background())
	require.NoError(t, err)
	var out []string
	for _, f := range fs {
		out = append(out, f.Source)
	}
	return out
}

func inputNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("in-%05d.html", i)
	}
	return names
}

// A long run holds the names of the inputs that succeeded only until
// their failure records are cleared, a batch at a time, not to its end.
func TestFailureLogClearsAsItGoes(t *testing.T) {
	names := inputNames(3*clearEvery + 5)
	l, s := openFailureLog(t, names)
	for _, name := range names {
		l.finished(source.Input{Name: name}, nil)
		require.Less(t, len(l.succeeded), clearEvery)
	}
	left := failureSources(t, s)
	assert.Len(t, left, 5, "all but the last few records are cleared before the run ends")
	require.NoError(t, l.out.Close())
	n, err := l.close()
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Empty(t, failureSources(t, s))
}

// An input is cleared only once the writer has stored its articles: one
// some article of which the store then refused is recorded as failed.
func TestFailureLogWaitsForTheWriter(t *testing.T) {
	names := inputNames(clearEvery + 2)
	l, s := openFailureLog(t, nil)
	l.out.accepted = 1 // an article of the first input, not yet stored
	for _, name := range names {
		l.finished(source.Input{Name: name}, nil)
	}
	assert.Len(t, l.succeeded, len(names), "nothing is settled while the writer holds an article")
	require.NoError(t, s.RecordFailure(context.Background(), store.Failure{Source: names[1], Reason: "read", Message: "earlier run"}))
	l.out.lost(1, names[0], "https://example.org/a-page-of-the-first-input", errors.New("disk full"))
	l.out.mu.Lock()
	l.out.settled = 1
	l.out.mu.Unlock()
	require.NoError(t, l.out.Close())
	n, err := l.close()
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	fs, err := s.Failures(context.Background())
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, names[0], fs[0].Source)
	assert.Equal(t, "store", fs[0].Reason)
	assert.Contains(t, fs[0].Message, "disk full")
}
