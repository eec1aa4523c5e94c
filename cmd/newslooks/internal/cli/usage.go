package cli

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

const usage = `usage: newslooks parse [flags] [INPUT...]
       newslooks feed  [flags] FEED
       newslooks --version

Commands:
  parse   parse INPUTs: files, folders, - (standard input, the default) or http(s) URLs
  feed    parse the articles an RSS or Atom FEED (URL, file or -) links to or holds

Run "newslooks parse -h" or "newslooks feed -h" for the flags.
`

const parseUsage = `usage: newslooks parse [flags] [INPUT...]

An INPUT is a file, a folder (walked recursively in sorted order for regular
.txt, .html, .htm, .warc and .warc.gz files; other files are skipped and
counted by reason), - for standard input (the default when no INPUT is given;
at most once), or an http(s) URL. Text, HTML and web archives (WARC) are told
apart by content, not by name; a text input may hold many articles one after
another, and an archive's HTML pages each give one, with the page's address as
its source and the record's date as its fetch time (other records are counted
as skipped). Flags may come before or
after the INPUTs; -- ends the flags.
`

const feedUsage = `usage: newslooks feed [flags] FEED

FEED is the URL or path of an RSS or Atom feed, or - for standard input. Each
item's page is fetched and parsed, or its content is parsed when it already
holds the whole article. Flags may come before or after FEED; -- ends the flags.
`

const commonUsage = `
Every input ends as its articles on the output, as an error line on standard
error ("SOURCE:LINE: message"), or, after an interruption, counted as not
processed. A summary line on standard error ends the run. Exit status: 0 when
every input parsed, 1 when any failed, 2 for a usage error, 130 after SIGINT
and 143 after SIGTERM (a second signal exits at once). On a terminal a
progress bar shows the inputs done, those failed and the rate.
`

// printCommandUsage prints the usage of a command with every flag, its
// meaning and its default.
func printCommandUsage(w io.Writer, name string) {
	text := parseUsage
	if name == "feed" {
		text = feedUsage
	}
	fmt.Fprint(w, text)
	fmt.Fprint(w, "\nFlags:\n")
	fs := newFlagSet(name, &config{})
	fs.SetOutput(w)
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
			} else if def == "" {
				def = "none"
			}
			fmt.Fprintf(w, " (default %s)", def)
		}
		fmt.Fprintln(w)
	})
	fmt.Fprint(w, commonUsage)
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
	if rev := settings["vcs.revision"]; rev != "" {
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
