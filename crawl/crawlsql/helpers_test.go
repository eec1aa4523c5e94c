package crawlsql

import (
	"fmt"
	mrand "math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/pgtest"
	"github.com/newsingest/newslooks/store"
)

// A factory returns the DSN of a new, empty database for one test, and
// removes it when the test ends.
type factory func(t *testing.T) string

func backends() map[string]factory {
	return map[string]factory{"sqlite": sqliteFactory, "postgres": postgresFactory}
}

func sqliteFactory(t *testing.T) string { return filepath.Join(t.TempDir(), "newslooks.db") }

// postgresFactory gives each test its own schema in the database that
// $NEWSLOOKS_TEST_POSTGRES names, so tests and packages running in
// parallel never meet.
func postgresFactory(t *testing.T) string { return pgtest.Schema(t) }

func openTest(t *testing.T, dsn string) *store.Store {
	t.Helper()
	s, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// genArticle returns the i-th generated article of a run seeded by seed:
// a headline and five paragraphs of random made-up words, distinct
// enough that no near-duplicate detection merges two of them.
func genArticle(seed uint64, i int) *newslooks.Article {
	rng := mrand.New(mrand.NewPCG(seed, uint64(i)))
	syl := []string{"ka", "lo", "mi", "ter", "san", "dor", "vel", "ri", "pon", "ta", "gre", "lu", "bas", "en", "or"}
	sentence := func(n int) string {
		ws := make([]string, n)
		for k := range ws {
			ws[k] = syl[rng.IntN(len(syl))] + syl[rng.IntN(len(syl))] + syl[rng.IntN(len(syl))]
		}
		s := strings.Join(ws, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	a := &newslooks.Article{
		Headline: fmt.Sprintf("%s %d", strings.TrimSuffix(sentence(6), "."), i),
		URL:      fmt.Sprintf("https://news.example/%d/%d", seed, i),
		Language: "en",
	}
	var sec newslooks.Section
	for range 5 {
		sec.Paragraphs = append(sec.Paragraphs, sentence(30)+" "+sentence(20))
	}
	a.Sections = []newslooks.Section{sec}
	return a
}
