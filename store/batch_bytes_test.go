package store

import (
	"context"
	"testing"
)

// TestPutBatchLarge stores 10,000 articles in one PutBatch on SQLite: the
// batch is split internally by bytes as well as count, so its size is the
// caller's choice, not a memory limit of the database.
func TestPutBatchLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 10,000 articles")
	}
	ctx := context.Background()
	s := openTest(t, sqliteFactory(t))
	const n = 10_000
	items := make([]Item, n)
	for i := range items {
		items[i] = Item{genArticle(7, i), PutInfo{Source: "file"}}
	}
	out, err := s.PutBatch(ctx, items)
	if err != nil {
		t.Fatalf("PutBatch of %d: %v", n, err)
	}
	if len(out) != n {
		t.Fatalf("%d outcomes, want %d", len(out), n)
	}
	st, err := s.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != n {
		t.Errorf("%d articles stored, want %d", st.Articles, n)
	}
	// Every article is searchable: the last one's headline finds it.
	hits, err := s.Search(ctx, items[n-1].Article.Headline, SearchOptions{Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range hits {
		found = found || h.URL == items[n-1].Article.URL
	}
	if !found {
		t.Errorf("the batch's last article is not found by its headline")
	}
}

// TestPutBatchSameURLTwice changes an article within one batch: only the
// newer version is searchable.
func TestPutBatchSameURLTwice(t *testing.T) {
	ctx := context.Background()
	for name, newDSN := range backends() {
		t.Run(name, func(t *testing.T) {
			s := openTest(t, newDSN(t))
			first := story("https://news.example/a", "Harbour storm", "The harbour storm closed the port on Monday morning for hours.")
			second := story("https://news.example/a", "Harbour storm", "The council budget vote was delayed by a week after the talks failed.")
			out, err := s.PutBatch(ctx, []Item{{first, PutInfo{Source: "url"}}, {second, PutInfo{Source: "url"}}})
			if err != nil {
				t.Fatal(err)
			}
			if out[0] != New || out[1] != Updated {
				t.Fatalf("outcomes %v, want [new updated]", out)
			}
			for q, want := range map[string]int{"port": 0, "budget": 1} {
				hits, err := s.Search(ctx, q, SearchOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if len(hits) != want {
					t.Errorf("search %q: %d hits, want %d", q, len(hits), want)
				}
			}
		})
	}
}
