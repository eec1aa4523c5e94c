package pipeline

import (
	"context"
	"errors"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/source"
	"github.com/newsingest/newslooks/warc"
)

// An event is one article of an input, one error, or one record of a web
// archive that holds no article.
type event struct {
	article  *newslooks.Article
	prepared any // PreparingWriter.Prepare's result for article
	err      error
	skipped  warc.SkipReason // the archive record left out, and why
}

// parseInput reads one input through the Reader, sending its articles,
// errors and skipped archive records to events. It reports whether it ran
// to the end with every event sent: false when ctx ended first.
func (r *runner) parseInput(ctx context.Context, in source.Input, events chan<- event) bool {
	send := func(ev event) bool {
		if ctx.Err() != nil {
			// The read may have been cut short: what was parsed from it
			// is not trusted to be whole.
			return false
		}
		select {
		case events <- ev:
			return true
		case <-ctx.Done():
			return false
		}
	}
	rd := *r.cfg.Reader // a copy, to count this input's skipped records
	sent := true
	rd.Skipped = func(s source.Skip) { sent = sent && send(event{skipped: s.Reason}) }
	pw, preparing := r.cfg.Out.(PreparingWriter)
	for it, err := range rd.Read(ctx, in) {
		ev := event{article: it.Article, err: err}
		if preparing && err == nil && it.Article != nil {
			// An article that cannot be prepared fails its input, as
			// one the writer refuses does.
			ev.prepared, ev.err = pw.Prepare(it.Article)
		}
		if !sent || !send(ev) {
			return false
		}
	}
	// The Reader yields the context's cause, which send refuses, for an
	// input whose read the cancellation cut short; an input read to its
	// end before the cancellation is whole, however soon after it came.
	return sent
}

// ErrorLine formats an error as the Reader's errors read ("SOURCE:LINE:
// message", "SOURCE: record at offset N (URL): message"), or as "SOURCE:
// message" for an error of another kind (writing the article), always on
// one line (see source.Error).
func ErrorLine(name string, err error) string {
	var se *source.Error
	if errors.As(err, &se) {
		return se.Error()
	}
	return (&source.Error{Input: name, Offset: -1, Err: err}).Error()
}
