package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/fetch"
)

// politeFlags are the flags of every command that fetches (parse, feed,
// ingest): the manners of its requests.
type politeFlags struct {
	delay        time.Duration
	allowPrivate bool
	contact      string
}

func (p *politeFlags) add(fs *flag.FlagSet) {
	fs.DurationVar(&p.delay, "delay", crawl.DefaultMinDelay, "at least `D` between two requests to one host")
	fs.BoolVar(&p.allowPrivate, "allow-private", false, "let found links reach loopback and private addresses (intranets, tests)")
	fs.StringVar(&p.contact, "contact", "", "a `URL` or e-mail address for site owners, sent in the User-Agent")
}

// crawler returns the crawler a command fetches through, keeping what it
// learns (robots.txt, each host's turn) in st.
func (p *politeFlags) crawler(st crawl.State, timeout time.Duration, logger *slog.Logger) *crawl.Crawler {
	return &crawl.Crawler{
		State:        st,
		Logger:       logger,
		Contact:      p.contact,
		AllowPrivate: p.allowPrivate,
		Timeout:      timeout,
		MinDelay:     p.delay,
	}
}

// A politeFetcher fetches the pages a command reads through its crawler:
// given says whether a person named them (a URL argument may reach a
// private address) or they were found (a feed's links may not, unless
// --allow-private).
type politeFetcher struct {
	crawler *crawl.Crawler
	given   bool
}

// Fetch implements source.PageFetcher.
func (f politeFetcher) Fetch(ctx context.Context, rawURL string) (*fetch.Response, error) {
	return f.get(ctx, rawURL, fetch.AcceptPage)
}

func (f politeFetcher) get(ctx context.Context, rawURL, accept string) (*fetch.Response, error) {
	pg, err := f.crawler.Get(ctx, rawURL, fetch.Request{Accept: accept, Trusted: f.given})
	if errors.Is(err, fetch.ErrForbiddenAddress) {
		err = fmt.Errorf("%w (--allow-private lets found links reach loopback and private addresses)", err)
	}
	return pg, err
}
