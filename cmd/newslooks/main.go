// Command newslooks parses news articles, Newslooks text copies and web
// pages, into structured data.
//
// Usage:
//
//	newslooks parse [flags] [INPUT...]
//	newslooks feed  [flags] FEED
//	newslooks --version
//
// An INPUT is a file, a folder (walked recursively in sorted order for
// regular .txt, .html, .htm, .warc and .warc.gz files; other files, and anything that is
// not a regular file such as a pipe, a device or a link to one, are
// skipped and counted by reason), "-" for standard input (the default when
// no INPUT is given; at most once), or an http or https URL. Text, HTML
// and web archives are told apart by content, not by file name. A text
// input may hold many articles one after another; a web archive (WARC)
// gives an article for each HTML page it holds, and counts its other
// records as skipped. FEED is the URL or path of an RSS or Atom
// feed, or "-": each item's page is fetched and parsed, or its content is
// parsed when it already holds the whole article. Flags may come before
// or after the arguments, as with go and git; "--" ends the flags. The -h
// flag of each command prints its usage, with every flag, on stdout.
//
// Flags:
//
//	--format F   json (default: always one indented array, [] when no
//	             article), jsonl (one compact article a line, with
//	             "source"), markdown, text (the canonical Newslooks text
//	             form) or ninjs (IPTC ninjs 2.2; an array, as json)
//	--strict     treat warnings as errors
//	--workers N  inputs parsed at once (default: the number of CPUs);
//	             output keeps the order of the inputs whatever N is
//	--out DIR    write one file per article into DIR instead of standard
//	             output, named from a slug of the headline that is safe
//	             on Windows, macOS and Linux; see below
//	--timeout D  time allowed for each URL (default 30s)
//
// With --out, each article is written whole to a temporary file and then
// linked to its name, which is claimed exclusively: a crash never leaves
// a partial or empty article, and a rerun, or a second run at once into
// the same folder, finds the same bytes and writes nothing new; a file
// holding the start of the article (what an older version left when it
// was killed) is replaced whole. A name holding anything else (another
// article, a link, a device) is never read through or overwritten: the
// article takes "-2", "-3" and so on. An article whose bytes in the
// format are those of another of the same run shares its file, and a note
// on standard error says so. Names that Windows reserves (CON, NUL, COM1,
// LPT1, ...) get "-article" appended, and slugs are case-folded and in
// NFC, so that no two differ only in case or normalisation.
//
// Every input ends as its articles on the output, as an error line on
// standard error ("SOURCE:LINE: message"), or, after an interruption, as
// counted among the inputs not processed. The run ends with a summary line
// on standard error, such as
//
//	newslooks: 2 articles written, 3 inputs read, 1 input failed, 0 files skipped
//
// The exit status is 0 when every input parsed, 1 when any failed, and 2
// for a usage error. On SIGINT or SIGTERM no input is started any more,
// those in flight are abandoned, the output is closed (a JSON array too),
// the summary counts the inputs not processed (a text input cut short
// keeps the articles it had written), and the status is 130 or 143; a
// line on standard error says the signal was seen, and a second signal
// exits at once.
//
// Memory does not grow with the number of inputs: a folder is walked as
// the run reaches it, holding the names of the folders it is in (8 bytes
// plus the name a file), and at most twice --workers inputs are started
// and not yet written. The budget for peak resident memory is 40 MiB
// plus twice the live heap, which is 28 MiB from the start (go-dateparser's
// locale data, built when the program starts), plus the walk's names,
// plus the inputs in flight (each a record of at most 8 MiB and its
// parse); the README's "Memory" says more.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/newsingest/newslooks/cmd/newslooks/internal/cli"
)

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		first := cli.Interrupt{Signal: <-signals}
		fmt.Fprintf(os.Stderr, "newslooks: %v: stopping; a second signal exits at once\n", first.Signal)
		cancel(first)
		// A second signal means: stop now.
		second := cli.Interrupt{Signal: <-signals}
		os.Exit(second.Status())
	}()
	os.Exit(cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
