// Package pipeline parses the command's inputs concurrently and writes
// their articles in the order of the inputs, within a bounded window of
// inputs in flight, and stops cleanly when its context is cancelled.
package pipeline

import (
	"context"
	"fmt"
	"io"
	"iter"
	"sync"
	"sync/atomic"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/output"
	"github.com/newsingest/newslooks/source"
)

// streamBuffer is how many articles of one input wait for the writer
// before the input's parse waits: a text dump is never held whole.
const streamBuffer = 16

// Config is what a run needs.
type Config struct {
	// Reader reads the inputs: its Parser, its Fetch for URLs, its Stdin.
	Reader  *source.Reader
	Workers int // inputs parsed at once, at least 1
	// Window bounds the inputs started and not yet written; zero means
	// 2×Workers. Memory is O(Window × largest input), whatever the
	// number of inputs.
	Window int
	// Out receives the articles in order. When it is a PreparingWriter,
	// each article is prepared in the worker that parsed it.
	Out    output.Writer
	Stderr io.Writer
	// Finished, if set, is called once for each input that ended, in
	// the order of the inputs, with its first error, or nil when every
	// article of it was written (not for an input an interruption cut
	// short).
	Finished func(in source.Input, err error)
}

// A PreparingWriter is an output whose per-article work does not depend
// on the articles before it (the store's JSON, hashes and fingerprint):
// Prepare does that work in the worker that parsed the article, for many
// articles at once, and WritePrepared, called in the order of the
// inputs, only writes. The pipeline calls WritePrepared, never Write.
type PreparingWriter interface {
	output.Writer
	// Prepare is called once per article, from many goroutines at once.
	// Its error is the article's, reported as a Write error would be.
	Prepare(a *newslooks.Article) (any, error)
	// WritePrepared writes the article of input in with what Prepare
	// returned.
	WritePrepared(in source.Input, a *newslooks.Article, prepared any) (output.Result, error)
}

// A job is one started input: its events, and whether its parse ran to
// the end (read only once events is closed).
type job struct {
	in       source.Input
	events   chan event
	complete bool
}

type runner struct {
	cfg      Config
	window   chan struct{} // one token per input started and not written
	workers  chan struct{} // one token per input being parsed
	jobs     chan *job     // started inputs, in order
	wg       sync.WaitGroup
	progress *progress
	tally    Tally
	taken    atomic.Int64 // inputs taken from the iterator, started or not
}

// Run parses the inputs with cfg.Workers at once and writes their
// articles in the order of the inputs, each input's articles in the order
// they stand in it. It takes an input from inputs only when the window
// has room for it, so that a folder walk (source.List.All) goes as the
// run goes. Errors go to cfg.Stderr as "SOURCE:LINE: message". When ctx
// is cancelled no input is started any more, the input being written
// ends at once, and the rest are counted as not processed: the iterator
// is run to its end, to count them, without anything being read. Run
// returns the tally; it does not close cfg.Out.
func Run(ctx context.Context, cfg Config, inputs iter.Seq[source.Input]) Tally {
	window := cfg.Window
	if window <= 0 {
		window = 2 * cfg.Workers
	}
	r := &runner{
		cfg:     cfg,
		window:  make(chan struct{}, window),
		workers: make(chan struct{}, cfg.Workers),
		jobs:    make(chan *job, window),
	}
	r.progress = newProgress(cfg.Stderr, func() bool { return r.taken.Load() > 1 })
	runCtx, cancel := context.WithCancel(ctx)
	produced := make(chan struct{})
	go func() {
		defer close(produced)
		r.produce(runCtx, inputs)
	}()
	written := r.write(ctx)
	cancel()
	<-produced
	r.wg.Wait()
	r.progress.finish()
	r.tally.NotProcessed += int(r.taken.Load()) - written
	r.tally.Interrupted = ctx.Err() != nil
	return r.tally
}

// produce starts the inputs in order, each when the window has room and a
// worker is free. Once ctx is done it only counts the rest, in r.taken.
func (r *runner) produce(ctx context.Context, inputs iter.Seq[source.Input]) {
	defer close(r.jobs)
	for in := range inputs {
		r.taken.Add(1)
		if !r.acquire(ctx) {
			continue
		}
		j := &job{in: in, events: make(chan event, streamBuffer)}
		r.jobs <- j // never blocks: jobs holds a window's worth
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			defer close(j.events)
			j.complete = r.parseInput(ctx, j.in, j.events)
			<-r.workers
		}()
	}
}

// acquire takes a place in the window and a worker for the next input,
// and reports whether it got them before ctx was done.
func (r *runner) acquire(ctx context.Context) bool {
	if ctx.Err() != nil {
		return false
	}
	select {
	case r.window <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	select {
	case r.workers <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// write writes the started inputs in order until they run out or ctx is
// done, and returns how many inputs it ended (written or failed).
func (r *runner) write(ctx context.Context) int {
	ended := 0
	for {
		if ctx.Err() != nil {
			return ended
		}
		var j *job
		select {
		case j = <-r.jobs:
		case <-ctx.Done():
			return ended
		}
		if j == nil {
			return ended
		}
		if r.writeJob(ctx, j) {
			ended++
		}
		<-r.window
	}
}

// writeJob writes one input's articles and error lines, and reports
// whether the input ended (false: an interruption cut it short, and it
// printed no error line). Errors that come once ctx is done are held back:
// they are the interruption's, unless the parse turns out complete.
func (r *runner) writeJob(ctx context.Context, j *job) bool {
	var (
		first error
		held  []error
	)
	fail := func(err error) {
		if first == nil {
			first = err
		}
		r.errorLine(j.in, err)
	}
	for ev := range j.events {
		if ev.skipped != "" {
			r.tally.skipRecord(string(ev.skipped))
			continue
		}
		err := ev.err
		if err == nil {
			err = r.writeArticle(j.in, ev)
		} else if ctx.Err() != nil {
			held = append(held, err)
			continue
		}
		if err != nil {
			fail(err)
		}
	}
	if j.complete {
		for _, err := range held {
			fail(err)
		}
	} else if first == nil {
		return false
	}
	r.tally.Inputs++
	if first != nil {
		r.tally.Failed++
	}
	r.progress.done(first != nil)
	if r.cfg.Finished != nil {
		r.cfg.Finished(j.in, first)
	}
	return true
}

func (r *runner) errorLine(in source.Input, err error) {
	r.progress.clear()
	fmt.Fprintln(r.cfg.Stderr, ErrorLine(in.Name, err))
}

// writeArticle writes one article and counts what happened to it.
func (r *runner) writeArticle(in source.Input, ev event) error {
	var (
		res output.Result
		err error
	)
	if pw, ok := r.cfg.Out.(PreparingWriter); ok {
		res, err = pw.WritePrepared(in, ev.article, ev.prepared)
	} else {
		res, err = r.cfg.Out.Write(ev.article)
	}
	if err != nil {
		return err
	}
	r.tally.Articles++
	switch res.Status {
	case output.Created:
		r.tally.Created++
	case output.Existing:
		r.tally.Existing++
	case output.Shared:
		r.tally.Shared++
		r.progress.clear()
		fmt.Fprintf(r.cfg.Stderr, "%s: note: the article is identical in this format to %s, written earlier in this run; no new file\n", in.Name, res.Path)
	}
	return nil
}
