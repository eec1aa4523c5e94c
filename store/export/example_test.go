package export_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/store"
	"github.com/newsingest/newslooks/store/export"
)

// Export a store's articles as CSV, one record per article after a header.
func ExampleNewCSV() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "export-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	s, err := store.Open(ctx, filepath.Join(dir, "news.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	a := &newslooks.Article{Headline: "Harbor town votes to rebuild its pier", URL: "https://news.example/pier",
		Byline:   newslooks.Byline{Authors: []string{"A. Writer", "B. Writer"}},
		Sections: []newslooks.Section{{Paragraphs: []string{"The vote was 5 to 2, after a long night."}}}}
	if _, err := s.Put(ctx, a, store.PutInfo{Source: "feed"}); err != nil {
		log.Fatal(err)
	}

	var out strings.Builder
	w := export.NewCSV(&out)
	for st, err := range s.Export(ctx, store.ExportOptions{}) {
		if err != nil {
			log.Fatal(err)
		}
		if err := w.Write(st); err != nil {
			log.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}

	records, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	for i, name := range records[0][:6] {
		fmt.Printf("%s: %q\n", name, records[1][i])
	}
	// Output:
	// id: "1"
	// duplicate_of: ""
	// url: "https://news.example/pier"
	// headline: "Harbor town votes to rebuild its pier"
	// summary: ""
	// authors: "A. Writer; B. Writer"
}
