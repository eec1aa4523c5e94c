//go:build linux

// Command dateprof shows where newslooks's time goes on the development
// pages (trafilatura's development half, aeb-dev, shared/pages), page by
// page: it parses every page -rounds times on one locked OS thread, with
// each page's CPU profile samples labelled with its name, so that one
// function's share (go-htmldate's, say) can be read per function and per
// page:
//
//	go run ./cmd/dateprof -rounds 8 -cpuprofile cpu.out
//	go tool pprof -top -cum -focus=page.libraryDate cpu.out
//	go tool pprof -tags -focus=page.libraryDate cpu.out   # per page
//
// -times prints each parse's thread CPU time (µs) to standard error, and
// -dates prints each page's publication date with the reference date,
// to compare two builds' dates page by page.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"golang.org/x/sys/unix"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/newsingest/newslooks/bench/internal/corpus"
	"github.com/newsingest/newslooks/page"
)

// A devPage is one page of the development sets.
type devPage struct {
	name string // "t:", "a:" or "s:" and the page's name in its set
	url  string
	want string // the reference publication date, YYYY-MM-DD, or ""
	src  []byte
}

func main() {
	runtime.LockOSThread() // thread CPU time is the time of this thread
	rounds := flag.Int("rounds", 5, "passes over all pages")
	prof := flag.String("cpuprofile", "", "write a CPU profile, samples labelled page=NAME")
	times := flag.Bool("times", false, "print each parse's thread CPU time to standard error")
	dates := flag.Bool("dates", false, "print each page's publication date and reference date, and stop")
	truthPath := flag.String("truth", "testdata/metadata-truth.json", "the metadata truth of aeb-dev and shared/pages")
	pagesDir := flag.String("pages", "", "shared pages")
	aebDir := flag.String("aeb", "", "aeb-dev")
	flag.Parse()
	pages, err := load(*truthPath, *pagesDir, *aebDir)
	if err != nil {
		log.Fatal(err)
	}
	if *dates {
		for _, p := range pages {
			a, err := page.ParseHTML(bytes.NewReader(p.src), p.url)
			if err != nil {
				fmt.Printf("%s\terror: %v\t%s\n", p.name, err, p.want)
				continue
			}
			fmt.Printf("%s\t%s\t%s\n", p.name, a.Published.Format(time.RFC3339), p.want)
		}
		return
	}
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	for range *rounds {
		for _, p := range pages {
			t0 := threadCPU()
			pprof.Do(context.Background(), pprof.Labels("page", p.name), func(context.Context) {
				_, _ = page.ParseHTML(bytes.NewReader(p.src), p.url)
			})
			if *times {
				fmt.Fprintf(os.Stderr, "TOTAL\t%s\t%d\n", p.name, (threadCPU()-t0)/1000)
			}
		}
	}
}

// load reads the three development sets.
func load(truthPath, pagesDir, aebDir string) ([]devPage, error) {
	truth, err := corpus.LoadMetaTruth(truthPath)
	if err != nil {
		return nil, err
	}
	want := func(name string) string {
		w := truth[name].Published
		if len(w) > len(time.DateOnly) {
			w = w[:len(time.DateOnly)]
		}
		return w
	}
	entries, err := corpus.LoadTrafilaturaDev()
	if err != nil {
		return nil, err
	}
	var pages []devPage
	for _, e := range entries {
		pages = append(pages, devPage{"t:" + e.Name, e.URL, e.Date, e.Source})
	}
	aeb, _, err := corpus.Aeb(corpus.AebDir(aebDir))
	if err != nil {
		return nil, err
	}
	for _, p := range aeb {
		pages = append(pages, devPage{"a:" + p.Name, p.URL, want(p.Name), p.Source})
	}
	shared, err := corpus.Shared(corpus.PagesDir(pagesDir))
	if err != nil {
		return nil, err
	}
	for _, p := range shared {
		pages = append(pages, devPage{"s:" + p.Name, p.URL, want(p.Name), p.Source})
	}
	return pages, nil
}

// threadCPU returns the CPU time the calling OS thread has used.
func threadCPU() time.Duration {
	var ts unix.Timespec
	_ = unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts)
	return time.Duration(ts.Nano())
}
