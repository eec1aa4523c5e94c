// Command datecmp measures what go-htmldate would add to newslooks's
// publication dates: on the 71 pages of the metadata truth it scores
// newslooks's Published, go-htmldate's date (fast mode, and extensive mode
// with go-dateparser) and newslooks with go-htmldate as a fallback where
// newslooks finds no date, and times each on a tree already parsed.
//
//	go run ./cmd/datecmp
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"

	"github.com/newsingest/newslooks/bench/internal/corpus"
	"github.com/newsingest/newslooks/bench/internal/extract"
	"github.com/newsingest/newslooks/bench/internal/score"
)

func main() {
	pagesDir := flag.String("pages", "", "shared pages")
	aebDir := flag.String("aeb", "", "aeb-dev")
	truthPath := flag.String("truth", "testdata/metadata-truth.json", "truth")
	flag.Parse()
	truth, err := corpus.LoadMetaTruth(*truthPath)
	if err != nil {
		log.Fatal(err)
	}
	shared, err := corpus.Shared(corpus.PagesDir(*pagesDir))
	if err != nil {
		log.Fatal(err)
	}
	aeb, _, err := corpus.Aeb(corpus.AebDir(*aebDir))
	if err != nil {
		log.Fatal(err)
	}
	pages := append(shared, aeb...)
	var ours, fast, ext, combo, n int
	var tOurs, tFast, tExt time.Duration
	for _, p := range pages {
		t, ok := truth[p.Name]
		if !ok {
			continue
		}
		n++
		want, err := score.ParseTruthDate(t.Published)
		if err != nil && t.Published != "" {
			log.Fatalf("%s: %v", p.Name, err)
		}
		u := t.URL
		start := time.Now()
		res, _ := extract.Newslooks.Extract(p.Source, u)
		tOurs += time.Since(start)
		root, _ := html.Parse(bytes.NewReader(p.Source))
		start = time.Now()
		hf, _ := htmldate.FromDocument(root, htmldate.Options{URL: u, ExtractTime: true, UseOriginalDate: true, SkipExtensiveSearch: true})
		tFast += time.Since(start)
		root, _ = html.Parse(bytes.NewReader(p.Source))
		start = time.Now()
		he, _ := htmldate.FromDocument(root, htmldate.Options{URL: u, ExtractTime: true, UseOriginalDate: true})
		tExt += time.Since(start)
		okOurs := score.DateMatches(res.Published, want)
		okFast := score.DateMatches(hf.DateTime, want)
		okExt := score.DateMatches(he.DateTime, want)
		if okOurs {
			ours++
		}
		if okFast {
			fast++
		}
		if okExt {
			ext++
		}
		c := res.Published
		if c.IsZero() {
			c = hf.DateTime
		}
		if score.DateMatches(c, want) {
			combo++
		}
		if !okOurs || !okFast || !okExt {
			fmt.Printf("%-12s truth %-26s newslooks %-26s htmldate-fast %-26s extensive %s\n", p.Name[:min(10, len(p.Name))], t.Published, show(res.Published), show(hf.DateTime), show(he.DateTime))
		}
	}
	fmt.Printf("\n%d pages: newslooks %d, htmldate fast %d, htmldate extensive %d, newslooks else htmldate fast %d\n", n, ours, fast, ext, combo)
	fmt.Printf("time per page: newslooks whole extraction %v, htmldate fast %v, htmldate extensive %v (dates only, on a parsed tree)\n",
		tOurs/time.Duration(n), tFast/time.Duration(n), tExt/time.Duration(n))
}

func show(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.RFC3339)
}
