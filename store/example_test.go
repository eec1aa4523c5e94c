package store_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sync"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/store"
)

func article(url, headline string, paragraphs ...string) *newslooks.Article {
	return &newslooks.Article{Headline: headline, URL: url, Sections: []newslooks.Section{{Paragraphs: paragraphs}}}
}

// tempDB returns the path of a new SQLite file for an example.
func tempDB() (string, func()) {
	dir, err := os.MkdirTemp("", "newslooks-example-")
	if err != nil {
		log.Fatal(err)
	}
	return filepath.Join(dir, "newslooks.db"), func() { os.RemoveAll(dir) }
}

// Store articles, see what the store did with each, and search them.
func Example() {
	path, cleanup := tempDB()
	defer cleanup()
	ctx := context.Background()
	s, err := store.Open(ctx, path) // or "postgres://…", or "" for newslooks.db
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	body := []string{
		"Prosecutors in Sweden have dropped an investigation into a rape allegation made against Julian Assange.",
		"The evidence had weakened considerably due to the long period of time since the events, a prosecutor said.",
	}
	for _, a := range []*newslooks.Article{
		article("https://news.example/world/assange?utm_source=rss", "Sweden drops Assange case", body...),
		article("https://news.example/world/assange/", "Sweden drops Assange case", body...),      // the same URL
		article("https://mirror.example/assange-sweden", "Assange case dropped", body...),         // the same body
		article("https://news.example/science/feathers", "Feather duvet lung", "A man fell ill."), // another story
	} {
		out, err := s.Put(ctx, a, store.PutInfo{Source: "url"})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(out)
	}

	hits, err := s.Search(ctx, "prosecutor evidence", store.SearchOptions{Limit: 10})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range hits {
		fmt.Println(h.URL, "|", h.Headline)
	}
	// Output:
	// new
	// unchanged
	// duplicate
	// new
	// https://news.example/world/assange | Sweden drops Assange case
}

// Export streams the stored articles as they were stored.
func ExampleStore_Export() {
	path, cleanup := tempDB()
	defer cleanup()
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	s.Put(ctx, article("https://news.example/a", "First", "One paragraph."), store.PutInfo{Source: "feed"})
	s.Put(ctx, article("https://news.example/b", "Second", "Another paragraph."), store.PutInfo{Source: "file"})

	for st, err := range s.Export(ctx, store.ExportOptions{}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(st.ID, st.Source, string(st.JSON))
	}
	// Output:
	// 1 feed {"headline":"First","byline":{"publisher":"","location":"","authors":[],"edition":""},"summary":"","quick_looks":{"title":"","items":[]},"dateline":"","sections":[{"heading":"","paragraphs":["One paragraph."]}],"url":"https://news.example/a"}
	// 2 file {"headline":"Second","byline":{"publisher":"","location":"","authors":[],"edition":""},"summary":"","quick_looks":{"title":"","items":[]},"dateline":"","sections":[{"heading":"","paragraphs":["Another paragraph."]}],"url":"https://news.example/b"}
}

// Status counts the articles by source, the duplicates, and the failures
// recorded by reason.
func ExampleStore_Status() {
	path, cleanup := tempDB()
	defer cleanup()
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	s.Put(ctx, article("https://news.example/a", "First", "One paragraph of text."), store.PutInfo{Source: "feed"})
	s.Put(ctx, article("https://other.example/a", "First", "One paragraph of text."), store.PutInfo{Source: "feed"})
	s.RecordFailure(ctx, store.Failure{Source: "broken.html", Reason: "parse", Message: "broken.html: no article"})

	st, err := s.Status(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st.Backend, st.Articles, st.BySource, st.Duplicates, st.Failures)
	// Output:
	// sqlite 1 map[feed:1] 1 map[parse:1]
}

// Prepare does an article's per-article work (JSON, text, content hash,
// canonical URL, fingerprint) where the articles are made, here in
// goroutines of their own; PutPrepared then only writes them, in order.
func ExampleStore_Prepare() {
	path, cleanup := tempDB()
	defer cleanup()
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	arts := []*newslooks.Article{
		article("https://news.example/a", "First", "One paragraph about the harbour."),
		article("https://news.example/b", "Second", "Another paragraph about the mountains."),
		article("https://mirror.example/a", "First, again", "One paragraph about the harbour."),
	}
	preps := make([]*store.Prepared, len(arts))
	errs := make([]error, len(arts))
	var wg sync.WaitGroup
	for i, a := range arts {
		wg.Go(func() { preps[i], errs[i] = s.Prepare(a, store.PutInfo{Source: "feed"}) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		log.Fatal(err)
	}
	outcomes, err := s.PutPrepared(ctx, preps)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(outcomes)
	// Output:
	// [new new duplicate]
}
