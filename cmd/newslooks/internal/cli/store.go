package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/output"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/pipeline"
	"github.com/newsingest/newslooks/crawl/crawlsql"
	"github.com/newsingest/newslooks/source"
	"github.com/newsingest/newslooks/store"
	"github.com/newsingest/newslooks/store/export"
	"golang.org/x/term"
)

// dbFlag adds the --db flag, shared by the store's commands.
func dbFlag(fs *flag.FlagSet, dsn *string) {
	fs.StringVar(dsn, "db", "", "the article store `DSN`: an SQLite file, or a postgres:// URL\n"+
		"(default $NEWSLOOKS_DB, else newslooks.db in the working directory)")
}

// openStore opens the store named by dsn (the --db flag), else by
// $NEWSLOOKS_DB, else store.DefaultPath, for ingest: creating it if it
// does not exist, printing a one-line error on stderr when it cannot.
func openStore(ctx context.Context, name, dsn string, stderr io.Writer) (*store.Store, bool) {
	return reportOpen(name, stderr)(store.Open(ctx, storeDSN(dsn)))
}

// openExistingStore is openStore for a command that only reads the store
// (search, export, status): a store that does not exist is an error,
// never created, so that a mistyped --db, or a command run from another
// folder, says so rather than answering from an empty store.
func openExistingStore(ctx context.Context, name, dsn string, stderr io.Writer) (*store.Store, bool) {
	s, err := store.OpenExisting(ctx, storeDSN(dsn))
	if errors.Is(err, store.ErrNoStore) {
		err = fmt.Errorf("%w (ingest creates one; --db or $NEWSLOOKS_DB names another)", err)
	}
	return reportOpen(name, stderr)(s, err)
}

// storeDSN is the store a command uses: dsn (the --db flag), else
// $NEWSLOOKS_DB; "" means store.DefaultPath.
func storeDSN(dsn string) string {
	if dsn == "" {
		return os.Getenv("NEWSLOOKS_DB")
	}
	return dsn
}

// reportOpen prints the error of an open on stderr, in one line.
func reportOpen(name string, stderr io.Writer) func(*store.Store, error) (*store.Store, bool) {
	return func(s *store.Store, err error) (*store.Store, bool) {
		if err != nil {
			fmt.Fprintf(stderr, "newslooks %s: %v\n", name, err)
			return nil, false
		}
		return s, true
	}
}

// A batch is stored in one transaction when it holds batchSize articles
// or batchBytes of JSON and text, whichever comes first (or earlier, see
// eagerBatch and maxBatchWait): a run of large articles holds no more
// memory than one of small ones.
const (
	batchSize  = 128
	batchBytes = 8 << 20
)

// eagerBatch is the least batch handed to a storing goroutine that has
// nothing queued, once handed articles have been: minBatch for a run's
// first batchSize articles, so that a short run is stored while it is
// parsed and what is left to store when the parse ends is a few
// articles; then only full batches. A transaction has a cost of its own,
// about that of six articles (SQLite's FTS5 sorts and writes an index
// segment for each, to be merged again later, and the commit writes
// every page it changed), which a busy machine takes from the parse
// workers: handing an idle goroutine batches of a sixteenth of what was
// stored (8 to 128) took the storing goroutine about a quarter more CPU
// over a run of 800 pages than full batches did (its thread's CPU time
// against the rest of the process, alternated runs). The last batch of
// a long run, up to batchSize articles, is stored after its parse ends
// (its last write came 20 to 30 ms after the parse on 800 pages).
func eagerBatch(handed int) int {
	if handed < batchSize {
		return minBatch
	}
	return batchSize
}

// minBatch is the least batch eagerBatch hands a storing goroutine at
// the start of a run.
const minBatch = 8

// maxBatchWait is how long the first article of a batch that is not full
// waits for more: an article that comes later hands the batch to the
// storing goroutine if that has nothing queued, so that slow inputs (a
// crawl, a stream) are stored about as they come.
const maxBatchWait = time.Second

// A storeWriter is the output of ingest: it stores the run's articles in
// batches, each batch one transaction, and counts what became of them.
// The parse workers prepare the articles (Prepare: JSON, hashes,
// fingerprint); a goroutine of its own stores the full batches while the
// next one fills, so that parsing and storing overlap. Memory holds at
// most three batches: the one filling, one queued, one being stored. A
// batch that fails is stored again one article at a time, so that a bad
// article, a full disk or a lost server costs only the articles it must,
// and every article not stored is named.
type storeWriter struct {
	ctx   context.Context
	store *store.Store

	pending      batch // the batch filling
	pendingBytes int
	pendingSince time.Time // when the batch filling got its first article
	// now tells the time (time.Now; tests set their own clock).
	now     func() time.Time
	batches chan batch    // full batches, to the storing goroutine
	stored  chan struct{} // closed when that goroutine ends
	// accepted counts the articles WritePrepared accepted, and handed
	// those of them handed to the storing goroutine.
	accepted, handed int

	mu       sync.Mutex // guards what follows: the storing goroutine writes it
	outcomes map[store.Outcome]int
	// stderr receives a line for each article of a failed batch that
	// could not be stored (see lost); nil discards them.
	stderr io.Writer
	// lostArticles counts the articles that Write accepted but the
	// store then refused; lostSince holds those not yet asked for by
	// lostIn, in the order they were accepted.
	lostArticles int
	lostSince    []lostArticle
	// settled counts the articles, in the order WritePrepared accepted
	// them, that were stored or lost.
	settled int
}

func newStoreWriter(ctx context.Context, s *store.Store) *storeWriter {
	w := &storeWriter{ctx: context.WithoutCancel(ctx), store: s, outcomes: make(map[store.Outcome]int),
		batches: make(chan batch, 1), stored: make(chan struct{}), now: time.Now}
	go func() {
		defer close(w.stored)
		for batch := range w.batches {
			w.storeBatch(batch)
		}
	}()
	return w
}

// Prepare does an article's per-article work for the store, in the
// parse worker that read it (pipeline.PreparingWriter).
func (w *storeWriter) Prepare(a *newslooks.Article) (any, error) {
	return w.store.Prepare(a, store.PutInfo{Source: sourceKind(a), Fetched: a.Fetched})
}

// A batch is the articles one transaction stores, with the name of the
// input each came from (for the line that names an article not stored).
type batch struct {
	articles []*store.Prepared
	inputs   []string
}

// WritePrepared queues a prepared article of input in; a full batch goes
// to the storing goroutine, which may make it wait for the batch before.
func (w *storeWriter) WritePrepared(in source.Input, _ *newslooks.Article, prepared any) (output.Result, error) {
	pr := prepared.(*store.Prepared)
	w.accepted++
	if len(w.pending.articles) == 0 {
		w.pendingSince = w.now()
	}
	w.pending.articles = append(w.pending.articles, pr)
	w.pending.inputs = append(w.pending.inputs, in.Name)
	w.pendingBytes += pr.Size()
	switch {
	case len(w.pending.articles) >= batchSize || w.pendingBytes >= batchBytes:
		w.handOff()
	case len(w.pending.articles) >= eagerBatch(w.handed) || w.now().Sub(w.pendingSince) >= maxBatchWait:
		// Give the storing goroutine what there is now, unless it has a
		// batch queued already.
		select {
		case w.batches <- w.pending:
			w.startBatch()
		default:
		}
	}
	return output.Result{Status: output.Streamed}, nil
}

// Write prepares the article and queues it, as an article of the input
// its Source names.
func (w *storeWriter) Write(a *newslooks.Article) (output.Result, error) {
	pr, err := w.Prepare(a)
	if err != nil {
		return output.Result{}, err
	}
	return w.WritePrepared(source.Input{Name: a.Source}, a, pr)
}

// handOff sends the filling batch to the storing goroutine.
func (w *storeWriter) handOff() {
	if len(w.pending.articles) > 0 {
		w.batches <- w.pending
	}
	w.startBatch()
}

// startBatch counts the filling batch as handed off and starts a new one.
func (w *storeWriter) startBatch() {
	w.handed += len(w.pending.articles)
	w.pending, w.pendingBytes = batch{}, 0
}

// Close stores what is queued and waits until every batch is stored.
// An interrupted run stores the articles it parsed whole: each batch is
// one transaction, never half written.
func (w *storeWriter) Close() error {
	w.handOff()
	close(w.batches)
	<-w.stored
	return nil
}

// storeBatch stores one batch. When the batch fails, each article is
// stored alone; one that still fails is named on stderr and counted as
// lost.
func (w *storeWriter) storeBatch(b batch) {
	defer func() {
		w.mu.Lock()
		w.settled += len(b.articles)
		w.mu.Unlock()
	}()
	outcomes, err := w.store.PutPrepared(w.ctx, b.articles)
	if err == nil {
		for _, o := range outcomes {
			w.count(o)
		}
		return
	}
	// Batches are stored in the order they were accepted: the first
	// article of this one is the one after those settled.
	first := w.settledCount() + 1
	for i, pr := range b.articles {
		out, err := w.store.PutPrepared(w.ctx, []*store.Prepared{pr})
		if err != nil {
			w.lost(first+i, b.inputs[i], pr.Article().Source, err)
			continue
		}
		w.count(out[0])
	}
}

// settledCount returns how many of the accepted articles, the first
// ones, were stored or lost.
func (w *storeWriter) settledCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.settled
}

// A lostArticle is an article the store refused: the how-manieth Write
// accepted (from 1), and why.
type lostArticle struct {
	seq int
	err error
}

// lostIn returns the error of the first article lost among those
// accepted after the first from and up to the first upTo (an input's
// articles, which the pipeline writes together), nil when none was. It
// forgets the lost articles up to upTo: the inputs are asked for in the
// order they ended.
func (w *storeWriter) lostIn(from, upTo int) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var first error
	n := 0
	for _, l := range w.lostSince {
		if l.seq > upTo {
			break
		}
		if l.seq > from && first == nil {
			first = l.err
		}
		n++
	}
	w.lostSince = slices.Delete(w.lostSince, 0, n)
	return first
}

// lost records that the store refused the seq-th article Write accepted,
// which came from input and whose Source is page: the line names both
// when they differ (an archive and the page of one of its records).
func (w *storeWriter) lost(seq int, input, page string, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lostArticles++
	if page != "" && page != input {
		err = fmt.Errorf("%s: not stored: %w", page, err)
	} else {
		err = fmt.Errorf("not stored: %w", err)
	}
	w.lostSince = append(w.lostSince, lostArticle{seq, err})
	if w.stderr != nil {
		fmt.Fprintln(w.stderr, pipeline.ErrorLine(input, err))
	}
}

// settle corrects the run's tally, once the writer is closed, for the
// articles the store refused after Write had accepted them: they are not
// written, and their inputs, newlyFailed of which the pipeline counted as
// read whole, failed.
func (w *storeWriter) settle(t *pipeline.Tally, newlyFailed int) {
	t.Articles -= w.lostArticles
	t.Failed += newlyFailed
}

// count records one outcome. Crawled articles are stored one at a time,
// from the crawler's workers, so it is safe for concurrent use.
func (w *storeWriter) count(o store.Outcome) {
	w.mu.Lock()
	w.outcomes[o]++
	w.mu.Unlock()
}

// summary returns the store's part of the summary line.
func (w *storeWriter) summary() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return fmt.Sprintf("stored: %d new, %d updated, %d duplicates, %d near duplicates, %d unchanged",
		w.outcomes[store.New], w.outcomes[store.Updated], w.outcomes[store.Duplicate],
		w.outcomes[store.NearDuplicate], w.outcomes[store.Unchanged])
}

// sourceKind names the kind of input an article came from, for the store:
// an archive record, a page fetched from the web, standard input or a file.
func sourceKind(a *newslooks.Article) string {
	web := strings.HasPrefix(a.Source, "http://") || strings.HasPrefix(a.Source, "https://")
	switch {
	case web && !a.Fetched.IsZero():
		return "warc"
	case web:
		return "url"
	case a.Source == "-":
		return "stdin"
	}
	return "file"
}

const searchUsage = `usage: newslooks search [flags] QUERY

Searches the store for the articles that hold every word of QUERY, best
first (BM25 in SQLite, ts_rank in PostgreSQL), each story once. On a
terminal the hits are a table of date, headline, source and a snippet;
elsewhere, or with --format jsonl, one JSON object a line.
`

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	var dsn, format, since string
	var limit int
	dbFlag(fs, &dsn)
	fs.IntVar(&limit, "limit", 20, "at most `N` hits")
	fs.StringVar(&since, "since", "", "only articles published on or after `DATE` (2006-01-02 or RFC 3339)")
	fs.StringVar(&format, "format", "", "`F`: table or jsonl (default: table on a terminal, jsonl elsewhere)")
	rest, err := parseArgs(fs, searchUsage, args, stdout, stderr)
	if err != nil {
		return flagStatus(err)
	}
	from, err := parseSince(since)
	var problem string
	switch {
	case len(rest) == 0:
		problem = "want a QUERY"
	case err != nil:
		problem = fmt.Sprintf("--since %q is not a date (2006-01-02) or an RFC 3339 time", since)
	case format != "" && format != "table" && format != "jsonl":
		problem = fmt.Sprintf("unknown --format %q (want table or jsonl)", format)
	}
	if problem != "" {
		fmt.Fprintf(stderr, "newslooks search: %s\n", problem)
		return ExitUsage
	}
	s, ok := openExistingStore(ctx, "search", dsn, stderr)
	if !ok {
		return ExitUsage
	}
	defer s.Close()
	hits, err := s.Search(ctx, strings.Join(rest, " "), store.SearchOptions{Limit: limit, Since: from})
	if err != nil {
		fmt.Fprintf(stderr, "newslooks search: %v\n", err)
		if cause := context.Cause(ctx); cause != nil {
			return exitStatus(cause, 1) // 130 or 143: a signal stopped the query
		}
		return ExitFailed
	}
	if format == "" {
		format = "jsonl"
		if isTerminal(stdout) {
			format = "table"
		}
	}
	if format == "table" {
		return writeHitTable(stdout, hits)
	}
	return writeJSONLines(stdout, hits)
}

// parseSince reads a --since value: a date, or an RFC 3339 time.
func parseSince(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

const exportUsage = `usage: newslooks export [flags]

Writes every article of the store, each story once (near duplicates only
with --duplicates), in the order they were stored. jsonl gives each
article's JSON as it was stored, with "id", the store's key (as in search's
output), and for a near duplicate "duplicate_of", the first copy's canonical
URL, else its source (as the Beam pipeline writes it).

csv and parquet give one row per article with the columns id,
duplicate_of, url, headline, summary, authors, publisher, location,
edition, dateline, section, tags, language, published, modified, fetched,
ingested, updated, source (where it was read from), input (the kind of
input), content_hash and body (the text). CSV is RFC 4180 with a header
record; its times are RFC 3339 in UTC, empty when unknown, and authors and
tags are joined by "; ". Parquet has typed columns: times are timestamps,
authors and tags lists. Both are written as the rows are read, in bounded
memory.
`

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	var dsn, format, since string
	var dups bool
	dbFlag(fs, &dsn)
	fs.StringVar(&format, "format", "jsonl", "the output format `F`: "+strings.Join(exportFormats(), ", "))
	fs.StringVar(&since, "since", "", "only articles stored or updated on or after `T` (2006-01-02 or RFC 3339)")
	fs.BoolVar(&dups, "duplicates", false, "include near duplicates, with duplicate_of")
	rest, err := parseArgs(fs, exportUsage, args, stdout, stderr)
	if err != nil {
		return flagStatus(err)
	}
	from, err := parseSince(since)
	var problem string
	switch {
	case len(rest) > 0:
		problem = "takes no arguments"
	case err != nil:
		problem = fmt.Sprintf("--since %q is not a date (2006-01-02) or an RFC 3339 time", since)
	case !slices.Contains(exportFormats(), format):
		problem = fmt.Sprintf("unknown --format %q (want %s)", format, strings.Join(exportFormats(), ", "))
	}
	if problem != "" {
		fmt.Fprintf(stderr, "newslooks export: %s\n", problem)
		return ExitUsage
	}
	s, ok := openExistingStore(ctx, "export", dsn, stderr)
	if !ok {
		return ExitUsage
	}
	defer s.Close()
	n, err := exportArticles(ctx, s, store.ExportOptions{Since: from, Duplicates: dups}, format, stdout)
	fmt.Fprintf(stderr, "newslooks: %d exported\n", n)
	if err != nil {
		fmt.Fprintf(stderr, "newslooks export: %v\n", err)
		return ExitFailed
	}
	return ExitOK
}

// exportFormats lists export's formats: the articles' output formats, and
// the tables csv and parquet.
func exportFormats() []string {
	fs := append(output.Formats(), "csv", "parquet")
	slices.Sort(fs)
	return slices.Compact(fs)
}

// A rowWriter writes stored articles as table rows (package export).
type rowWriter interface {
	Write(*store.Stored) error
	Close() error
}

// exportArticles writes the stored articles in a format and returns how
// many it wrote.
func exportArticles(ctx context.Context, s *store.Store, opts store.ExportOptions, format string, stdout io.Writer) (int, error) {
	var rows rowWriter
	switch format {
	case "csv":
		rows = export.NewCSV(stdout)
	case "parquet":
		rows = export.NewParquet(stdout)
	}
	if rows != nil {
		n := 0
		for st, err := range s.Export(ctx, opts) {
			if err != nil {
				return n, err
			}
			if err := rows.Write(st); err != nil {
				return n, err
			}
			n++
		}
		return n, rows.Close()
	}
	var out output.Writer
	if format != "jsonl" {
		w, err := output.New(format, "", stdout)
		if err != nil {
			return 0, err
		}
		out = w
	}
	n := 0
	for st, err := range s.Export(ctx, opts) {
		if err != nil {
			return n, err
		}
		if out == nil {
			js, err := st.MarshalJSON()
			if err != nil {
				return n, err
			}
			if _, err := stdout.Write(append(js, '\n')); err != nil {
				return n, err
			}
		} else {
			a, err := st.Article()
			if err != nil {
				return n, err
			}
			if _, err := out.Write(a); err != nil {
				return n, err
			}
		}
		n++
	}
	if out != nil {
		return n, out.Close()
	}
	return n, nil
}

const statusUsage = `usage: newslooks status [flags]

Says what the store holds: its backend and schema, the stored articles by
kind of input, the duplicates, and the failures by reason; and for crawled
sources their last and next poll, new articles and failures by reason, and
for each host its robots.txt and backoff.

--prune AGE first forgets the failure records and the crawled links not
stored that last failed more than AGE ago (say 720h): inputs given up on
rather than fixed. A link forgotten is crawled as new when found again.
`

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	var (
		dsn   string
		prune time.Duration
	)
	dbFlag(fs, &dsn)
	fs.DurationVar(&prune, "prune", 0, "first forget failure records and links not stored older than this (e.g. 720h)")
	rest, err := parseArgs(fs, statusUsage, args, stdout, stderr)
	if err != nil {
		return flagStatus(err)
	}
	if len(rest) > 0 {
		fmt.Fprintln(stderr, "newslooks status: takes no arguments")
		return ExitUsage
	}
	s, ok := openExistingStore(ctx, "status", dsn, stderr)
	if !ok {
		return ExitUsage
	}
	defer s.Close()
	if prune < 0 {
		fmt.Fprintln(stderr, "newslooks status: --prune takes a positive age")
		return ExitUsage
	}
	if prune > 0 {
		if err := pruneFailures(ctx, s, time.Now().Add(-prune), stderr); err != nil {
			fmt.Fprintf(stderr, "newslooks status: %v\n", err)
			return ExitFailed
		}
	}
	st, err := s.Status(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "newslooks status: %v\n", err)
		return ExitFailed
	}
	writeStatus(stdout, st)
	failures, err := s.Failures(ctx)
	if err == nil {
		err = writeFailures(stdout, failures)
	}
	if err == nil {
		err = writeCrawlStatus(ctx, stdout, crawlsql.New(s))
	}
	if err != nil {
		fmt.Fprintf(stderr, "newslooks status: %v\n", err)
		return ExitFailed
	}
	return ExitOK
}

// pruneFailures forgets the failed inputs and the crawled links not stored
// that last failed before before, and says how many on stderr.
func pruneFailures(ctx context.Context, s *store.Store, before time.Time, stderr io.Writer) error {
	inputs, err := s.PruneFailures(ctx, before)
	if err != nil {
		return err
	}
	links, err := crawlsql.New(s).PruneNotStored(ctx, before)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "newslooks status: pruned %d failed inputs and %d links not stored, older than %s\n",
		inputs, links, before.UTC().Format("2006-01-02 15:04 UTC"))
	return nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
