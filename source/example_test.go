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
	inputs := append(list.Inputs, source.FromReader("stream", strings.NewReader(copyText)))

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
