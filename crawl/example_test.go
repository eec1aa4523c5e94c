package crawl_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/crawl"
)

// Example crawls a news site's feed once: robots.txt first, then the feed,
// then each article it lists, one request at a time and apart.
func Example() {
	body := strings.Repeat("<p>The council met on Tuesday evening to discuss the plan for the harbor and its pier.</p>", 5)
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /drafts/\n")
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>Harbor News</title>
<item><title>Pier</title><link>http://%[1]s/news/pier</link></item>
<item><title>Ferry</title><link>http://%[1]s/news/ferry</link></item>
<item><title>Draft</title><link>http://%[1]s/drafts/secret</link></item>
</channel></rss>`, r.Host)
	})
	mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/news/")
		fmt.Fprintf(w, `<html><head><title>%s</title></head><body><article><h1>Harbor votes on the %s</h1>%s</article></body></html>`, name, name, body)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	var (
		mu        sync.Mutex
		headlines []string
	)
	state := new(crawl.MemoryState)
	c := &crawl.Crawler{
		State: state,
		Store: func(ctx context.Context, a *newslooks.Article, e crawl.Entry) error {
			mu.Lock()
			defer mu.Unlock()
			headlines = append(headlines, a.Headline)
			return nil
		},
		Contact:      "https://example.org/newsbot",
		MinDelay:     10 * time.Millisecond, // 1 s by default
		AllowPrivate: true,                  // the test server is on loopback
		Logger:       slog.New(slog.DiscardHandler),
	}
	if err := c.Run(context.Background(), []crawl.Source{{URL: srv.URL + "/feed.xml", Kind: crawl.Feed}}); err != nil {
		fmt.Println(err)
	}
	slices.Sort(headlines)
	fmt.Println(strings.Join(headlines, "\n"))
	rec, _, _ := state.URL(context.Background(), srv.URL+"/drafts/secret")
	fmt.Println(rec.Status, rec.Reason)
	// Output:
	// Harbor votes on the ferry
	// Harbor votes on the pier
	// skipped robots.txt disallows
}
