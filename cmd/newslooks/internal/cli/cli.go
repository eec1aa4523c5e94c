// Package cli is the command line of newslooks: its commands, flags and
// usage, and the exit status of a run.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/output"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/pipeline"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/source"
	"github.com/newsingest/newslooks/fetch"
	"github.com/newsingest/newslooks/page"
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
	return finish(ctx, cfg, list, stdin, stdout, stderr)
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
	items, err := readFeed(ctx, cfg.fetcher(), rest[0], stdin)
	if err != nil {
		if cause := context.Cause(ctx); ctx.Err() != nil {
			fmt.Fprintln(stderr, pipeline.Tally{NotProcessed: 1, Interrupted: true})
			return exitStatus(cause, 0)
		}
		fmt.Fprintf(stderr, "%s: %v\n", rest[0], err)
		fmt.Fprintln(stderr, pipeline.Tally{Inputs: 1, Failed: 1})
		return ExitFailed
	}
	list := &source.List{Inputs: make([]source.Input, len(items))}
	for i, it := range items {
		src := it.Link
		if src == "" {
			src = fmt.Sprintf("%s#item%d", rest[0], i+1)
		}
		if it.HasFullArticle() || it.Link == "" {
			list.Inputs[i] = source.Content(src, it.ContentPage(), it.Link)
		} else {
			list.Inputs[i] = source.URL(it.Link)
		}
	}
	return finish(ctx, cfg, list, stdin, stdout, stderr)
}

func readFeed(ctx context.Context, f *fetch.Fetcher, arg string, stdin io.Reader) ([]fetch.FeedItem, error) {
	if source.IsURL(arg) {
		return f.FetchFeed(ctx, arg)
	}
	in := source.File(arg)
	if arg == "-" {
		in = source.Stdin()
	}
	rc, _, err := (&source.Opener{Stdin: stdin}).Open(ctx, in)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return fetch.ReadFeed(rc)
}

// fetcher returns the Fetcher of a run: pages over the parser's size limit
// fail at the fetch, with the URL named.
func (cfg *config) fetcher() *fetch.Fetcher {
	return &fetch.Fetcher{Timeout: cfg.timeout, MaxBytes: newslooks.DefaultMaxBytes}
}

// finish runs the inputs through the pipeline, prints the summary and
// returns the exit status.
func finish(ctx context.Context, cfg *config, list *source.List, stdin io.Reader, stdout, stderr io.Writer) int {
	out, err := output.New(cfg.format, cfg.outDir, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "newslooks: %v\n", err)
		return ExitFailed
	}
	parser := &page.Parser{}
	parser.Strict = cfg.strict
	t := pipeline.Run(ctx, pipeline.Config{
		Parser:  parser,
		Opener:  &source.Opener{Stdin: stdin, Fetcher: typedURLFetcher(cfg.timeout, false)},
		Workers: cfg.workers,
		Out:     out,
		Stderr:  stderr,
	}, list.Inputs)
	t.Skipped = list.Skipped
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
