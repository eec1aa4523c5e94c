package source_test

import (
	"context"
	"fmt"
	"log"
	"path/filepath"
	"strings"

	"github.com/newsingest/newslooks/page"
	"github.com/newsingest/newslooks/source"
)

// Read a folder (web pages and text copies, one or many articles a file)
// and a stream, as the command does, in one loop.
func Example() {
	list, err := source.Expand([]string{"../demo"})
	if err != nil {
		log.Fatal(err)
	}
	copyText := `Harbor Tunnel Reopens After Repairs/ Newslooks/ NEW YORK/ A. Reyes/ Evening Edition/ The tunnel reopened.

NEW YORK — The Harbor Tunnel reopened to traffic on Monday.`
	// The folder's files, walked as the loop goes, then the stream.
	inputs := func(yield func(source.Input) bool) {
		for in := range list.All() {
			if !yield(in) {
				return
			}
		}
		yield(source.FromReader("stream", strings.NewReader(copyText)))
	}

	// The zero Reader has the defaults; here, pages and text over 1 MiB
	// are errors.
	r := &source.Reader{Parser: &page.Parser{MaxBytes: 1 << 20}}
	for it, err := range r.ReadAll(context.Background(), inputs) {
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Printf("%s: %s\n", filepath.Base(it.Source), it.Article.Headline)
	}
	// Output:
	// ars-technica.html: Just-released Minecraft exploit makes it easy to crash game servers
	// dump.txt: Portland Approves Tiny Home Village for Veterans
	// dump.txt: Minor League Team Unveils Plans for Riverfront Ballpark
	// dump.txt: Honeybee Losses Ease After Mild Winter, Survey Finds
	// hard-wrapped.txt: Fed Holds Rates Steady, Signals Patience as Inflation Cools
	// three-authors.txt: Transit Strike Averted as Bay Area Rail Workers Reach Tentative Deal
	// washington-post.html: Attack stokes instability fears in North Africa
	// xi-putin.html: Xi, Putin Deepen Ties With Energy, Security Deals Facing US Challenges
	// xi-putin.txt: Xi, Putin Deepen Ties With Energy, Security Deals Facing US Challenges
	// stream: Harbor Tunnel Reopens After Repairs
}

// Walk a folder as the loop goes: each file is yielded when the walk
// reaches it, and Skipped counts what it left out (here README.md).
func ExampleList_All() {
	list, err := source.Expand([]string{"../demo", "https://example.org/news/1"})
	if err != nil {
		log.Fatal(err)
	}
	for in := range list.All() {
		fmt.Println(filepath.ToSlash(in.Name))
	}
	fmt.Println(list.Skipped)
	// Output:
	// ../demo/ars-technica.html
	// ../demo/dump.txt
	// ../demo/hard-wrapped.txt
	// ../demo/three-authors.txt
	// ../demo/washington-post.html
	// ../demo/xi-putin.html
	// ../demo/xi-putin.txt
	// https://example.org/news/1
	// map[not .txt/.html/.htm/.warc/.warc.gz:1]
}
