package store

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks"
)

// TestSearchRecentWindow checks the search window of each backend: a
// query that matches enough recent articles is ranked among them, and one
// that does not is ranked over the whole store.
func TestSearchRecentWindow(t *testing.T) {
	old, oldPG := recentWindow, recentWindowPostgres
	recentWindow, recentWindowPostgres = 4, 4
	defer func() { recentWindow, recentWindowPostgres = old, oldPG }()
	for name, f := range backends() {
		t.Run(name, func(t *testing.T) {
			s, err := Open(t.Context(), f(t))
			require.NoError(t, err)
			defer s.Close()
			for i := range 10 {
				word := "harbor"
				if i == 0 {
					word = "harbor lighthouse" // only the oldest article
				}
				a := &newslooks.Article{
					Headline: fmt.Sprintf("Story %d", i),
					URL:      fmt.Sprintf("https://news.example/%d", i),
					Sections: []newslooks.Section{{Paragraphs: []string{fmt.Sprintf("The %s story number %d of the town council.", word, i)}}},
				}
				_, err := s.Put(t.Context(), a, PutInfo{Source: "test"})
				require.NoError(t, err)
			}
			hits, err := s.Search(t.Context(), "harbor", SearchOptions{Limit: 3})
			require.NoError(t, err)
			require.Len(t, hits, 3)
			for _, h := range hits {
				assert.Contains(t, []string{"Story 6", "Story 7", "Story 8", "Story 9"}, h.Headline, "ranked among the 4 most recent")
			}
			hits, err = s.Search(t.Context(), "harbor", SearchOptions{Limit: 5})
			require.NoError(t, err)
			assert.Len(t, hits, 5, "fewer recent matches than the limit: ranked over all")
			hits, err = s.Search(t.Context(), "lighthouse", SearchOptions{Limit: 3})
			require.NoError(t, err)
			require.Len(t, hits, 1)
			assert.Equal(t, "Story 0", hits[0].Headline, "a rare word still finds an old article")
		})
	}
}
