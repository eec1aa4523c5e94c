package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/pipeline"
	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/page"
	"github.com/newsingest/newslooks/source"
	"github.com/newsingest/newslooks/store"
)

const ingestUsage = `usage: newslooks ingest [flags] [INPUT...] [--feed URL] [--sitemap URL] [--site URL]

Stores articles in the article store, each story once: the same canonical URL
once (a changed article replaces its older version), the same body under
another URL as an alias, and a near copy (a syndicated story) marked as a
duplicate of the first copy seen.

INPUTs are what parse takes (files, folders, web archives, - or page URLs),
read once. --feed, --sitemap and --site (each repeatable) name sources that
are crawled politely: robots.txt is obeyed, one request at a time and at
least --delay apart per host, failures retried with backoff, feeds and
sitemaps fetched conditionally, and an article already stored is not fetched
again (unless --refresh). With --every the sources are polled until SIGINT or
SIGTERM, which stop the run cleanly (exit 0). The summary ends with what the
store did with the articles: new, updated, duplicates, unchanged.
`

// ingestConfig holds the flags of ingest.
type ingestConfig struct {
	readFlags
	dsn                   string
	every, delay          time.Duration
	refresh               bool
	contact               string
	logFormat             string
	feeds, sitemaps, site listFlag
}

// A listFlag is a flag that may be given many times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func ingestFlags(cfg *ingestConfig) *flag.FlagSet {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	dbFlag(fs, &cfg.dsn)
	cfg.readFlags.add(fs)
	fs.Var(&cfg.feeds, "feed", "crawl the RSS, Atom or JSON feed at `URL` (repeatable)")
	fs.Var(&cfg.sitemaps, "sitemap", "crawl the sitemap or sitemap index at `URL` (repeatable)")
	fs.Var(&cfg.site, "site", "crawl the site whose home page is `URL`: its feeds, else its sitemaps (repeatable)")
	fs.DurationVar(&cfg.every, "every", 0, "poll the crawled sources every `D` until interrupted (default: one pass)")
	fs.DurationVar(&cfg.delay, "delay", crawl.DefaultMinDelay, "at least `D` between two requests to one host")
	fs.BoolVar(&cfg.refresh, "refresh", false, "fetch again articles that are already stored")
	fs.BoolVar(&cfg.allowPrivate, "allow-private", false, "let crawled links reach loopback and private addresses (intranets, tests)")
	fs.StringVar(&cfg.contact, "contact", "", "a `URL` or e-mail address for site owners, sent in the User-Agent")
	fs.StringVar(&cfg.logFormat, "log-format", "text", "crawl log format `F`: text or json, on standard error")
	return fs
}

func runIngest(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg := &ingestConfig{}
	rest, err := parseArgs(ingestFlags(cfg), ingestUsage, args, stdout, stderr)
	if err != nil {
		return flagStatus(err)
	}
	if cfg.workers < 1 || cfg.logFormat != "text" && cfg.logFormat != "json" {
		fmt.Fprintln(stderr, "newslooks ingest: --workers must be at least 1 and --log-format text or json")
		return ExitUsage
	}
	if err := cfg.loadRules("ingest", stderr); err != nil {
		return ExitUsage
	}
	sources := cfg.sources()
	list := &source.List{}
	if len(rest) > 0 || len(sources) == 0 {
		// Standard input is the default only when nothing is crawled.
		if list, err = source.Expand(rest); err != nil {
			fmt.Fprintf(stderr, "newslooks ingest: %v\n", err)
			return ExitUsage
		}
	}
	s, ok := openStore(ctx, "ingest", cfg.dsn, stderr)
	if !ok {
		return ExitUsage
	}
	defer s.Close()
	status := ExitOK
	if len(list.Inputs) > 0 {
		status = ingestInputs(ctx, cfg, s, list, stdin, stderr)
	}
	if len(sources) > 0 && ctx.Err() == nil {
		if code := crawlSources(ctx, cfg, s, sources, stderr); code != ExitOK {
			status = code
		}
	}
	return status
}

// ingestInputs stores the articles of the inputs, through the parse
// pipeline, and prints the summary.
func ingestInputs(ctx context.Context, cfg *ingestConfig, s *store.Store, list *source.List, stdin io.Reader, stderr io.Writer) int {
	out := newStoreWriter(ctx, s)
	out.stderr = stderr
	t := pipeline.Run(ctx, pipeline.Config{
		Reader:  cfg.reader(stdin),
		Workers: cfg.workers,
		Out:     out,
		Stderr:  stderr,
	}, list.Inputs)
	t.Skipped = list.Skipped
	failed := 0
	if err := out.Close(); err != nil {
		fmt.Fprintf(stderr, "newslooks ingest: %v\n", err)
		failed = 1
	}
	out.settle(&t)
	fmt.Fprintf(stderr, "%s; %s\n", t, out.summary())
	return exitStatus(context.Cause(ctx), t.Failed+failed)
}

// sources returns the crawl sources of the flags.
func (cfg *ingestConfig) sources() []crawl.Source {
	var out []crawl.Source
	for _, l := range []struct {
		urls listFlag
		kind crawl.Kind
	}{{cfg.feeds, crawl.Feed}, {cfg.sitemaps, crawl.Sitemap}, {cfg.site, crawl.Site}} {
		for _, u := range l.urls {
			out = append(out, crawl.Source{URL: u, Kind: l.kind})
		}
	}
	return out
}

// crawlSources crawls the sources into the store: one pass, or polling
// every cfg.every until ctx ends, which is then a clean stop.
func crawlSources(ctx context.Context, cfg *ingestConfig, s *store.Store, sources []crawl.Source, stderr io.Writer) int {
	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if cfg.logFormat == "json" {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	// net/http logs some events (an unsolicited response from a server)
	// through the log package: they go through this handler too, in the
	// chosen format, rather than as raw lines.
	logger := slog.New(handler)
	slog.SetDefault(logger)
	out := newStoreWriter(ctx, s)
	c := &crawl.Crawler{
		State:        crawlState(s),
		Store:        func(ctx context.Context, a *newslooks.Article, e crawl.Entry) error { return storeCrawled(ctx, out, a) },
		Logger:       logger,
		Contact:      cfg.contact,
		AllowPrivate: cfg.allowPrivate,
		Timeout:      cfg.timeout,
		MinDelay:     cfg.delay,
		Refresh:      cfg.refresh,
		// The crawl keeps warnings as warnings, --strict or not.
		Parser:   &page.Parser{Rules: cfg.ruleSet, FieldSources: cfg.rules.fieldSources},
		MaxPages: cfg.rules.maxPages,
	}
	var err error
	if cfg.every > 0 {
		err = c.Poll(ctx, sources, cfg.every)
	} else {
		err = c.Run(ctx, sources)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	fmt.Fprintf(stderr, "newslooks: crawled %d sources; %s%s\n", len(sources), out.summary(), leasedNote(s))
	switch {
	case err != nil && ctx.Err() == nil:
		fmt.Fprintf(stderr, "newslooks ingest: %v\n", err)
		return ExitFailed
	case ctx.Err() != nil && cfg.every == 0:
		return exitStatus(context.Cause(ctx), 0)
	}
	return ExitOK
}

// leasedNote tells, for the summary, of the URLs this crawl left alone
// because another crawler holds them: one still running, or one killed
// before it could release them.
func leasedNote(s *store.Store) string {
	n, until, err := s.CrawlState().Leased(context.Background(), time.Now())
	if err != nil || n == 0 {
		return ""
	}
	urls := "URLs"
	if n == 1 {
		urls = "URL"
	}
	return fmt.Sprintf("; %d %s held by another crawler's lease until %s (a crawler still running, or one stopped without releasing them: they are fetched once the lease lapses)",
		n, urls, until.UTC().Format("2006-01-02 15:04 UTC"))
}

// storeCrawled stores one crawled article at once: the crawler hands it
// over once, and counts it as stored only when this returns nil.
func storeCrawled(ctx context.Context, w *storeWriter, a *newslooks.Article) error {
	if a.Fetched.IsZero() {
		a.Fetched = time.Now().UTC()
	}
	o, err := w.store.Put(ctx, a, store.PutInfo{Source: "crawl", URL: a.Source, Fetched: a.Fetched})
	if err != nil {
		return err
	}
	w.count(o)
	return nil
}

// crawlState returns where the crawl keeps what it knows: the store's
// tables, so that a later run, or another process on the same PostgreSQL,
// knows which articles are stored, the feeds' validators, and each host's
// robots.txt, backoff and next allowed time.
func crawlState(s *store.Store) crawl.State { return s.CrawlState() }
