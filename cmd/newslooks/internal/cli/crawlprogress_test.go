package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// countingMonitor counts the events passed on to it.
type countingMonitor struct{ settled, parsed int }

func (m *countingMonitor) Settled(outcome, reason string) { m.settled++ }
func (m *countingMonitor) Parsed(time.Duration)           { m.parsed++ }

// TestCrawlProgressDraws checks what the bar shows of a crawl, that it
// passes events on, and that a log line written through it comes out
// whole, on a line of its own.
func TestCrawlProgressDraws(t *testing.T) {
	var out bytes.Buffer
	next := &countingMonitor{}
	p := newCrawlProgress(&out, next, func() int { return 7 })
	p.Settled("stored", "")
	p.Settled("skipped", "robots.txt disallows")
	p.Settled("failed", "http 404")
	p.Parsed(time.Millisecond)
	assert.Equal(t, 3, next.settled)
	assert.Equal(t, 1, next.parsed)
	_, err := p.Write([]byte("level=INFO msg=fetched url=http://x/1\n"))
	assert.NoError(t, err)
	p.finish()
	got := out.String()
	assert.Contains(t, got, "crawling: 1 stored, 1 skipped, 1 failed, 7 queued")
	assert.Contains(t, got, "(3/-", "three URLs settled")
	assert.Contains(t, got, "\rlevel=INFO msg=fetched url=http://x/1\n", "the bar is lifted off the line before a log line")
	assert.True(t, strings.HasSuffix(got, "\r"), "finish clears the bar: %q", got)
}

func TestDescribeCrawl(t *testing.T) {
	assert.Equal(t, "crawling: 12 stored, 0 skipped, 3 failed, 40 queued", describeCrawl(12, 0, 3, 40))
}
