package cli

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

const usage = `usage: newslooks parse  [flags] [INPUT...]
       newslooks feed   [flags] FEED
       newslooks ingest [flags] [INPUT...] [--feed URL] [--sitemap URL] [--site URL]
       newslooks search [flags] QUERY
       newslooks export [flags]
       newslooks status [flags] [--prune AGE]
       newslooks rules test [flags] HOST
       newslooks --version

Commands:
  parse   parse INPUTs: files, folders, web archives, - (standard input, the default) or http(s) URLs
  feed    parse the articles an RSS or Atom FEED (URL, file or -) links to or holds
  ingest  store INPUTs, and the articles of feeds, sitemaps and sites crawled politely,
          in the article store (SQLite newslooks.db by default, or PostgreSQL)
  search  search the store, best first
  export  write every stored article
  status  count what the store holds, by source, duplicates and failures;
          --prune AGE forgets failures older than AGE
  rules   test HOST: check that a site rule still finds its fields on its test URLs

Run "newslooks COMMAND -h" for a command's flags.
`

const parseUsage = `usage: newslooks parse [flags] [INPUT...]

An INPUT is a file, a folder (walked recursively in sorted order for regular
.txt, .html, .htm, .warc and .warc.gz files; other files are skipped and
counted by reason), - for standard input (the default when no INPUT is given;
at most once), or an http(s) URL. Text, HTML and web archives (WARC) are told
apart by content, not by name; a text input may hold many articles one after
another, and an archive's HTML pages each give one, with the page's address as
its source and the record's date as its fetch time (other records are counted
as skipped). URLs are fetched as ingest crawls: robots.txt obeyed, one
request at a time and at least --delay apart per host. Flags may come before
or after the INPUTs; -- ends the flags.
`

const feedUsage = `usage: newslooks feed [flags] FEED

FEED is the URL or path of an RSS or Atom feed, or - for standard input. Each
item's page is fetched and parsed, or its content is parsed when it already
holds the whole article. Pages are fetched as ingest crawls: robots.txt
obeyed, one request at a time and at least --delay apart per host, and links
to loopback or private addresses refused unless --allow-private. Flags may come
before or after FEED; -- ends the flags.
`

const commonUsage = `
Every input ends as its articles on the output, as an error line on standard
error ("SOURCE:LINE: message"), or, after an interruption, counted as not
processed. A summary line on standard error ends the run. Exit status: 0 when
every input parsed, 1 when any failed, 2 for a usage error, 130 after SIGINT
and 143 after SIGTERM (a second signal exits at once). On a terminal a
progress bar shows the inputs done, those failed and the rate.
`

// commandText returns the usage text of the parse or feed command.
func commandText(name string) string {
	if name == "feed" {
		return feedUsage
	}
	return parseUsage
}

// printCommandUsage prints the usage of the parse or feed command.
func printCommandUsage(w io.Writer, name string) {
	printUsage(w, newFlagSet(name, &config{}), commandText(name))
}

// printUsage prints a command's usage text, then every flag of fs with
// its meaning and default, then what all commands share.
func printUsage(w io.Writer, fs *flag.FlagSet, text string) {
	footer := commonUsage
	if fs.Name() != "parse" && fs.Name() != "feed" && fs.Name() != "ingest" {
		footer = ""
	}
	fmt.Fprint(w, text)
	fmt.Fprint(w, "\nFlags:\n")
	fs.VisitAll(func(f *flag.Flag) {
		argName, help := flag.UnquoteUsage(f)
		fmt.Fprintf(w, "  --%s", f.Name)
		if argName != "" {
			fmt.Fprintf(w, " %s", argName)
		}
		fmt.Fprintf(w, "\n    \t%s", strings.ReplaceAll(help, "\n", "\n    \t"))
		if !strings.Contains(help, "(default") {
			def := f.DefValue
			if argName == "" {
				def = "off"
			} else if def == "" || def == "[]" {
				def = "none"
			}
			fmt.Fprintf(w, " (default %s)", def)
		}
		fmt.Fprintln(w)
	})
	fmt.Fprint(w, footer)
}

// version returns the version line: the module's version and, when the
// binary was built from a repository, its VCS revision.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "newslooks (unknown version)"
	}
	return versionOf(info)
}

// versionOf formats the version line from build information.
func versionOf(info *debug.BuildInfo) string {
	s := "newslooks " + info.Main.Version
	settings := map[string]string{}
	for _, kv := range info.Settings {
		settings[kv.Key] = kv.Value
	}
	rev := settings["vcs.revision"]
	if rev == "" && info.Main.Version == "(devel)" {
		// go build stamps the commit in a git checkout unless told not to.
		s += " (no commit recorded: built by go run, with -buildvcs=false, or outside a git checkout)"
	}
	if rev != "" {
		s += " " + settings["vcs"] + " " + rev
		if t := settings["vcs.time"]; t != "" {
			s += " " + t
		}
		if settings["vcs.modified"] == "true" {
			s += " (modified)"
		}
	}
	return s + " " + info.GoVersion
}
