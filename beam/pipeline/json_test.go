package pipeline

import (
	"bytes"
	"encoding/json"
	"os"
	"runtime"
	"testing"

	"github.com/newsingest/newslooks"
)

// jsonArticles parses the test articles of the parent module.
func jsonArticles(tb testing.TB) []*newslooks.Article {
	tb.Helper()
	var all []*newslooks.Article
	for _, name := range []string{"xi-putin.txt", "bullets-dot.txt", "headings-punctuation.txt", "crlf-bom.txt"} {
		txt, err := os.ReadFile("../../testdata/" + name)
		if err != nil {
			tb.Fatal(err)
		}
		a, err := newslooks.ParseString(string(txt))
		if err != nil {
			tb.Fatal(err)
		}
		a.Source = "https://news.example/" + name
		all = append(all, a)
	}
	return all
}

// TestArticleJSONHoldsItsLength checks that an article's JSON, as the
// parse stage holds it until it spills (spillBudget counts lengths), costs
// its length: the encoder writes its output to ArticleJSON's buffer in one
// Write, so the capacity is the length rounded up to an allocation size
// class (at most about 1.2× for any length), never a buffer grown by
// doubling.
func TestArticleJSONHoldsItsLength(t *testing.T) {
	for _, a := range jsonArticles(t) {
		js, err := ArticleJSON(a)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(js) || bytes.HasSuffix(js, []byte("\n")) {
			t.Fatalf("%s: not one line of JSON: %q", a.Source, js)
		}
		if cap(js)*4 > len(js)*5 {
			t.Errorf("%s: JSON of %d bytes holds %d", a.Source, len(js), cap(js))
		}
	}
}

// BenchmarkArticleJSON encodes the test articles and holds every result,
// as the parse stage holds them until it spills: held-B/article is the
// live heap they keep, json-B/article their length.
func BenchmarkArticleJSON(b *testing.B) {
	arts := jsonArticles(b)
	b.ReportAllocs()
	var held [][]byte
	var n int64
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		for _, a := range arts {
			js, err := ArticleJSON(a)
			if err != nil {
				b.Fatal(err)
			}
			held = append(held, js)
			n += int64(len(js))
		}
	}
	b.SetBytes(n / int64(b.N))
	slots := int64(cap(held)) * 24 // the slice of slices itself
	runtime.GC()
	runtime.ReadMemStats(&after)
	count := float64(len(held))
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)-slots)/count, "held-B/article")
	b.ReportMetric(float64(n)/count, "json-B/article")
	runtime.KeepAlive(held)
}
