package fetch_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/newsingest/newslooks/fetch"
	"github.com/newsingest/newslooks/page"
)

// Fetch a page and parse it. The Fetcher hands over the bytes as they
// came; the page parser decodes them, by the HTTP charset here.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html := `<html><head><meta property="og:site_name" content="Kyiv Daily"></head><body><article>` +
			`<h1>Київ святкує</h1><p>КИЇВ — Місто святкувало в неділю.</p></article></body></html>`
		body, _ := charmap.Windows1251.NewEncoder().String(html)
		w.Header().Set("Content-Type", "text/html; charset=windows-1251")
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	pageURL := srv.URL + "/story"

	f := &fetch.Fetcher{Timeout: 10 * time.Second} // zero value: 30 s, 16 MiB, 10 redirects
	pg, err := f.Fetch(context.Background(), pageURL)
	if err != nil {
		var fe *fetch.Error
		if errors.As(err, &fe) && fe.StatusCode != 0 {
			log.Fatalf("%s: status %d", fe.URL, fe.StatusCode)
		}
		log.Fatal(err)
	}
	a, err := new(page.Parser).ParseResponse(bytes.NewReader(pg.Body), pg.URL, pg.Header.Get("Content-Type"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Headline, "|", a.Byline.Publisher, "|", a.Dateline)
	// Output:
	// Київ святкує | Kyiv Daily | КИЇВ
}
