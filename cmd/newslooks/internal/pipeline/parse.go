package pipeline

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/source"
	"github.com/newsingest/newslooks/page"
)

// An event is one article of an input, or one error.
type event struct {
	article *newslooks.Article
	err     error
}

// parseInput parses one input, sending its articles and errors to events.
// It reports whether it ran to the end with every event sent: false when
// ctx ended first.
func (r *runner) parseInput(ctx context.Context, in source.Input, events chan<- event) bool {
	send := func(a *newslooks.Article, err error) bool {
		if ctx.Err() != nil {
			// The read may have been cut short: what was parsed from it
			// is not trusted to be whole.
			return false
		}
		if a != nil {
			a.Source = in.Source
		}
		select {
		case events <- event{a, err}:
			return true
		case <-ctx.Done():
			return false
		}
	}
	done := func(ok bool) bool { return ok && ctx.Err() == nil }
	rc, from, err := r.cfg.Opener.Open(ctx, in)
	if err != nil {
		return done(send(nil, err))
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	prefix, err := br.Peek(newslooks.SniffLen)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return done(send(nil, err))
	}
	p := r.cfg.Parser
	if newslooks.Detect(prefix) == newslooks.FormatHTML {
		return done(send(p.ParseResponse(br, from.PageURL, from.ContentType)))
	}
	any := false
	for a, err := range p.Articles(page.DecodeText(br, from.ContentType)) {
		any = true
		if !send(a, err) {
			return false
		}
	}
	if !any {
		return done(send(nil, &newslooks.ParseError{Err: newslooks.ErrEmpty}))
	}
	return done(true)
}

// ErrorLine formats an error as "SOURCE:LINE: message", or "SOURCE:
// message" when no line applies.
func ErrorLine(source string, err error) string {
	var pe *newslooks.ParseError
	if errors.As(err, &pe) && pe.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", source, pe.Line, pe.Err)
	}
	return fmt.Sprintf("%s: %v", source, err)
}
