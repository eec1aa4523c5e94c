package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/fetch"
	"github.com/newsingest/newslooks/page"
	"github.com/newsingest/newslooks/siterules"
)

const rulesTestUsage = `usage: newslooks rules test [--site-config DIR] [--rules FILE] HOST

Checks that the site rule for HOST still works, as FiveFilters' own checker
does: each of the rule's test URLs (test_url, or tests in a rules file) is
fetched politely (robots.txt, one request at a time, --delay apart, with the
rule's headers and consent cookie), and a line per URL says which of the
rule's fields (title, body, author, date, next_page_link) its selectors still
find, and whether the article holds each test_contains text. Exit status: 0
when every test URL passed, 1 when any failed (a stale rule), 2 for a usage
error or a HOST without a rule or without test URLs.
`

type rulesTestConfig struct {
	rules          rulesConfig
	timeout, delay time.Duration
	allowPrivate   bool
}

func runRules(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "test" {
		fmt.Fprint(stderr, rulesTestUsage)
		return ExitUsage
	}
	cfg := &rulesTestConfig{}
	fs := flag.NewFlagSet("rules test", flag.ContinueOnError)
	fs.StringVar(&cfg.rules.siteConfig, "site-config", "", "read the FiveFilters site configs in `DIR`")
	fs.StringVar(&cfg.rules.rulesFile, "rules", "", "read our own site rules (YAML, CSS selectors) from `FILE`")
	fs.DurationVar(&cfg.timeout, "timeout", fetch.DefaultTimeout, "time allowed for each URL, a duration `D`")
	fs.DurationVar(&cfg.delay, "delay", crawl.DefaultMinDelay, "at least `D` between two requests to the host")
	fs.BoolVar(&cfg.allowPrivate, "allow-private", false, "let test URLs reach loopback and private addresses (tests, intranets)")
	rest, err := parseArgs(fs, rulesTestUsage, args[1:], stdout, stderr)
	if err != nil {
		return flagStatus(err)
	}
	if len(rest) != 1 || cfg.rules.siteConfig == "" && cfg.rules.rulesFile == "" {
		fmt.Fprintln(stderr, "newslooks rules test: want one HOST, and --site-config or --rules")
		return ExitUsage
	}
	rules, err := cfg.rules.load("rules test", io.Discard)
	if err != nil {
		fmt.Fprintf(stderr, "newslooks rules test: %v\n", err)
		return ExitUsage
	}
	host := rest[0]
	rule := rules.Match(host)
	if rule == nil || len(rule.Tests) == 0 {
		fmt.Fprintf(stderr, "newslooks rules test: no rule with test URLs for %s\n", host)
		return ExitUsage
	}
	parser := &page.Parser{Rules: rules}
	c := &crawl.Crawler{State: &crawl.MemoryState{}, Parser: parser, AllowPrivate: cfg.allowPrivate,
		MinDelay: cfg.delay, Timeout: cfg.timeout, MaxBytes: newslooks.DefaultMaxBytes}
	failed := 0
	for _, test := range rule.Tests {
		if ctx.Err() != nil {
			return exitStatus(context.Cause(ctx), failed)
		}
		line, ok := checkTest(ctx, c, parser, test)
		fmt.Fprintln(stdout, line)
		if !ok {
			failed++
		}
	}
	fmt.Fprintf(stderr, "newslooks: %d test URLs, %d passed, %d failed\n", len(rule.Tests), len(rule.Tests)-failed, failed)
	return exitStatus(context.Cause(ctx), failed)
}

// checkTest fetches one test URL and reports, on one line, what the rule
// still finds there; ok is false when something it names is missing.
func checkTest(ctx context.Context, c *crawl.Crawler, parser *page.Parser, test siterules.Test) (line string, ok bool) {
	pg, err := c.Fetch(ctx, test.URL)
	if err != nil {
		return fmt.Sprintf("FAIL %s: %v", test.URL, err), false
	}
	rule := parser.Rules.Match(hostOf(pg.URL))
	rd, err := charset.NewReader(bytes.NewReader(pg.Body), pg.Header.Get("Content-Type"))
	if err != nil {
		return fmt.Sprintf("FAIL %s: %v", test.URL, err), false
	}
	root, err := html.Parse(rd)
	if err != nil || rule == nil {
		return fmt.Sprintf("FAIL %s: the page cannot be read (%v)", test.URL, err), false
	}
	rule.StripNodes(root)
	ex := rule.Extract(root)
	ok = true
	var parts []string
	check := func(name string, named, found bool) {
		switch {
		case !named:
		case found:
			parts = append(parts, name+" found")
		default:
			parts = append(parts, name+" NOT found")
			ok = false
		}
	}
	check("title", len(rule.Title) > 0, ex.Title.Found())
	check("body", len(rule.Body) > 0, len(ex.Body) > 0)
	check("author", len(rule.Author) > 0, ex.Author.Found())
	check("date", len(rule.Date) > 0, ex.Date.Found())
	if len(rule.NextPageLink) > 0 {
		next, _ := rule.NextPage(root)
		parts = append(parts, fmt.Sprintf("next_page_link %s", map[bool]string{true: "found", false: "none (a one-page article?)"}[next != ""]))
	}
	if len(test.Contains) > 0 {
		a, err := parser.ParseResponse(bytes.NewReader(pg.Body), pg.URL, pg.Header.Get("Content-Type"))
		text := ""
		if err == nil {
			text = articleText(a)
		}
		for _, want := range test.Contains {
			found := strings.Contains(text, strings.Join(strings.Fields(want), " "))
			check(fmt.Sprintf("contains %q", want), true, found)
		}
	}
	status := "ok  "
	if !ok {
		status = "FAIL"
	}
	return fmt.Sprintf("%s %s: %s", status, test.URL, strings.Join(parts, ", ")), ok
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}

// articleText is an article's headline, summary and paragraphs, one a line.
func articleText(a *newslooks.Article) string {
	var b strings.Builder
	b.WriteString(a.Headline + "\n" + a.Summary + "\n")
	for _, s := range a.Sections {
		b.WriteString(s.Heading + "\n")
		for _, p := range s.Paragraphs {
			b.WriteString(p + "\n")
		}
	}
	return b.String()
}
