// Command rulescore measures what site rules do to article bodies: on the
// pages of aeb-dev whose host has a rule in a FiveFilters site-config
// folder (or our own rules file), it scores newslooks's body with and
// without the rules, as the eval command scores aeb-dev (4-token
// shingles, per-page precision and recall averaged, F1 of the averages),
// and prints a table per page, with the directive that gave the body.
//
// Run it from the bench directory:
//
//	go run ./cmd/rulescore -site-config DIR [-rules FILE] [-aeb DIR]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/newsingest/newslooks/bench/internal/corpus"
	"github.com/newsingest/newslooks/bench/internal/extract"
	"github.com/newsingest/newslooks/bench/internal/report"
	"github.com/newsingest/newslooks/bench/internal/score"
	"github.com/newsingest/newslooks/page"
	"github.com/newsingest/newslooks/siterules"
)

func main() {
	siteConfig := flag.String("site-config", "", "a folder of FiveFilters site configs")
	rulesFile := flag.String("rules", "", "our own rules file (YAML, CSS)")
	aeb := flag.String("aeb", "", "directory of the aeb-dev pages; default $"+corpus.EnvAeb+" or "+corpus.DefaultAeb)
	dump := flag.String("dump", "", "print the page `NAME`'s true body and its bodies without and with the rules, to see why they differ")
	flag.Parse()
	if err := run(*siteConfig, *rulesFile, corpus.AebDir(*aeb), *dump); err != nil {
		fmt.Fprintln(os.Stderr, "rulescore:", err)
		os.Exit(1)
	}
}

func run(siteConfig, rulesFile, aebDir, dump string) error {
	var sets []*siterules.Set
	if rulesFile != "" {
		s, err := siterules.ReadRulesFile(rulesFile)
		if err != nil {
			return err
		}
		sets = append(sets, s)
	}
	if siteConfig != "" {
		s, err := siterules.LoadFiveFilters(siteConfig)
		if err != nil {
			return err
		}
		sets = append(sets, s)
	}
	if len(sets) == 0 {
		return fmt.Errorf("give -site-config or -rules")
	}
	rules := siterules.Join(sets...)
	pages, bodies, err := corpus.Aeb(aebDir)
	if err != nil {
		return err
	}
	plain := &page.Parser{}
	ruled := &page.Parser{Rules: rules, FieldSources: true}
	var before, after score.ShingleScore
	t := &report.Table{Header: []string{"page", "host", "F1 without", "F1 with", "body from", "error with rules"},
		Right: []bool{false, false, true, true, false, false}}
	n := 0
	for _, p := range pages {
		u, err := url.Parse(p.URL)
		if err != nil || rules.Match(u.Host) == nil {
			continue
		}
		n++
		b := body(plain, p)
		a := body(ruled, p)
		if p.Name == dump {
			fmt.Printf("== only without rules\n%s\n== only with rules (%s)\n%s\n", onlyIn(b.text, a.text), a.from, onlyIn(a.text, b.text))
		}
		cb, ca := score.CompareShingles(b.text, bodies[p.Name]), score.CompareShingles(a.text, bodies[p.Name])
		before.Add(cb)
		after.Add(ca)
		t.AddRow(p.Name, u.Host, fmt.Sprintf("%.3f", pageF1(cb)), fmt.Sprintf("%.3f", pageF1(ca)), a.from, a.err)
	}
	fmt.Printf("%d of %d aeb-dev pages have a rule for their host.\n\n", n, len(pages))
	fmt.Print(t.Markdown())
	pb, pa := before.PRF(), after.PRF()
	fmt.Printf("\nwithout rules: P %.3f R %.3f F1 %.3f\nwith rules:    P %.3f R %.3f F1 %.3f\n",
		pb.Precision, pb.Recall, pb.F1, pa.Precision, pa.Recall, pa.F1)
	return nil
}

type result struct {
	text, from, err string
}

// body parses a page and returns its body as aeb-dev scores it.
func body(p *page.Parser, pg corpus.Page) result {
	a, err := p.ParseHTML(bytes.NewReader(pg.Source), pg.URL)
	if err != nil {
		return result{err: err.Error()}
	}
	r := extract.Result{QuickLooks: a.QuickLooks.Items, Text: a.Text()}
	return result{text: r.Body(), from: a.FieldSources["body"]}
}

// onlyIn returns the lines of a that b does not hold, each cut to 160
// bytes.
func onlyIn(a, b string) string {
	have := map[string]bool{}
	for l := range strings.SplitSeq(b, "\n") {
		have[strings.TrimSpace(l)] = true
	}
	var out strings.Builder
	for l := range strings.SplitSeq(a, "\n") {
		if l = strings.TrimSpace(l); l != "" && !have[l] {
			if len(l) > 160 {
				l = l[:160]
			}
			out.WriteString("  " + l + "\n")
		}
	}
	return out.String()
}

func pageF1(c score.ShingleCounts) float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
