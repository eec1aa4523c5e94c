package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/output"
	"github.com/newsingest/newslooks/fetch"
	"github.com/newsingest/newslooks/source"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sample(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../../../testdata/xi-putin.txt")
	require.NoError(t, err)
	return b
}

// fakeOpener serves every URL input from open, counting the inputs
// opened.
type fakeOpener struct {
	open   func(ctx context.Context, i int) (io.ReadCloser, error)
	index  map[string]int
	opened atomic.Int64
}

func (f *fakeOpener) fetch(ctx context.Context, rawURL string) (*fetch.Response, error) {
	f.opened.Add(1)
	rc, err := f.open(ctx, f.index[rawURL])
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	body, err := io.ReadAll(rc)
	if err != nil {
		return nil, err
	}
	return &fetch.Response{URL: rawURL, Body: body}, nil
}

// reader returns the Reader that fetches with f.
func (f *fakeOpener) reader() *source.Reader { return &source.Reader{Fetch: f.fetch} }

// fakeWriter records the sources of the articles written.
type fakeWriter struct {
	mu      sync.Mutex
	sources []string
	onWrite func(n int)
}

func (w *fakeWriter) Write(a *newslooks.Article) (output.Result, error) {
	w.mu.Lock()
	w.sources = append(w.sources, a.Source)
	n := len(w.sources)
	w.mu.Unlock()
	if w.onWrite != nil {
		w.onWrite(n)
	}
	return output.Result{}, nil
}

func (w *fakeWriter) written() int { w.mu.Lock(); defer w.mu.Unlock(); return len(w.sources) }

func (w *fakeWriter) Close() error { return nil }

func inputs(n int) ([]source.Input, map[string]int) {
	ins := make([]source.Input, n)
	index := map[string]int{}
	for i := range ins {
		ins[i] = source.URL(fmt.Sprintf("http://in/%d", i))
		index[ins[i].Name] = i
	}
	return ins, index
}

// TestWindowBoundsInputsInFlight: while the first input is stuck (a slow
// URL), at most a window of inputs is started; the rest wait, so memory
// does not grow with the number of inputs. Output keeps the input order.
func TestWindowBoundsInputsInFlight(t *testing.T) {
	const n, workers = 500, 3
	text := sample(t)
	ins, index := inputs(n)
	w := &fakeWriter{}
	full := make(chan struct{})
	var fullOnce sync.Once
	var mu sync.Mutex
	maxInFlight := int64(0)
	op := &fakeOpener{index: index}
	op.open = func(ctx context.Context, i int) (io.ReadCloser, error) {
		inFlight := op.opened.Load() - int64(w.written())
		mu.Lock()
		maxInFlight = max(maxInFlight, inFlight)
		mu.Unlock()
		if inFlight == 2*workers {
			fullOnce.Do(func() { close(full) })
		}
		if i == 0 {
			<-full // the slow URL answers once the window is full
		}
		return io.NopCloser(bytes.NewReader(text)), nil
	}
	var stderr bytes.Buffer
	tally := Run(context.Background(), Config{Reader: op.reader(), Workers: workers, Out: w, Stderr: &stderr}, slices.Values(ins))
	assert.Empty(t, stderr.String())
	assert.Equal(t, Tally{Articles: n, Inputs: n}, tally)
	assert.Equal(t, int64(2*workers), maxInFlight, "the window fills, and no further")
	for i, s := range w.sources {
		require.Equal(t, ins[i].Name, s)
	}
}

// TestTakesInputsAsItGoes: Run takes an input from the iterator only when
// the window has room for it, so that a folder walk goes as the run goes
// and no list of the inputs builds up: when an input is taken, at most a
// window's worth of those before it are not yet written.
func TestTakesInputsAsItGoes(t *testing.T) {
	const n, workers = 200, 2
	text := sample(t)
	ins, index := inputs(n)
	w := &fakeWriter{}
	op := &fakeOpener{index: index, open: func(ctx context.Context, i int) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(text)), nil
	}}
	most := 0
	lazy := func(yield func(source.Input) bool) {
		for i, in := range ins {
			most = max(most, i-w.written())
			if !yield(in) {
				return
			}
		}
	}
	var stderr bytes.Buffer
	tally := Run(context.Background(), Config{Reader: op.reader(), Workers: workers, Out: w, Stderr: &stderr}, lazy)
	assert.Equal(t, Tally{Articles: n, Inputs: n}, tally)
	assert.LessOrEqual(t, most, 2*workers, "inputs taken ahead of the writer")
}

// TestInterruptCountsNotProcessed: once the context is cancelled, no
// input starts, the one in flight is abandoned without an error line,
// and every input is either read or counted as not processed.
func TestInterruptCountsNotProcessed(t *testing.T) {
	const n = 10
	text := sample(t)
	ins, index := inputs(n)
	ctx, cancel := context.WithCancelCause(context.Background())
	w := &fakeWriter{onWrite: func(n int) {
		if n == 2 {
			cancel(errors.New("interrupt"))
		}
	}}
	op := &fakeOpener{index: index, open: func(ctx context.Context, i int) (io.ReadCloser, error) {
		if i == 2 { // a URL that never answers
			<-ctx.Done()
			return nil, context.Cause(ctx)
		}
		return io.NopCloser(bytes.NewReader(text)), nil
	}}
	var stderr bytes.Buffer
	tally := Run(ctx, Config{Reader: op.reader(), Workers: 2, Out: w, Stderr: &stderr}, slices.Values(ins))
	assert.Empty(t, stderr.String(), "the interruption is no input's error")
	assert.Equal(t, Tally{Articles: 2, Inputs: 2, NotProcessed: 8, Interrupted: true}, tally)
	assert.LessOrEqual(t, op.opened.Load(), int64(2+2*2), "no input starts after the interruption")
}

// endless repeats an article for ever, as a dump on a pipe might.
type endless struct {
	text []byte
	off  int
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], e.text[e.off:])
		n += c
		e.off = (e.off + c) % len(e.text)
	}
	return n, nil
}

// TestInterruptCutsStream: an endless text stream stops when the context
// is cancelled; the input counts as not processed, with no error line.
func TestInterruptCutsStream(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	w := &fakeWriter{onWrite: func(n int) {
		if n == 3 {
			cancel(errors.New("interrupt"))
		}
	}}
	text := append(sample(t), '\n')
	ins := []source.Input{source.FromReader("endless", &endless{text: text})}
	var stderr bytes.Buffer
	tally := Run(ctx, Config{Reader: new(source.Reader), Workers: 1, Out: w, Stderr: &stderr}, slices.Values(ins))
	assert.Empty(t, stderr.String())
	assert.GreaterOrEqual(t, tally.Articles, 3)
	assert.Equal(t, 0, tally.Inputs)
	assert.Equal(t, 1, tally.NotProcessed)
}

// TestProgressShowsFailuresAndRate: the bar counts failures and shows a
// rate; it shows no time estimate ("[1s:1s]", elapsed:left, meant little).
func TestProgressShowsFailuresAndRate(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf, many: func() bool { return true }}
	p.done(true)
	p.done(false)
	out := buf.String()
	assert.Contains(t, out, "1 failed")
	assert.Contains(t, out, "inputs/s")
	assert.Contains(t, out, "(2/-, ", "the count, of no known total")
	assert.NotRegexp(t, regexp.MustCompile(`\[\d+s:\d+s\]`), out)
}

func TestSummaryGrammar(t *testing.T) {
	for want, tally := range map[string]Tally{
		"newslooks: 1 article written, 1 input read, 0 inputs failed, 0 files skipped":                                                                                               {Articles: 1, Inputs: 1},
		"newslooks: 2 articles written, 3 inputs read, 1 input failed, 1 file skipped (1 not a regular file)":                                                                        {Articles: 2, Inputs: 3, Failed: 1, Skipped: map[string]int{source.SkipNotRegular: 1}},
		"newslooks: 0 articles written, 1 input read, 0 inputs failed, 0 files skipped, 1 input not processed (interrupted)":                                                         {Inputs: 1, NotProcessed: 1, Interrupted: true},
		"newslooks: 45 articles written, 2 inputs read, 0 inputs failed, 0 files skipped; 44 files created, 0 already present, 1 article identical to another and not written again": {Articles: 45, Inputs: 2, Out: true, Created: 44, Shared: 1},
	} {
		assert.Equal(t, want, tally.String())
	}
	assert.True(t, strings.HasPrefix(Tally{}.String(), "newslooks: 0 articles written, 0 inputs read"))
}

// preparingWriter is a PreparingWriter that records what WritePrepared
// got; prepare is its Prepare.
type preparingWriter struct {
	fakeWriter
	prepare func(a *newslooks.Article) (any, error)
	got     []any
}

func (w *preparingWriter) Prepare(a *newslooks.Article) (any, error) { return w.prepare(a) }

func (w *preparingWriter) WritePrepared(_ source.Input, a *newslooks.Article, prepared any) (output.Result, error) {
	w.got = append(w.got, prepared)
	return w.fakeWriter.Write(a)
}

func (w *preparingWriter) Write(*newslooks.Article) (output.Result, error) {
	panic("the pipeline calls WritePrepared on a PreparingWriter")
}

// TestPrepareInWorkers: a PreparingWriter's Prepare runs in the parse
// workers, two at once (the first input's Prepare returns only once the
// second's has begun), and WritePrepared gets each article's result in
// the order of the inputs; an article whose Prepare fails fails its
// input, with an error line.
func TestPrepareInWorkers(t *testing.T) {
	const n = 20
	text := sample(t)
	ins, index := inputs(n)
	op := &fakeOpener{index: index, open: func(ctx context.Context, i int) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(text)), nil
	}}
	secondBegun := make(chan struct{})
	w := &preparingWriter{prepare: func(a *newslooks.Article) (any, error) {
		switch a.Source {
		case ins[0].Name:
			<-secondBegun
		case ins[1].Name:
			close(secondBegun)
		case ins[7].Name:
			return nil, errors.New("cannot prepare")
		}
		return "prepared " + a.Source, nil
	}}
	var stderr bytes.Buffer
	tally := Run(context.Background(), Config{Reader: op.reader(), Workers: 2, Out: w, Stderr: &stderr}, slices.Values(ins))
	assert.Equal(t, Tally{Articles: n - 1, Inputs: n, Failed: 1}, tally)
	assert.Contains(t, stderr.String(), ins[7].Name+": cannot prepare")
	require.Len(t, w.got, n-1)
	for i, s := range w.sources {
		assert.Equal(t, "prepared "+s, w.got[i])
		want := i
		if i >= 7 {
			want = i + 1
		}
		assert.Equal(t, ins[want].Name, s)
	}
}
