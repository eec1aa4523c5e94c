package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks/source"
	"github.com/newsingest/newslooks/store"
)

func TestEagerBatchGrowsWithTheRun(t *testing.T) {
	assert.Equal(t, minBatch, eagerBatch(0))
	assert.Equal(t, minBatch, eagerBatch(127))
	assert.Equal(t, 16, eagerBatch(256))
	assert.Equal(t, 50, eagerBatch(800))
	assert.Equal(t, batchSize, eagerBatch(1<<20))
	for n := range 4096 {
		assert.LessOrEqual(t, eagerBatch(n), eagerBatch(n+1))
	}
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
