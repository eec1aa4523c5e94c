package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/pipeline"
	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/crawl/crawlsql"
	"github.com/newsingest/newslooks/fetch"
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
again (unless --refresh). A link listed under several addresses (tracking
parameters, fragments) is fetched once. With --every the sources are polled
until SIGINT or SIGTERM, which stop the run cleanly (exit 0). The summary ends
with what the store did with the articles: new, updated, duplicates, unchanged.

Exit status: 0 when everything was read and stored (links a policy refused,
such as robots.txt or private addresses without --allow-private, are reported
but are no failure); 1 when an input, a source or some of its links failed,
each named on standard error; 2 for a usage error or a store that cannot be
opened. newslooks status lists every failed input and every link not stored,
with the reason; --retry-failed tries those links again at once, and a run
with --allow-private retries the links the address policy refused.
`

// ingestConfig holds the flags of ingest.
type ingestConfig struct {
	readFlags
	dsn                   string
	every                 time.Duration
	refresh, retryFailed  bool
	logFormat             string
	metricsAddr           string
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
	fs.BoolVar(&cfg.refresh, "refresh", false, "fetch again articles that are already stored, and retry every URL not stored")
	fs.BoolVar(&cfg.retryFailed, "retry-failed", false, "retry at once the crawled URLs that failed or were skipped (see status)")
	fs.StringVar(&cfg.logFormat, "log-format", "text", "crawl log format `F`: text or json, on standard error")
	fs.StringVar(&cfg.metricsAddr, "metrics-addr", "", "while crawling, serve Prometheus metrics on http://`ADDR`/metrics and /healthz\n(e.g. 127.0.0.1:9090; port 0 picks one, printed on standard error)")
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
	for _, src := range sources {
		if err := checkSourceURL(src.URL); err != nil {
			fmt.Fprintf(stderr, "newslooks ingest: --%s %q: %v\n", src.Kind, src.URL, err)
			return ExitUsage
		}
	}
	var list *source.List
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
	if list != nil {
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
	rd, _ := cfg.reader(stdin, crawlState(s))
	failures := &failureLog{ctx: context.WithoutCancel(ctx), store: s, out: out}
	out.stderr = stderr
	t := pipeline.Run(ctx, pipeline.Config{
		Reader:   rd,
		Workers:  cfg.workers,
		Out:      out,
		Stderr:   stderr,
		Finished: failures.finished,
	}, list.All())
	t.Skipped = list.Skipped
	failed, newlyFailed := 0, 0
	if err := out.Close(); err != nil {
		fmt.Fprintf(stderr, "newslooks ingest: %v\n", err)
		failed = 1
	} else if newlyFailed, err = failures.close(); err != nil {
		fmt.Fprintf(stderr, "newslooks ingest: %v\n", err)
		failed = 1
	}
	out.settle(&t, newlyFailed)
	fmt.Fprintf(stderr, "%s; %s\n", t, out.summary())
	return exitStatus(context.Cause(ctx), t.Failed+failed)
}

// A failureLog records in the store each input that failed, for
// status, and clears the records of those that now succeeded. It clears
// them a few hundred at a time as the run goes, once the storing
// goroutine has stored their articles, so that it holds only the names
// of inputs whose articles are still being stored, however long the run.
type failureLog struct {
	ctx   context.Context
	store *store.Store
	out   *storeWriter // the writer that stores the inputs' articles
	err   error
	// succeeded are the inputs read whole whose records are still to be
	// cleared, in the order they ended.
	succeeded   []succeededInput
	newlyFailed int // inputs read whole some article of which was lost
	// accepted is the count of articles the writer had accepted when
	// the last input ended.
	accepted int
}

// A succeededInput is an input read whole, with the counts of articles
// the writer had accepted when it started and when it ended: its
// articles are those between, stored (or lost) once the writer has
// settled upTo. (An article's Source names its page, which for an
// archive is not the input.)
type succeededInput struct {
	name       string
	from, upTo int
}

// clearEvery is how many succeeded inputs a failureLog gathers before it
// clears their records.
const clearEvery = 512

// finished is the pipeline's Finished.
func (l *failureLog) finished(in source.Input, err error) {
	from := l.accepted
	l.accepted = l.out.accepted
	if err == nil {
		l.succeeded = append(l.succeeded, succeededInput{in.Name, from, l.accepted})
		if len(l.succeeded) >= clearEvery {
			l.settle()
		}
		return
	}
	if l.err == nil {
		l.err = l.store.RecordFailure(l.ctx, store.Failure{Source: in.Name, Reason: failureReason(err), Message: err.Error()})
	}
}

// settle deals with the succeeded inputs whose articles the writer has
// stored or lost: it records as failed those some article of which the
// store refused (lost, with the first error of each), and clears the
// failure records of the others.
func (l *failureLog) settle() {
	settled := l.out.settledCount()
	var clear []string
	n := 0
	for _, in := range l.succeeded {
		if in.upTo > settled {
			break
		}
		n++
		if err := l.out.lostIn(in.from, in.upTo); err != nil {
			l.newlyFailed++
			if l.err == nil {
				l.err = l.store.RecordFailure(l.ctx, store.Failure{Source: in.name, Reason: "store", Message: err.Error()})
			}
			continue
		}
		clear = append(clear, in.name)
	}
	l.succeeded = slices.Delete(l.succeeded, 0, n)
	if l.err == nil && len(clear) > 0 {
		l.err = l.store.ClearFailures(l.ctx, clear)
	}
}

// close settles the inputs left, once the writer is closed, and returns
// how many inputs read whole it recorded as failed because the store
// refused some article of them. Its error is the first the log met.
func (l *failureLog) close() (int, error) {
	l.settle()
	return l.newlyFailed, l.err
}

// failureReason is the category of an input's error, which status
// groups failures by.
func failureReason(err error) string {
	var fe *fetch.Error
	switch {
	case errors.As(err, &fe) && fe.StatusCode != 0:
		return "http " + strconv.Itoa(fe.StatusCode)
	case errors.Is(err, fetch.ErrForbiddenAddress):
		return crawl.ReasonAddress
	case errors.As(err, &fe):
		return "fetch"
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrPermission):
		return "read"
	}
	return "parse"
}

// checkSourceURL says what is wrong with a crawl source's URL: it must be
// an absolute http or https URL with a host.
func checkSourceURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return err
	case u.Scheme != "http" && u.Scheme != "https":
		return errors.New("not an http or https URL")
	case u.Host == "":
		return errors.New("the URL has no host")
	}
	return nil
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
	// A bar on a terminal, for a person watching; never for JSON logs,
	// which a program reads, nor off a terminal.
	var bar *crawlProgress
	logOut := stderr
	if cfg.logFormat != "json" && isTerminal(stderr) {
		bar = newCrawlProgress(stderr, nil, queuedURLs(ctx, s))
		logOut = bar
	}
	var handler slog.Handler = slog.NewTextHandler(logOut, nil)
	if cfg.logFormat == "json" {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	// net/http logs some events (an unsolicited response from a server)
	// through the log package: they go through this handler too, in the
	// chosen format, rather than as raw lines.
	logger := slog.New(handler)
	slog.SetDefault(logger)
	out := newStoreWriter(ctx, s)
	c := cfg.polite.crawler(crawlState(s), cfg.timeout, logger)
	// The crawl keeps warnings as warnings, --strict or not.
	c.Parser = &page.Parser{Rules: cfg.ruleSet, FieldSources: cfg.rules.fieldSources}
	c.MaxPages = cfg.rules.maxPages
	var metrics *crawlMetrics
	if cfg.metricsAddr != "" {
		metrics = newCrawlMetrics(crawlsql.New(s))
		stop, err := serveMetrics(ctx, cfg.metricsAddr, metrics, s, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "newslooks ingest: %v\n", err)
			return ExitUsage
		}
		defer stop()
		c.Monitor = metrics
		c.Transport = metrics.transport(&fetch.Guard{AllowPrivate: cfg.polite.allowPrivate})
	}
	if bar != nil {
		if metrics != nil {
			bar.next = metrics
		}
		c.Monitor = bar
	}
	c.Store = func(ctx context.Context, a *newslooks.Article, e crawl.Entry) error {
		return storeCrawled(ctx, out, metrics, a)
	}
	c.Refresh, c.RetryFailed = cfg.refresh, cfg.retryFailed
	var err error
	if cfg.every > 0 {
		err = c.Poll(ctx, sources, cfg.every)
	} else {
		err = c.Run(ctx, sources)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if bar != nil {
		bar.finish()
	}
	fmt.Fprintf(stderr, "newslooks: crawled %d sources; %s%s\n", len(sources), out.summary(), leasedNote(s))
	switch {
	case err != nil && ctx.Err() == nil:
		fmt.Fprintf(stderr, "newslooks ingest: %v\n", err)
		return ExitFailed
	case ctx.Err() != nil && cfg.every == 0:
		return exitStatus(context.Cause(ctx), 0)
	case ctx.Err() != nil:
		return ExitOK // --every stopped by a signal: a clean stop
	}
	failed, err := reportSources(context.WithoutCancel(ctx), c.State, sources, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "newslooks ingest: %v\n", err)
		return ExitFailed
	}
	if failed > 0 {
		return ExitFailed
	}
	return ExitOK
}

// queuedURLs returns a function that counts the URLs waiting in the
// crawl state, for the progress bar (0 when the count fails: the bar is
// only a view).
func queuedURLs(ctx context.Context, s *store.Store) func() int {
	st := crawlsql.New(s)
	return func() int {
		n, err := st.Count(ctx)
		if err != nil {
			return 0
		}
		return n[crawl.Pending]
	}
}

// leasedNote tells, for the summary, of the URLs this crawl left alone
// because another crawler holds them: one still running, or one killed
// before it could release them.
func leasedNote(s *store.Store) string {
	n, until, err := crawlsql.New(s).Leased(context.Background(), time.Now())
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

// reportSources writes a line for each source whose last poll failed or
// skipped URLs, and returns how many failed: those a pass could not
// read, or some of whose URLs failed. URLs that a policy refused
// (robots.txt, the address policy) are reported, not failures.
func reportSources(ctx context.Context, st crawl.State, sources []crawl.Source, stderr io.Writer) (int, error) {
	failed := 0
	for _, src := range sources {
		ss, ok, err := st.SourceStatus(ctx, src.URL)
		if err != nil {
			return failed, err
		}
		if !ok {
			continue
		}
		if ss.Failed() {
			failed++
		}
		switch {
		case ss.Error != "":
			fmt.Fprintf(stderr, "newslooks ingest: %s %s failed: %s\n", src.Kind, src.URL, ss.Error)
		case len(ss.Failures) > 0:
			fmt.Fprintf(stderr, "newslooks ingest: %s %s: URLs failed%s\n", src.Kind, src.URL, counts(toInt64(ss.Failures)))
		}
		if len(ss.Skipped) > 0 {
			fmt.Fprintf(stderr, "newslooks ingest: %s %s: URLs not requested%s%s\n", src.Kind, src.URL,
				counts(toInt64(ss.Skipped)), skipHint(ss.Skipped))
		}
	}
	if failed > 0 {
		fmt.Fprintln(stderr, "newslooks ingest: see newslooks status for each URL not stored")
	}
	return failed, nil
}

// skipHint tells how to lift the refusals that a flag governs.
func skipHint(skipped map[string]int) string {
	if skipped[crawl.ReasonAddress] > 0 {
		return "; --allow-private lets links reach loopback and private addresses"
	}
	return ""
}

// storeCrawled stores one crawled article at once: the crawler hands it
// over once, and counts it as stored only when this returns nil.
func storeCrawled(ctx context.Context, w *storeWriter, m *crawlMetrics, a *newslooks.Article) error {
	if a.Fetched.IsZero() {
		a.Fetched = time.Now().UTC()
	}
	o, err := w.store.Put(ctx, a, store.PutInfo{Source: "crawl", URL: a.Source, Fetched: a.Fetched})
	if err != nil {
		return err
	}
	w.count(o)
	m.stored(o)
	return nil
}

// crawlState returns where the crawl keeps what it knows: the store's
// tables, so that a later run, or another process on the same PostgreSQL,
// knows which articles are stored, the feeds' validators, and each host's
// robots.txt, backoff and next allowed time.
func crawlState(s *store.Store) crawl.State { return crawlsql.New(s) }
