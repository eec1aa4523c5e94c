package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/fetch"
	"github.com/newsingest/newslooks/page"
)

// config holds the flags shared by the parse and feed commands.
type config struct {
	format  string
	outDir  string
	workers int
	timeout time.Duration
	parser  *page.Parser
	fetcher *fetch.Fetcher
}

// parseFlags reads the flags of a command; it reports a usage error on
// stderr and returns nil.
func parseFlags(name string, args []string, stderr io.Writer) (*config, []string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	cfg := &config{parser: new(page.Parser)}
	fs.StringVar(&cfg.format, "format", "json", "output format: json, jsonl, markdown, text or ninjs")
	fs.BoolVar(&cfg.parser.Strict, "strict", false, "treat warnings as errors")
	fs.IntVar(&cfg.workers, "workers", runtime.NumCPU(), "inputs parsed at once")
	fs.StringVar(&cfg.outDir, "out", "", "write one file per article into this folder")
	fs.DurationVar(&cfg.timeout, "timeout", fetch.DefaultTimeout, "time allowed for each URL")
	if err := fs.Parse(args); err != nil {
		return nil, nil
	}
	if _, ok := formats[cfg.format]; !ok {
		fmt.Fprintf(stderr, "newslooks %s: unknown format %q (want json, jsonl, markdown, text or ninjs)\n", name, cfg.format)
		return nil, nil
	}
	if cfg.workers < 1 {
		fmt.Fprintf(stderr, "newslooks %s: --workers must be at least 1\n", name)
		return nil, nil
	}
	// Pages over the parser's size limit fail at the fetch, with the URL named.
	cfg.fetcher = &fetch.Fetcher{Timeout: cfg.timeout, MaxBytes: newslooks.DefaultMaxBytes}
	return cfg, fs.Args()
}

func runParse(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, rest := parseFlags("parse", args, stderr)
	if cfg == nil {
		return exitUsage
	}
	inputs, skipped, err := expandInputs(rest, stdin, cfg.fetcher)
	if err != nil {
		fmt.Fprintf(stderr, "newslooks: %v\n", err)
		return exitFailed
	}
	return finish(ctx, cfg, inputs, skipped, stdout, stderr)
}

func runFeed(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, rest := parseFlags("feed", args, stderr)
	if cfg == nil {
		return exitUsage
	}
	if len(rest) != 1 {
		fmt.Fprintf(stderr, "newslooks feed: want one feed URL or file\n%s", usage)
		return exitUsage
	}
	items, err := readFeedArg(ctx, cfg, rest[0], stdin)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", rest[0], err)
		fmt.Fprintln(stderr, tally{inputs: 1, failed: 1})
		return exitFailed
	}
	inputs := make([]input, len(items))
	for i, it := range items {
		source := it.Link
		if source == "" {
			source = fmt.Sprintf("%s#item%d", rest[0], i+1)
		}
		if it.HasFullArticle() || it.Link == "" {
			inputs[i] = contentInput(source, it.Content, it.Link)
		} else {
			inputs[i] = urlInput(it.Link, cfg.fetcher)
		}
	}
	return finish(ctx, cfg, inputs, 0, stdout, stderr)
}

func readFeedArg(ctx context.Context, cfg *config, arg string, stdin io.Reader) ([]fetch.FeedItem, error) {
	switch {
	case isURL(arg):
		return cfg.fetcher.FetchFeed(ctx, arg)
	case arg == "-":
		return fetch.ReadFeed(stdin)
	}
	f, err := os.Open(arg)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return fetch.ReadFeed(f)
}

// finish runs the inputs through the pipeline and prints the summary.
func finish(ctx context.Context, cfg *config, inputs []input, skipped int, stdout, stderr io.Writer) int {
	out := newWriter(cfg.format, cfg.outDir, stdout)
	t := process(ctx, cfg, inputs, out, stderr)
	t.skipped = skipped
	if err := out.close(); err != nil {
		fmt.Fprintf(stderr, "newslooks: %v\n", err)
		t.failed++
	}
	fmt.Fprintln(stderr, t)
	if t.failed > 0 {
		return exitFailed
	}
	return exitOK
}
