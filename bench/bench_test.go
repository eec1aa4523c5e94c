package bench

import (
	"flag"
	"net/url"
	"testing"

	"github.com/newsingest/newslooks/bench/internal/corpus"
	"github.com/newsingest/newslooks/bench/internal/extract"
	"github.com/newsingest/newslooks/bench/internal/report"
)

var (
	pagesFlag    = flag.String("pages", "", "directory of the shared pages (*/source.html); default $"+corpus.EnvPages+" or "+corpus.DefaultPages)
	testdataFlag = flag.String("testdata", corpus.DefaultTestdata, "the newslooks testdata directory with the Newslooks page fixtures")
)

// BenchmarkNewslooks times every library on the Newslooks page fixtures.
func BenchmarkNewslooks(b *testing.B) {
	pages, err := corpus.Newslooks(*testdataFlag)
	if err != nil {
		b.Fatal(err)
	}
	benchPages(b, pages)
}

// BenchmarkCompact times every library on a compact Newslooks page of the
// sample (under 7 KB: the article and little chrome), the size of page the
// issue's reference figures were measured on. Peers' fixed costs weigh
// more on a small page than on the full fixtures.
func BenchmarkCompact(b *testing.B) {
	pages, err := corpus.Compact("testdata")
	if err != nil {
		b.Fatal(err)
	}
	benchPages(b, pages)
}

// BenchmarkShared times every library on the real news pages of
// shared/pages, where newslooks falls back on go-readability.
func BenchmarkShared(b *testing.B) {
	dir := corpus.PagesDir(*pagesFlag)
	pages, err := corpus.Shared(dir)
	if err != nil {
		b.Skipf("skipping the shared pages: %v", err)
	}
	benchPages(b, pages)
}

// benchPages runs one sub-benchmark per page and library, the libraries of
// one page one after another so that their ratios are measured close
// together in time.
func benchPages(b *testing.B, pages []corpus.Page) {
	for _, p := range pages {
		u, err := url.Parse(p.URL)
		if err != nil {
			b.Fatalf("%s: %v", p.Name, err)
		}
		for _, lib := range extract.All() {
			b.Run("page="+p.Name+"/lib="+lib.Name, func(b *testing.B) {
				// A library that fails on the page is not timed: its
				// error path says nothing about its speed.
				if _, err := lib.Parse(p.Source, p.URL, u); err != nil {
					b.Skipf("%s fails on %s: %v", lib.Name, p.Name, err)
				}
				b.SetBytes(int64(len(p.Source)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := lib.Parse(p.Source, p.URL, u); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(len(p.Source)), report.SrcBytes)
			})
		}
	}
}
