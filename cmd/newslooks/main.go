// Command newslooks parses news articles, Newslooks text copies and web
// pages, into structured data.
//
// Usage:
//
//	newslooks parse [flags] [INPUT...]
//	newslooks feed  [flags] FEED
//
// An INPUT is a file, a folder (walked recursively in sorted order for
// .txt, .html and .htm files; other files are skipped and counted), "-"
// for standard input (the default when no INPUT is given), or an http or
// https URL. Text and HTML are told apart by content, not by file name. A
// text input may hold many articles one after another. FEED is the URL or
// path of an RSS or Atom feed: each item's page is fetched and parsed, or
// its content is parsed when it already holds the whole article.
//
// Flags:
//
//	--format F   json (default; one indented document: the article, or an
//	             array when there are several), jsonl (one compact article
//	             a line, with "source"), markdown, text (the canonical
//	             Newslooks text form) or ninjs (IPTC ninjs 2.2)
//	--strict     treat warnings as errors
//	--workers N  inputs parsed at once (default: the number of CPUs);
//	             output keeps the order of the inputs whatever N is
//	--out DIR    write one file per article into DIR, named from the
//	             headline, instead of standard output
//	--timeout D  time allowed for each URL (default 30s)
//
// Every input ends as its articles on the output or as an error line on
// standard error ("SOURCE:LINE: message"). The run ends with a summary line
// on standard error. The exit status is 0 when every input parsed, 1 when
// any failed, and 2 for a usage error.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

const usage = `usage: newslooks parse [--format json|jsonl|markdown|text|ninjs] [--strict] [--workers N] [--out DIR] [INPUT...]
       newslooks feed  [--format ...] [--strict] [--workers N] [--out DIR] FEED
INPUT is a file, a folder, - for standard input, or an http(s) URL.
`

// run is the whole command, with its environment passed in for tests.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "parse":
		return runParse(ctx, args[1:], stdin, stdout, stderr)
	case "feed":
		return runFeed(ctx, args[1:], stdin, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "newslooks: unknown command %q\n%s", args[0], usage)
	return exitUsage
}
