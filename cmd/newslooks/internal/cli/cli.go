// Package cli is the command line of newslooks: its commands, flags and
// usage, and the exit status of a run.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
	"syscall"

	"github.com/newsingest/newslooks/cmd/newslooks/internal/output"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/pipeline"
	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/feed"
	"github.com/newsingest/newslooks/fetch"
	"github.com/newsingest/newslooks/source"
)

// Exit statuses.
const (
	ExitOK     = 0
	ExitFailed = 1
	ExitUsage  = 2
)

// An Interrupt is the cause of a run's context when a signal stopped it.
type Interrupt struct{ Signal os.Signal }

func (i Interrupt) Error() string { return "interrupted by " + i.Signal.String() }

// Status is the exit status after the signal: 128 plus its number, as
// shells report it (130 for SIGINT, 143 for SIGTERM).
func (i Interrupt) Status() int {
	if s, ok := i.Signal.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 128 + int(syscall.SIGINT)
}

// Main is the whole command, with its environment passed in for tests. It
// returns the exit status.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	switch args[0] {
	case "parse":
		return runParse(ctx, args[1:], stdin, stdout, stderr)
	case "feed":
		return runFeed(ctx, args[1:], stdin, stdout, stderr)
	case "ingest":
		return runIngest(ctx, args[1:], stdin, stdout, stderr)
	case "search":
		return runSearch(ctx, args[1:], stdout, stderr)
	case "export":
		return runExport(ctx, args[1:], stdout, stderr)
	case "status":
		return runStatus(ctx, args[1:], stdout, stderr)
	case "rules":
		return runRules(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	case "-version", "--version", "version":
		fmt.Fprintln(stdout, version())
		return ExitOK
	}
	fmt.Fprintf(stderr, "newslooks: unknown command %q\n%s", args[0], usage)
	return ExitUsage
}

// flagStatus is the exit status for a parseFlags error.
func flagStatus(err error) int {
	if errors.Is(err, errHelp) {
		return ExitOK
	}
	return ExitUsage
}

func runParse(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, rest, err := parseFlags("parse", args, stdout, stderr)
	if err != nil {
		return flagStatus(err)
	}
	list, err := source.Expand(rest)
	if err != nil {
		fmt.Fprintf(stderr, "newslooks parse: %v\n", err)
		return ExitUsage
	}
	rd, _ := cfg.reader(stdin, new(crawl.MemoryState))
	return finish(ctx, cfg, rd, list.All(), list.Skipped, stdout, stderr)
}

func runFeed(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, rest, err := parseFlags("feed", args, stdout, stderr)
	if err != nil {
		return flagStatus(err)
	}
	if len(rest) != 1 {
		fmt.Fprintf(stderr, "newslooks feed: want one feed URL or file\n")
		printCommandUsage(stderr, "feed")
		return ExitUsage
	}
	rd, f := cfg.reader(stdin, new(crawl.MemoryState))
	items, err := readFeed(ctx, rd, f, rest[0])
	if err != nil {
		if cause := context.Cause(ctx); ctx.Err() != nil {
			fmt.Fprintln(stderr, pipeline.Tally{NotProcessed: 1, Interrupted: true})
			return exitStatus(cause, 0)
		}
		fmt.Fprintf(stderr, "%s: %v\n", rest[0], err)
		fmt.Fprintln(stderr, pipeline.Tally{Inputs: 1, Failed: 1})
		return ExitFailed
	}
	inputs := make([]source.Input, len(items))
	for i, it := range items {
		name := it.Link
		if name == "" {
			name = fmt.Sprintf("%s#item%d", rest[0], i+1)
		}
		inputs[i] = source.FeedItem(name, it)
	}
	// The feed's links were found, not given: the address policy holds
	// them back unless --allow-private.
	rd.Fetch = politeFetcher{crawler: f.crawler}.Fetch
	return finish(ctx, cfg, rd, slices.Values(inputs), nil, stdout, stderr)
}

// readFeed reads the feed at arg: a URL (fetched politely through f), a
// file, or "-" for standard input.
func readFeed(ctx context.Context, r *source.Reader, f politeFetcher, arg string) ([]feed.Item, error) {
	if source.IsURL(arg) {
		resp, err := f.get(ctx, arg, fetch.AcceptFeed)
		if err != nil {
			return nil, err
		}
		return new(feed.Reader).ReadResponse(resp)
	}
	in := source.File(arg)
	if arg == "-" {
		in = source.Stdin()
	}
	rc, err := r.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return feed.Read(rc)
}

// finish reads the inputs with rd through the pipeline, prints the
// summary, with the files the walks skipped (filled as inputs is
// iterated), and returns the exit status.
func finish(ctx context.Context, cfg *config, rd *source.Reader, inputs iter.Seq[source.Input], skipped map[string]int, stdout, stderr io.Writer) int {
	out, err := output.New(cfg.format, cfg.outDir, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "newslooks: %v\n", err)
		return ExitFailed
	}
	t := pipeline.Run(ctx, pipeline.Config{
		Reader:  rd,
		Workers: cfg.workers,
		Out:     out,
		Stderr:  stderr,
	}, inputs)
	t.Skipped = skipped
	t.Out = cfg.outDir != ""
	failed := 0
	if err := out.Close(); err != nil {
		fmt.Fprintf(stderr, "newslooks: %v\n", err)
		failed = 1
	}
	fmt.Fprintln(stderr, t)
	return exitStatus(context.Cause(ctx), t.Failed+failed)
}

// exitStatus is the status of a run that ended with the context's cause
// (nil when not cancelled) and this many failed inputs.
func exitStatus(cause error, failed int) int {
	var in Interrupt
	switch {
	case errors.As(cause, &in):
		return in.Status()
	case cause != nil:
		return 128 + int(syscall.SIGINT)
	case failed > 0:
		return ExitFailed
	}
	return ExitOK
}
