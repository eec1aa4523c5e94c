package bench

import (
	"bytes"
	"os"
	"testing"

	"github.com/newsingest/newslooks/bench/internal/corpus"
	"github.com/newsingest/newslooks/page"
	"github.com/newsingest/newslooks/siterules"
)

// BenchmarkRules times page.Parser on one page without site rules, with
// a FiveFilters site config (XPath) and with the equivalent CSS rules
// file, one after another so that the ratios to rules=none are measured
// close together. Its names have no page=/lib= parts: cmd/eval's speed
// tables compare libraries, not options.
func BenchmarkRules(b *testing.B) {
	src, err := os.ReadFile("testdata/compact-xi-putin.html")
	if err != nil {
		b.Fatal(err)
	}
	const pageURL = "https://newslooks.example/2025/xi-putin"
	ff, err := siterules.LoadFiveFilters("testdata/rules")
	if err != nil {
		b.Fatal(err)
	}
	css, err := siterules.ReadRulesFile("testdata/rules/rules.yaml")
	if err != nil {
		b.Fatal(err)
	}
	benchRules(b, "compact", [][]byte{src}, []string{pageURL}, map[string]*siterules.Set{"fivefilters": ff, "css": css})
}

// BenchmarkRulesAebDev times page.Parser over the aeb-dev pages whose
// host has a rule in the site-config folder that NEWSLOOKS_SITE_CONFIG
// names (skipped without it), with and without the rules.
func BenchmarkRulesAebDev(b *testing.B) {
	dir := os.Getenv("NEWSLOOKS_SITE_CONFIG")
	if dir == "" {
		b.Skip("NEWSLOOKS_SITE_CONFIG names no site-config folder")
	}
	rules, err := siterules.LoadFiveFilters(dir)
	if err != nil {
		b.Fatal(err)
	}
	pages, _, err := corpus.Aeb(corpus.AebDir(*aebFlag))
	if err != nil {
		b.Skipf("skipping aeb-dev: %v", err)
	}
	var srcs [][]byte
	var urls []string
	for _, p := range pages {
		if rules.Match(hostOf(p.URL)) != nil {
			srcs, urls = append(srcs, p.Source), append(urls, p.URL)
		}
	}
	benchRules(b, "aeb-dev-ruled", srcs, urls, map[string]*siterules.Set{"fivefilters": rules})
}

func benchRules(b *testing.B, name string, srcs [][]byte, urls []string, sets map[string]*siterules.Set) {
	var size int64
	for _, s := range srcs {
		size += int64(len(s))
	}
	for _, kind := range []string{"none", "fivefilters", "css"} {
		set, ok := sets[kind]
		if kind != "none" && !ok {
			continue
		}
		p := &page.Parser{Rules: set}
		b.Run("pages="+name+"/rules="+kind, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for i, src := range srcs {
					// A page rejected as no article is still timed: the
					// work up to the rejection is its cost.
					_, _ = p.ParseHTML(bytes.NewReader(src), urls[i])
				}
			}
		})
	}
}

func hostOf(raw string) string {
	for _, prefix := range []string{"https://", "http://"} {
		if len(raw) > len(prefix) && raw[:len(prefix)] == prefix {
			raw = raw[len(prefix):]
			break
		}
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] == '/' {
			return raw[:i]
		}
	}
	return raw
}
