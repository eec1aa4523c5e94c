package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/newsingest/newslooks"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// An event is one article of an input, or one error.
type event struct {
	article *newslooks.Article
	err     error
}

// A tally counts what a run did, for the summary line.
type tally struct {
	articles, inputs, failed, skipped int
}

func (t tally) String() string {
	return fmt.Sprintf("newslooks: %d articles written, %d inputs read, %d inputs failed, %d files skipped",
		t.articles, t.inputs, t.failed, t.skipped)
}

// process parses the inputs with cfg.workers at once and writes their
// articles in the order of the inputs, each input's articles in the order
// they stand in it. Errors go to stderr as "SOURCE:LINE: message". Each
// input streams its articles through a small buffer, so a long stream is
// never held in memory whole. It returns the tally.
func process(ctx context.Context, cfg *config, inputs []input, out articleWriter, stderr io.Writer) tally {
	t := tally{inputs: len(inputs)}
	streams := make([]chan event, len(inputs))
	for i := range streams {
		streams[i] = make(chan event, 16)
	}
	// Inputs start in order, at most cfg.workers at a time, so the one
	// being written has always started and the run cannot stall.
	slots := make(chan struct{}, cfg.workers)
	var wg sync.WaitGroup
	go func() {
		for i, in := range inputs {
			slots <- struct{}{}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-slots }()
				defer close(streams[i])
				cfg.parseInput(ctx, in, streams[i])
			}()
		}
	}()

	bar := newProgress(stderr, len(inputs))
	for i, in := range inputs {
		failed := false
		for ev := range streams[i] {
			if ev.err != nil {
				failed = true
				bar.Clear()
				fmt.Fprintln(stderr, errorLine(in.source, ev.err))
				continue
			}
			if err := out.write(ev.article); err != nil {
				failed = true
				fmt.Fprintln(stderr, errorLine(in.source, err))
				continue
			}
			t.articles++
		}
		if failed {
			t.failed++
		}
		bar.Add(1)
	}
	bar.Finish()
	wg.Wait()
	return t
}

// parseInput parses one input, sending its articles and errors to events.
func (cfg *config) parseInput(ctx context.Context, in input, events chan<- event) {
	send := func(a *newslooks.Article, err error) bool {
		if a != nil {
			a.Source = in.source
		}
		select {
		case events <- event{a, err}:
			return true
		case <-ctx.Done():
			return false
		}
	}
	rc, from, err := in.open(ctx)
	if err != nil {
		send(nil, err)
		return
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	prefix, err := br.Peek(4096)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		send(nil, err)
		return
	}
	if newslooks.Detect(prefix) == newslooks.FormatHTML {
		send(cfg.parser.ParseResponse(br, from.pageURL, from.contentType))
		return
	}
	any := false
	for a, err := range cfg.parser.Articles(br) {
		any = true
		if !send(a, err) {
			return
		}
	}
	if !any {
		send(nil, &newslooks.ParseError{Err: newslooks.ErrEmpty})
	}
}

// errorLine formats an error as "SOURCE:LINE: message", or "SOURCE:
// message" when no line applies.
func errorLine(source string, err error) string {
	var pe *newslooks.ParseError
	if errors.As(err, &pe) && pe.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", source, pe.Line, pe.Err)
	}
	return fmt.Sprintf("%s: %v", source, err)
}

// progress is a progress bar on a terminal, and nothing elsewhere.
type progress struct{ bar *progressbar.ProgressBar }

// newProgress shows a bar when w is a terminal and there is more than one
// input; pipes and CI logs get no extra output.
func newProgress(w io.Writer, total int) progress {
	f, ok := w.(*os.File)
	if !ok || total < 2 || !term.IsTerminal(int(f.Fd())) {
		return progress{}
	}
	return progress{progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("parsing"),
		progressbar.OptionShowCount(),
		progressbar.OptionClearOnFinish(),
	)}
}

func (p progress) Add(n int) {
	if p.bar != nil {
		p.bar.Add(n)
	}
}

func (p progress) Clear() {
	if p.bar != nil {
		p.bar.Clear()
	}
}

func (p progress) Finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
