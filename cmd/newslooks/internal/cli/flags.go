package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/output"
	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/fetch"
	"github.com/newsingest/newslooks/multipage"
	"github.com/newsingest/newslooks/page"
	"github.com/newsingest/newslooks/siterules"
	"github.com/newsingest/newslooks/source"
)

// config holds the flags of the parse and feed commands.
type config struct {
	format string
	outDir string
	readFlags
}

// readFlags are the flags of every command that reads inputs: parse,
// feed and ingest.
type readFlags struct {
	workers int
	timeout time.Duration
	strict  bool
	rules   rulesConfig
	ruleSet *siterules.Set // the rules the flags name, once loadRules read them
	polite  politeFlags
}

// add declares the flags in fs.
func (r *readFlags) add(fs *flag.FlagSet) {
	fs.BoolVar(&r.strict, "strict", false, "treat warnings as errors")
	fs.IntVar(&r.workers, "workers", runtime.NumCPU(), "`N` inputs parsed at once (default: the number of CPUs);\n"+
		"the output keeps the order of the inputs whatever N is")
	fs.DurationVar(&r.timeout, "timeout", fetch.DefaultTimeout, "time allowed for each URL, a duration `D` such as 30s or 1m")
	r.rules.register(fs)
	r.polite.add(fs)
}

// loadRules reads the site rules the flags name; a rules file or folder
// that cannot be used is printed as a usage error.
func (r *readFlags) loadRules(cmd string, stderr io.Writer) error {
	set, err := r.rules.load(cmd, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "newslooks %s: %v\n", cmd, err)
		return errUsage
	}
	r.ruleSet = set
	return nil
}

// reader returns the Reader of a run with these flags, and the fetcher
// of its URLs: inputs parsed strictly or not, by the site rules; URLs
// fetched through one polite crawler (robots.txt, each host's turn kept
// in st, the address policy; the rules' headers and consent cookies),
// each asked once since a failure is an error line and the person
// reruns; pages over the parser's size limit fail at the fetch, with the
// URL named. The pages after the first of a multi-page article are on
// the host the user named.
func (r *readFlags) reader(stdin io.Reader, st crawl.State) (*source.Reader, politeFetcher) {
	p := &page.Parser{Strict: r.strict}
	r.rules.apply(p, r.ruleSet)
	c := r.polite.crawler(st, r.timeout, slog.New(slog.DiscardHandler))
	c.Parser = p // its rules' headers and cookies
	c.MaxAttempts, c.MaxBytes = 1, newslooks.DefaultMaxBytes
	f := politeFetcher{crawler: c, given: true}
	// Next pages and one-page views come through the same crawler, on
	// the host of the page the person named, so that robots.txt is read
	// once and the host's turns count every request.
	pages := &multipage.Reader{Parser: p, Get: f.Fetch, MaxPages: r.rules.maxPages}
	return &source.Reader{Parser: p, Fetch: f.Fetch, Stdin: stdin, ReadPage: pages.Read}, f
}

// errUsage is returned for a command line that is wrong; the message has
// been printed.
var errUsage = errors.New("usage")

// errHelp is returned for -h; the usage has been printed on stdout.
var errHelp = errors.New("help")

func newFlagSet(name string, cfg *config) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&cfg.format, "format", "json", "the output format `F`: "+strings.Join(output.Formats(), ", ")+
		";\njson and ninjs always print one array, [] when there is no article;\n"+
		"jsonl prints one compact article a line, with \"source\"")
	cfg.readFlags.add(fs)
	fs.StringVar(&cfg.outDir, "out", "", "write one file per article into `DIR`, named from the headline,\ninstead of standard output")
	return fs
}

// parseFlags reads the flags of the parse or feed command; see parseArgs.
func parseFlags(name string, args []string, stdout, stderr io.Writer) (*config, []string, error) {
	cfg := &config{}
	rest, err := parseArgs(newFlagSet(name, cfg), commandText(name), args, stdout, stderr)
	if err != nil {
		return nil, nil, err
	}
	if err := cfg.check(name, stderr); err != nil {
		return nil, nil, err
	}
	if err := cfg.loadRules(name, stderr); err != nil {
		return nil, nil, err
	}
	return cfg, rest, nil
}

// parseArgs reads the flags of fs from args, where they may stand before,
// between or after the command's arguments, as with go and git; "--" ends
// the flags. It returns the arguments. -h prints the usage (text, then
// every flag) on stdout and gives errHelp; a wrong flag prints the error
// and the usage on stderr and gives errUsage.
func parseArgs(fs *flag.FlagSet, text string, args []string, stdout, stderr io.Writer) ([]string, error) {
	fs.SetOutput(io.Discard)
	var rest []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			printUsage(stdout, fs, text)
			return nil, errHelp
		}
		if err != nil {
			fmt.Fprintf(stderr, "newslooks %s: %v\n", fs.Name(), err)
			printUsage(stderr, fs, text)
			return nil, errUsage
		}
		left := fs.Args()
		if endedByDashes(fs, args, left) {
			rest = append(rest, left...)
			break
		}
		if len(left) == 0 {
			break
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
	return rest, nil
}

// endedByDashes reports whether flag parsing of args stopped at a "--"
// (which the flag package drops) rather than at an argument.
func endedByDashes(fs *flag.FlagSet, args, left []string) bool {
	used := len(args) - len(left)
	return used > 0 && args[used-1] == "--" && (used < 2 || !takesValue(fs, args[used-2]))
}

// takesValue reports whether arg is a flag of fs whose value is the next
// argument: a flag that is not boolean, written without "=".
func takesValue(fs *flag.FlagSet, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	if !strings.HasPrefix(arg, "-") || name == "" || strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

func (cfg *config) check(name string, stderr io.Writer) error {
	if !output.Valid(cfg.format) {
		fmt.Fprintf(stderr, "newslooks %s: unknown format %q (want %s)\n", name, cfg.format, strings.Join(output.Formats(), ", "))
		return errUsage
	}
	if cfg.workers < 1 {
		fmt.Fprintf(stderr, "newslooks %s: --workers must be at least 1\n", name)
		return errUsage
	}
	return nil
}
