package pgtext

import (
	"database/sql"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/newsingest/newslooks/internal/pgtest"
)

// TestParse checks tokens whose tsvector PostgreSQL 15 gave (english,
// database LC_CTYPE C.UTF-8), and tokens this package must refuse.
func TestParse(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"The U.S. state-of-the-art café Über", "'art':7 'café':8 'state':4 'state-of-the-art':3 'u.s':2 'über':9"},
		{"don’t don't it's a jumping runner's", "'jump':8 'runner':9"},
		{"x-ray -word word- word--word", "'ray':3 'word':4,5,6,7 'x':2 'x-ray':1"},
		{"well-known co-op re-elected e-mails", "'co':5 'co-op':4 'e':11 'e-mail':10 'elect':9 'known':3 'mail':12 'op':6 're':8 're-elect':7 'well':2 'well-known':1"},
		{"#1 10% $5 007 covid19 B52s 1,000", "'000':8 '007':4 '1':1,7 '10':2 '5':3 'b52s':6 'covid19':5"},
		{"3.5 1.2.3 e.g. i.e., x.5 No.1 www.Example.com", "'1.2.3':2 '3.5':1 'e.g':3 'i.e':4 'no.1':6 'www.example.com':7 'x.5':5"},
		{"x...y x_y a_b-c x:y 5:30 U.S.-led", "'30':12 '5':11 'b':7 'b-c':6 'c':8 'led':14 'u.s':13 'x':1,3,9 'y':2,4,10"},
		{"coolest/weirdest 9/11 4K/HDR $60/person/year 3.5hours 2.3GHz mid-1990s-era x-1b",
			"'1990s':11 '1b':15 '2.3':7 '3.5':5 '4k/hdr':3 '60/person/year':4 '9/11':2 'coolest/weirdest':1 'era':12 'ghz':8 'hour':6 'mid':10 'mid-1990s-era':9 'x':14 'x-1b':13"},
		{"naïve résumé x—y", "'naïv':1 'résumé':2 'x':3 'y':4"},
		{"7-2 27-year-old 30-kilometer year-2020 x2-y x-y2 9-a 1990s-era 2-3-4 x-2-y", "'-2':2,26 '-2020':10 '-3':23 '-4':24 '1990s':20 '1990s-era':19 '2':22 '27':3 '30':7 '7':1 '9':17 'era':21 'kilomet':8 'old':6 'x':15,25 'x-y2':14 'x2':12 'x2-y':11 'y':13,27 'y2':16 'year':5,9 'year-old':4"},
	} {
		v, ok := Parse(c.in, 'D')
		if !ok {
			t.Errorf("Parse(%q) refused", c.in)
			continue
		}
		if got := v.String(); got != c.want {
			t.Errorf("Parse(%q) = %s, want %s", c.in, got, c.want)
		}
	}
	for _, in := range []string{"x//y", "/x", "café/bar", "a-b/c", "x/y.z", "2.x", "1.2.3b", "foo@example.org", "http://example.org", "<b>x</b>", "-5", "+5", ".5",
		"aa.bb:80", "x.y_z", "x~y", "a.b-c", "x.café", "naïve2", "etc..", "5-1A", "日本", "&amp;", "x&#38;y", "a&b.c;d", "x&_y;", strings.Repeat("a", 1001)} {
		if _, ok := Parse(in, 'D'); ok {
			t.Errorf("Parse(%q) was not refused", in)
		}
	}
}

// TestEnglishWeightsAndConcat checks the headline's positions (A) and
// the body's after them (B).
func TestEnglishWeightsAndConcat(t *testing.T) {
	got, ok := English("Rain in Spain", "The rain stays mainly in the plain")
	want := "'main':7B 'plain':10B 'rain':1A,5B 'spain':3A 'stay':6B"
	if !ok || got != want {
		t.Errorf("English = %s, %v; want %s", got, ok, want)
	}
}

// TestEnglishMatchesPostgres compares English with the server's
// setweight(to_tsvector('english', …)) on the texts of
// testdata/articles.txt (made-up news articles, one per paragraph block
// separated by a line "---", the first line the headline) and on long
// texts that reach PostgreSQL's limits of positions. Every text English
// does not refuse must give the server's tsvector exactly.
func TestEnglishMatchesPostgres(t *testing.T) {
	db := testPostgres(t)
	raw, err := os.ReadFile("testdata/articles.txt")
	if err != nil {
		t.Fatal(err)
	}
	type doc struct{ headline, body string }
	var docs []doc
	for block := range strings.SplitSeq(string(raw), "\n---\n") {
		h, b, _ := strings.Cut(strings.TrimSpace(block), "\n")
		docs = append(docs, doc{h, b})
	}
	long := strings.Repeat("Voters went to the polls again. ", 700)                            // > 255 positions of a lexeme
	docs = append(docs, doc{"Polls", long}, doc{strings.Repeat("word ", 17000), "tail words"}) // positions past 16383
	refused := 0
	for i, d := range docs {
		got, ok := English(d.headline, d.body)
		if !ok {
			refused++
			continue
		}
		// The binary form, read by pgx and sent to the server in that
		// form again, must be the same tsvector.
		bin, ok := EnglishBinary(d.headline, d.body)
		if !ok {
			t.Fatalf("text %d (%.40q): English accepted, EnglishBinary refused", i, d.headline)
		}
		var fromBinary pgtype.TSVector
		if err := pgtype.NewMap().Scan(pgtype.TSVectorOID, pgtype.BinaryFormatCode, bin, &fromBinary); err != nil {
			t.Fatalf("text %d: binary form: %v", i, err)
		}
		var same, sameBinary bool
		var want string
		if err := db.QueryRowContext(t.Context(), `SELECT $1::tsvector = v, $4::tsvector = v, v::text FROM (SELECT
			setweight(to_tsvector('english', $2), 'A') || setweight(to_tsvector('english', $3), 'B') AS v) t`,
			got, d.headline, d.body, fromBinary).Scan(&same, &sameBinary, &want); err != nil {
			t.Fatal(err)
		}
		if !same || !sameBinary {
			t.Errorf("text %d (%.40q): Go's tsvector differs from PostgreSQL's (text form %v, binary %v)\n go: %.2000s\npg: %.2000s", i, d.headline, same, sameBinary, got, want)
		}
	}
	if refused > 2 {
		t.Errorf("%d of %d texts refused; testdata holds only 2 that should be", refused, len(docs))
	}
}

// testPostgres returns a database of $NEWSLOOKS_TEST_POSTGRES (a schema
// of its own), or skips.
func testPostgres(t *testing.T) *sql.DB {
	db, err := sql.Open("pgx", pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkEnglishBinary computes the binary tsvector of the articles of
// testdata/articles.txt; b.SetBytes counts their text.
func BenchmarkEnglishBinary(b *testing.B) {
	raw, err := os.ReadFile("testdata/articles.txt")
	if err != nil {
		b.Fatal(err)
	}
	var docs [][2]string
	size := 0
	for block := range strings.SplitSeq(string(raw), "\n---\n") {
		h, body, _ := strings.Cut(strings.TrimSpace(block), "\n")
		docs = append(docs, [2]string{h, body})
		size += len(h) + len(body)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			EnglishBinary(d[0], d[1])
		}
	}
}
