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
	benchPages(b, sharedPages(b))
}

// sharedPages loads the pages of shared/pages, skipping the benchmark
// when they are absent.
func sharedPages(b *testing.B) []corpus.Page {
	pages, err := corpus.Shared(corpus.PagesDir(*pagesFlag))
	if err != nil {
		b.Skipf("skipping the shared pages: %v", err)
	}
	return pages
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

var aebFlag = flag.String("aeb", "", "directory of the aeb-dev pages; default $"+corpus.EnvAeb+" or "+corpus.DefaultAeb)

// BenchmarkAebDev times newslooks, go-readability (FromReader) and bare
// html.Parse over all 61 pages of aeb-dev, one whole pass of the corpus
// per iteration, each library in a pass of its own: its throughput and
// allocations. The ratios between libraries that the targets are
// judged on come from BenchmarkSideBySide, which parses each page with
// every library in turn; passes seconds apart see different loads.
// go-trafilatura is left out: it would take minutes and the targets do
// not name it.
func BenchmarkAebDev(b *testing.B) {
	benchCorpus(b, aebDevPages(b))
}

// aebDevPages loads the pages of aeb-dev, skipping the benchmark when
// they are absent.
func aebDevPages(b *testing.B) []corpus.Page {
	pages, _, err := corpus.Aeb(corpus.AebDir(*aebFlag))
	if err != nil {
		b.Skipf("skipping aeb-dev: %v", err)
	}
	return pages
}

// BenchmarkTrafilaturaDev times newslooks, go-readability (FromReader) and
// bare html.Parse over the development half of trafilatura's evaluation
// set (see cmd/eval), one whole pass per iteration as BenchmarkAebDev
// does: pages from many more publishers and languages than aeb-dev's.
func BenchmarkTrafilaturaDev(b *testing.B) {
	benchCorpus(b, trafilaturaDevPages(b))
}

// trafilaturaDevPages loads the pages of the development half of
// trafilatura's evaluation set, skipping the benchmark when
// go-trafilatura's module cannot be found.
func trafilaturaDevPages(b *testing.B) []corpus.Page {
	dir, err := corpus.ModuleDir()
	if err != nil {
		b.Skipf("skipping trafilatura's set: %v", err)
	}
	entries, _, err := corpus.TrafilaturaDev(dir)
	if err != nil {
		b.Fatal(err)
	}
	pages := make([]corpus.Page, len(entries))
	for i, e := range entries {
		pages[i] = e.Page
	}
	return pages
}

// benchCorpus times newslooks, go-readability and html.Parse over all the
// pages, each library in a sub-benchmark of its own, one whole pass of the
// pages per iteration. go-trafilatura is left out: it would take minutes
// and the targets do not name it.
func benchCorpus(b *testing.B, pages []corpus.Page) {
	urls, size := pageURLs(b, pages)
	for _, lib := range []extract.Lib{extract.Newslooks, extract.Readability, extract.Floor} {
		// One "page", the whole corpus, so that cmd/eval's speed tables
		// show the corpus as a group like the others.
		b.Run("page=all/lib="+lib.Name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for i, p := range pages {
					// A page a library rejects (not an article) is still
					// timed: the work up to the rejection is its cost.
					_, _ = lib.Parse(p.Source, p.URL, urls[i])
				}
			}
			b.ReportMetric(float64(size), report.SrcBytes)
		})
	}
}

// pageURLs parses the address of every page, once, outside the timed
// loops, and adds up the pages' bytes.
func pageURLs(b *testing.B, pages []corpus.Page) ([]*url.URL, int64) {
	urls := make([]*url.URL, len(pages))
	var size int64
	for i, p := range pages {
		var err error
		if urls[i], err = url.Parse(p.URL); err != nil {
			b.Fatalf("%s: %v", p.Name, err)
		}
		size += int64(len(p.Source))
	}
	return urls, size
}
