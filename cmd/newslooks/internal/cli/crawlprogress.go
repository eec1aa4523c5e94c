package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/newsingest/newslooks/crawl"
	"github.com/schollz/progressbar/v3"
)

// A crawlProgress is the bar ingest draws on a terminal while it crawls:
// the URLs settled (stored, skipped by a policy, failed) and those still
// queued. It is a crawl.Monitor, passing each event on to next (the
// metrics, or nil). Log lines go through its writer, which lifts the bar
// off the line before each one and draws it again after, so that the two
// never mix. Off a terminal there is no crawlProgress at all.
type crawlProgress struct {
	next   crawl.Monitor
	queued func() int // the URLs waiting, read at most every refresh

	mu                      sync.Mutex
	out                     io.Writer
	bar                     *progressbar.ProgressBar
	stored, skipped, failed int
	waiting                 int
	lastRead                time.Time
}

// refresh is how often the bar reads the queue's depth from the store.
const refresh = 500 * time.Millisecond

// newCrawlProgress draws on out, a terminal.
func newCrawlProgress(out io.Writer, next crawl.Monitor, queued func() int) *crawlProgress {
	p := &crawlProgress{next: next, queued: queued, out: out}
	p.bar = progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(out),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString("URLs"),
		progressbar.OptionShowIts(),
		progressbar.OptionSetElapsedTime(false),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetDescription(describeCrawl(0, 0, 0, 0)),
	)
	return p
}

// describeCrawl is the bar's text: what became of the URLs settled, and
// how many are queued.
func describeCrawl(stored, skipped, failed, queued int) string {
	return fmt.Sprintf("crawling: %d stored, %d skipped, %d failed, %d queued", stored, skipped, failed, queued)
}

// Settled implements crawl.Monitor.
func (p *crawlProgress) Settled(outcome, reason string) {
	if p.next != nil {
		p.next.Settled(outcome, reason)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch outcome {
	case "stored":
		p.stored++
	case "skipped":
		p.skipped++
	default:
		p.failed++
	}
	if now := time.Now(); now.Sub(p.lastRead) >= refresh {
		p.waiting, p.lastRead = p.queued(), now
	}
	p.bar.Describe(describeCrawl(p.stored, p.skipped, p.failed, p.waiting))
	p.bar.Add(1)
}

// Parsed implements crawl.Monitor.
func (p *crawlProgress) Parsed(d time.Duration) {
	if p.next != nil {
		p.next.Parsed(d)
	}
}

// Write writes a log line under the bar: the bar is cleared, the line
// written, and the bar drawn again below it.
func (p *crawlProgress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Clear()
	n, err := p.out.Write(b)
	p.bar.RenderBlank()
	return n, err
}

// finish removes the bar, before the summary line.
func (p *crawlProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Finish()
}
