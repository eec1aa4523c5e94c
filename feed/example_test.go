package feed_test

import (
	"fmt"
	"log"
	"os"

	"github.com/newsingest/newslooks/feed"
)

// Read a feed, and make an article of each item that holds the whole of
// one, without fetching its page.
func Example() {
	f, err := os.Open("testdata/feeds/atom.xml")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	items, err := feed.Read(f)
	if err != nil {
		log.Fatal(err)
	}
	for _, it := range items {
		if !it.HasFullArticle() {
			fmt.Println("fetch", it.Link)
			continue
		}
		a, err := it.Article(nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(a.Headline, "|", a.Dateline, "|", a.Byline.Authors)
	}
	// Output:
	// Harbor Town Votes to Rebuild Its Storm-Battered Pier | PORTLAND | [R. Okafor]
	// fetch https://newslooks.example/rail-strike-talks/
	// fetch https://newslooks.example/city-library-hours/
}
