package store

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mixedBatch is a batch large enough for the prefetch (prefetchMin) in
// which later items meet earlier ones of the same batch: an exact copy
// under another URL, a near copy, a changed version of a URL, the same
// article again. It has more new articles than one PostgreSQL write
// carries (maxPGRows), so that its queue is written several times, and
// the copies are of articles still queued when they come.
func mixedBatch() ([]Item, []Outcome) {
	var items []Item
	var want []Outcome
	add := func(it Item, o Outcome) { items = append(items, it); want = append(want, o) }
	for i := range maxPGRows * 3 / 2 {
		add(Item{genArticle(21, i), PutInfo{Source: "feed"}}, New)
	}
	exact := *genArticle(21, maxPGRows+5)
	exact.URL = "https://mirror.example/5"
	add(Item{&exact, PutInfo{Source: "feed"}}, Duplicate)
	near := *genArticle(21, maxPGRows+7)
	near.URL = "https://wire.example/7"
	near.Sections = slices.Clone(near.Sections)
	near.Sections[0].Paragraphs = append([]string{"(AP) —"}, near.Sections[0].Paragraphs[1:]...)
	add(Item{&near, PutInfo{Source: "feed"}}, NearDuplicate)
	changed := *genArticle(21, maxPGRows+9)
	changed.Sections = []Section{{Paragraphs: []string{"An entirely new body for the ninth story, about the harbour budget vote."}}}
	add(Item{&changed, PutInfo{Source: "feed"}}, Updated)
	add(Item{genArticle(21, maxPGRows+11), PutInfo{Source: "feed"}}, Unchanged)
	for i := range 30 {
		add(Item{genArticle(22, i), PutInfo{Source: "feed"}}, New)
	}
	return items, want
}

// TestBatchContract stores mixedBatch in one PutBatch on each backend:
// the outcomes are those of one Put at a time (listed by mixedBatch), the articles and
// aliases are all there, and storing the batch again, which adds nothing,
// leaves no gap in the ids: the next new article takes the next id.
func TestBatchContract(t *testing.T) {
	old := maxPGRows
	maxPGRows = 40
	defer func() { maxPGRows = old }()
	for name, newDSN := range backends() {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			s := openTest(t, newDSN(t))
			items, want := mixedBatch()
			out, err := s.PutBatch(ctx, items)
			require.NoError(t, err)
			require.Equal(t, want, out)

			st, err := s.Status(ctx)
			require.NoError(t, err)
			assert.Equal(t, int64(maxPGRows*3/2+30), st.Articles, "first copies")
			assert.Equal(t, int64(1), st.Duplicates, "aliases")
			assert.Equal(t, int64(1), st.NearDuplicates)
			hits, err := s.Search(ctx, "harbour budget vote", SearchOptions{})
			require.NoError(t, err)
			require.Len(t, hits, 1, "the changed version is searchable")
			assert.Equal(t, items[maxPGRows+9].Article.URL, hits[0].URL)
			var bands int
			require.NoError(t, s.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM bands) + (SELECT COUNT(*) FROM bands_recent)`).Scan(&bands))
			assert.Equal(t, (maxPGRows*3/2+30)*21, bands, "band keys of every first copy")

			var maxID int64
			require.NoError(t, s.db.QueryRowContext(ctx, `SELECT MAX(id) FROM articles`).Scan(&maxID))
			again, err := s.PutBatch(ctx, items)
			require.NoError(t, err)
			assert.NotContains(t, again, New)
			next := genArticle(23, 0)
			mustPut(t, s, next, PutInfo{Source: "feed"}, New)
			var nextID int64
			require.NoError(t, s.db.QueryRowContext(ctx, s.d.rebind(`SELECT id FROM articles WHERE url = ?`), next.URL).Scan(&nextID))
			assert.Equal(t, maxID+1, nextID, fmt.Sprintf("ids after a batch of nothing new (%s)", name))
		})
	}
}
