package store

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/driver"
	"github.com/ncruces/go-sqlite3/ext/fts5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks"
)

func TestSearchTerms(t *testing.T) {
	assert.Equal(t, []string{"the", "energy"}, searchTerms("the THE the, energy The"))
	var many []string
	for i := range 40 {
		many = append(many, fmt.Sprintf("w%d w%d", i, i))
	}
	terms := searchTerms(strings.Join(many, " "))
	require.Len(t, terms, MaxSearchTerms)
	assert.Equal(t, "w0", terms[0])
	assert.Equal(t, fmt.Sprintf("w%d", MaxSearchTerms-1), terms[MaxSearchTerms-1])
	assert.Empty(t, searchTerms(`"" *** ( ) -^:`))
}

// putStory stores one article that holds the words of text.
func putStory(t *testing.T, s *Store, headline, text string) {
	t.Helper()
	a := &newslooks.Article{
		Headline: headline,
		URL:      "https://news.example/" + strings.ReplaceAll(strings.ToLower(headline), " ", "-"),
		Sections: []newslooks.Section{{Paragraphs: []string{text}}},
	}
	_, err := s.Put(t.Context(), a, PutInfo{Source: "test"})
	require.NoError(t, err)
}

// TestSearchRepeatedWord: a query of one word repeated hundreds of times
// is the query of that word (it took minutes and ignored Ctrl-C).
func TestSearchRepeatedWord(t *testing.T) {
	for name, f := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := openTest(t, f(t))
			putStory(t, s, "Harbor Council", "The harbor council met on the pier and the town voted for the new lighthouse.")
			putStory(t, s, "Library Hours", "The library opens later on Sundays, the board said.")
			query := strings.Repeat("the ", 800) + " harbor " + strings.Repeat("the ", 800)
			hits, err := s.Search(t.Context(), query, SearchOptions{})
			require.NoError(t, err)
			require.Len(t, hits, 1)
			assert.Equal(t, "Harbor Council", hits[0].Headline)
		})
	}
}

// TestSearchQueryInterrupted: the context interrupts a search query
// that would never end, on either backend, and the error is the
// context's cause (a timeout, a Ctrl-C), not the driver's.
func TestSearchQueryInterrupted(t *testing.T) {
	const endless = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
		SELECT x, '', '', NULL, '', '', 0.0 FROM c WHERE x < 0`
	for name, f := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := openTest(t, f(t))
			stop := errors.New("stopped by the test")
			ctx, cancel := context.WithCancelCause(t.Context())
			done := make(chan error)
			go func() {
				_, err := s.queryHits(ctx, endless, nil)
				done <- err
			}()
			// Cancel once the query holds a connection: the driver, not
			// database/sql, has to stop it.
			for s.db.Stats().InUse == 0 {
				runtime.Gosched()
			}
			cancel(stop)
			require.ErrorIs(t, <-done, stop)

			// A deadline that has passed: the search never starts.
			_, err := s.Search(t.Context(), "harbor", SearchOptions{Timeout: 1})
			require.ErrorIs(t, err, ErrSearchTimeout)
		})
	}
}

// FuzzSearchQuery: whatever a person types, the query builder gives at
// most MaxSearchTerms distinct words, and SQLite's full-text engine reads
// the FTS5 query it builds without a syntax error. Seeds are in
// testdata/fuzz/FuzzSearchQuery.
//
//	go test -run XXX -fuzz FuzzSearchQuery -fuzztime 2m ./store
func FuzzSearchQuery(f *testing.F) {
	f.Add(`putin energy`)
	f.Add(`"the" AND NEAR(a b) * OR -x ^col:y`)
	db, err := driver.Open(":memory:", func(c *sqlite3.Conn) error { return fts5.Register(c) })
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61 remove_diacritics 2')`); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, query string) {
		terms := searchTerms(query)
		if len(terms) > MaxSearchTerms {
			t.Fatalf("%d terms", len(terms))
		}
		seen := map[string]bool{}
		for _, w := range terms {
			if w == "" || seen[w] || !utf8.ValidString(w) && utf8.ValidString(query) {
				t.Fatalf("term %q of %q", w, query)
			}
			seen[w] = true
		}
		if len(terms) == 0 {
			return
		}
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM t WHERE t MATCH ?`, ftsQuery(terms)).Scan(&n); err != nil {
			t.Fatalf("query %q: FTS5 query %q: %v", query, ftsQuery(terms), err)
		}
	})
}

// TestSearchOperatorsAreWords: whatever a person types, quotes, a leading
// "-", OR, tsquery and FTS5 operators and stray punctuation, neither
// backend fails, and none is read as an operator: every word of the query
// is searched for (PostgreSQL gets the words through plainto_tsquery;
// websearch_to_tsquery would read "or" and "-" as operators). The two
// backends find the same articles, but for stop words, which PostgreSQL's
// "english" configuration drops and SQLite searches for.
func TestSearchOperatorsAreWords(t *testing.T) {
	same := []string{
		`"harbor council`, `harbor -council`, `harbor | library`, `!harbor`, `harbor & !council`, `harbor <-> council`,
		`harb:*`, `'harbor'`, `\harbor\`, `(harbor))`, `harbor NEAR(council)`, `-`, `""`, `"`, `***`, `e-mail harbor`,
		`lighthouse, pier; (voted)!`, "harbor\x00council", `café harbor`,
	}
	withStopWords := []string{`harbor OR library`, `harbor or library`, `harbor:A`, `harbor's`, `board AND NOT sundays`}
	found := map[string]map[string][]string{}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			s := openTest(t, backends()[name](t))
			putStory(t, s, "Harbor Council", "The harbor council met on the pier and the town voted for the new lighthouse.")
			putStory(t, s, "Library Hours", "The library opens later on Sundays, the board said, or so the e-mail read.")
			putStory(t, s, "Harbor Library", "A library by the harbor: the council's café, not the board's, opens at noon.")
			found[name] = map[string][]string{}
			for _, q := range append(same, withStopWords...) {
				hits, err := s.Search(t.Context(), q, SearchOptions{})
				require.NoError(t, err, "query %q", q)
				var heads []string
				for _, h := range hits {
					heads = append(heads, h.Headline)
				}
				slices.Sort(heads)
				found[name][q] = heads
			}
			// Words, not operators: "harbor -council" holds both words,
			// "harbor OR library" at least both of those.
			assert.Equal(t, []string{"Harbor Council", "Harbor Library"}, found[name][`harbor -council`])
			assert.Subset(t, []string{"Harbor Library"}, found[name][`harbor OR library`])
			assert.Equal(t, []string{"Harbor Council", "Harbor Library"}, found[name][`harbor <-> council`], "not a phrase")
		})
	}
	if found["postgres"] == nil {
		return // skipped: no PostgreSQL
	}
	for _, q := range same {
		assert.Equal(t, found["sqlite"][q], found["postgres"][q], "query %q", q)
	}
}
