package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/source"
	"github.com/newsingest/newslooks/page"
	"github.com/newsingest/newslooks/warc"
)

// An event is one article of an input, one error, or one record of a web
// archive that holds no article.
type event struct {
	article *newslooks.Article
	err     error
	skipped warc.SkipReason // the archive record left out, and why
}

// parseInput parses one input, sending its articles and errors to events.
// It reports whether it ran to the end with every event sent: false when
// ctx ended first.
func (r *runner) parseInput(ctx context.Context, in source.Input, events chan<- event) bool {
	sendEvent := func(ev event) bool {
		if ctx.Err() != nil {
			// The read may have been cut short: what was parsed from it
			// is not trusted to be whole.
			return false
		}
		if ev.article != nil && ev.article.Source == "" {
			ev.article.Source = in.Source
		}
		select {
		case events <- ev:
			return true
		case <-ctx.Done():
			return false
		}
	}
	send := func(a *newslooks.Article, err error) bool { return sendEvent(event{article: a, err: err}) }
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
	if warc.Detect(prefix) {
		return done(parseArchive(p, br, sendEvent))
	}
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
// message" when no line applies, on one line: a source or message with a
// control character (a newline in a file name) is quoted, Go-style.
func ErrorLine(source string, err error) string {
	var pe *newslooks.ParseError
	if errors.As(err, &pe) && pe.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", oneLine(source), pe.Line, oneLine(pe.Err.Error()))
	}
	return fmt.Sprintf("%s: %s", oneLine(source), oneLine(err.Error()))
}

// oneLine returns s, or s quoted if it holds a control character.
func oneLine(s string) string {
	if strings.ContainsFunc(s, unicode.IsControl) {
		return strconv.Quote(s)
	}
	return s
}

// parseArchive reads a web archive: each HTML page it holds becomes an
// article whose Source is the page's address and Fetched its WARC-Date;
// every other record is sent as skipped, with its reason, and a corrupt
// stretch as an error, after which reading goes on. It reports whether
// every event was sent.
func parseArchive(p *page.Parser, r io.Reader, send func(event) bool) bool {
	for rec, err := range warc.Records(r, nil) {
		var ev event
		switch {
		case err != nil:
			ev.err = err
		case rec.Kind != warc.HTMLPage:
			ev.skipped = rec.Skip
		default:
			a, err := p.ParseResponse(bytes.NewReader(rec.Body), rec.TargetURI, rec.ContentType)
			if err != nil {
				ev.err = fmt.Errorf("record at offset %d (%s): %w", rec.Offset, rec.TargetURI, err)
			} else {
				a.Source, a.Fetched = rec.TargetURI, rec.Date
				ev.article = a
			}
		}
		if !send(ev) {
			return false
		}
	}
	return true
}
