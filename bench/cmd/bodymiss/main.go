// Command bodymiss prints, for each aeb-dev page, newslooks's body
// precision and recall against the benchmark's articleBody and the
// paragraphs of newslooks's body that share no shingle with the truth
// (what lowers precision) and the truth's lines it misses (recall), so that
// body rules can be written from what goes wrong.
//
//	go run ./cmd/bodymiss [-aeb DIR] [-page ID] [-min P]
package main

import (
	"flag"
	"fmt"
	"log"
	"strings"

	"github.com/newsingest/newslooks/bench/internal/corpus"
	"github.com/newsingest/newslooks/bench/internal/extract"
	"github.com/newsingest/newslooks/bench/internal/score"
)

func main() {
	aeb := flag.String("aeb", "", "directory of the aeb-dev pages")
	only := flag.String("page", "", "one page ID")
	minP := flag.Float64("min", 0.99, "show the pages whose precision or recall is under this")
	flag.Parse()
	pages, bodies, err := corpus.Aeb(corpus.AebDir(*aeb))
	if err != nil {
		log.Fatal(err)
	}
	var s score.ShingleScore
	for _, p := range pages {
		if *only != "" && p.Name != *only {
			continue
		}
		res, err := extract.Newslooks.Extract(p.Source, p.URL)
		if err != nil {
			fmt.Printf("## %s %s: %v\n", p.Name, p.URL, err)
		}
		body := res.Body()
		c := score.CompareShingles(body, bodies[p.Name])
		s.Add(c)
		if c.Precision() >= *minP && c.Recall() >= *minP {
			continue
		}
		fmt.Printf("## %s P=%.3f R=%.3f %s\n", p.Name, c.Precision(), c.Recall(), p.URL)
		truth := score.Shingles(bodies[p.Name])
		for line := range strings.SplitSeq(body, "\n") {
			sh := score.Shingles(line)
			in := 0
			for k := range sh {
				if truth[k] > 0 {
					in++
				}
			}
			if len(sh) > 0 && in*2 < len(sh) {
				fmt.Printf("  + %q\n", clip(line, 160))
			}
		}
		got := score.Shingles(body)
		for line := range strings.SplitSeq(bodies[p.Name], "\n") {
			sh := score.Shingles(line)
			in := 0
			for k := range sh {
				if got[k] > 0 {
					in++
				}
			}
			if len(sh) > 0 && in*2 < len(sh) {
				fmt.Printf("  - %q\n", clip(line, 160))
			}
		}
	}
	prf := s.PRF()
	fmt.Printf("\nP=%.3f R=%.3f F1=%.3f\n", prf.Precision, prf.Recall, prf.F1)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
