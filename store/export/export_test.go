package export_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/store"
	"github.com/newsingest/newslooks/store/export"
)

// stored fills a new SQLite store with articles that test the formats'
// edges (commas, quotes, line breaks, non-ASCII, empty lists, unknown
// times, a near duplicate) and returns what Export yields.
func stored(t *testing.T) []*store.Stored {
	t.Helper()
	s, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "x.db"))
	require.NoError(t, err)
	defer s.Close()
	paras := []string{
		`He said, "we will not stop", and left; the crowd — about 2,000 — stayed.`,
		"Zürich's mayor, Corine Mauch, answered in a statement:\nno comment.",
		"A third paragraph, long enough that a copy which changes one word in it is still a near copy of this story.",
		"A fourth paragraph about the weather in Zürich, the trams, and the lake, which was calm all day long.",
	}
	a := &newslooks.Article{
		Headline: `Mayor: "no comment", again`, Summary: "Comma, quote \" and newline\nin one.",
		Byline:    newslooks.Byline{Publisher: "Newslooks", Location: "ZÜRICH", Authors: []string{"A. Müller", "B. O'Brien"}},
		URL:       "https://news.example/zurich?id=1&x=2",
		Published: time.Date(2025, 3, 1, 12, 30, 0, 123456000, time.UTC),
		Tags:      []string{"politics", "Zürich"}, Language: "en", Source: "feeds/zurich.xml",
		Sections: []newslooks.Section{{Heading: "Reaction", Paragraphs: paras}},
	}
	b := &newslooks.Article{Headline: "No URL, no dates", Source: "notes.txt",
		Sections: []newslooks.Section{{Paragraphs: []string{"A short unrelated note."}}}}
	near := *a
	near.URL, near.Headline = "https://wire.example/zurich", "Mayor declines to comment"
	near.Sections = []newslooks.Section{{Paragraphs: append([]string{"(Wire) —"}, paras...)}}
	for _, it := range []struct {
		a    *newslooks.Article
		want store.Outcome
	}{{a, store.New}, {b, store.New}, {&near, store.NearDuplicate}} {
		got, err := s.Put(t.Context(), it.a, store.PutInfo{Source: "feed"})
		require.NoError(t, err)
		require.Equal(t, it.want, got, it.a.Headline)
	}
	var out []*store.Stored
	for st, err := range s.Export(t.Context(), store.ExportOptions{Duplicates: true}) {
		require.NoError(t, err)
		out = append(out, st)
	}
	require.Len(t, out, 3)
	return out
}

func rows(t *testing.T, sts []*store.Stored) []export.Row {
	var rs []export.Row
	for _, st := range sts {
		r, err := export.NewRow(st)
		require.NoError(t, err)
		rs = append(rs, r)
	}
	return rs
}

// TestCSVReadByPython writes the CSV and reads it back with Python's csv
// module, as a spreadsheet-shaped reader would.
func TestCSVReadByPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	sts := stored(t)
	var buf bytes.Buffer
	w := export.NewCSV(&buf)
	for _, st := range sts {
		require.NoError(t, w.Write(st))
	}
	require.NoError(t, w.Close())
	path := filepath.Join(t.TempDir(), "articles.csv")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	cmd := exec.Command(py, "-c", `import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    r = csv.reader(f, strict=True)
    print(json.dumps(list(r)))`, path)
	out, err := cmd.Output()
	require.NoError(t, err, "python3 csv: %s", out)
	var records [][]string
	require.NoError(t, json.Unmarshal(out, &records))
	require.Len(t, records, 1+len(sts))
	assert.Equal(t, export.Columns(), records[0])
	for i, r := range rows(t, sts) {
		rec := map[string]string{}
		for k, name := range records[0] {
			rec[name] = records[i+1][k]
		}
		assert.Equal(t, fmt.Sprint(r.ID), rec["id"])
		assert.Equal(t, r.Headline, rec["headline"])
		assert.Equal(t, r.Summary, rec["summary"])
		assert.Equal(t, r.Body, rec["body"], "the body keeps its line breaks")
		assert.Equal(t, strings.Join(r.Authors, "; "), rec["authors"])
		assert.Equal(t, r.URL, rec["url"])
		assert.Equal(t, r.DuplicateOf, rec["duplicate_of"])
		if r.Published == nil {
			assert.Empty(t, rec["published"])
		} else {
			p, err := time.Parse(time.RFC3339Nano, rec["published"])
			require.NoError(t, err)
			assert.True(t, p.Equal(*r.Published), "published %s", rec["published"])
		}
	}
	assert.Equal(t, "https://news.example/zurich?id=1&x=2", records[3][1], "the near copy's duplicate_of")
}

// TestParquetRoundTrip writes the Parquet file and reads it back equal.
func TestParquetRoundTrip(t *testing.T) {
	sts := stored(t)
	path := filepath.Join(t.TempDir(), "articles.parquet")
	f, err := os.Create(path)
	require.NoError(t, err)
	w := export.NewParquet(f)
	for _, st := range sts {
		require.NoError(t, w.Write(st))
	}
	require.NoError(t, w.Close())
	require.NoError(t, f.Close())

	f, err = os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	r := parquet.NewGenericReader[export.Row](f)
	defer r.Close()
	var names []string
	for _, fld := range r.Schema().Fields() {
		names = append(names, fld.Name())
	}
	assert.Equal(t, export.Columns(), names)
	got := make([]export.Row, len(sts)+1)
	n, err := r.Read(got)
	require.Equal(t, len(sts), n, "rows read: %v", err)
	want := rows(t, sts)
	for i := range want {
		assert.Equal(t, want[i], normalize(got[i]), "row %d", i)
	}
	assert.Nil(t, got[1].Published, "an unknown time is null")
}

// normalize gives the read-back row's times the location and the empty
// lists the form NewRow gives them.
func normalize(r export.Row) export.Row {
	for _, p := range []**time.Time{&r.Published, &r.Modified, &r.Fetched} {
		if *p != nil {
			t := (*p).UTC()
			*p = &t
		}
	}
	r.Ingested, r.Updated = r.Ingested.UTC(), r.Updated.UTC()
	if len(r.Tags) == 0 {
		r.Tags = nil
	}
	if len(r.Authors) == 0 {
		r.Authors = nil
	}
	return r
}

// TestParquetRowGroupsBoundedByBytes: articles of about 100 KB of text
// end a row group at the row that brings it past 4 MiB, long before 1,000
// rows, and every row reads back in order.
func TestParquetRowGroupsBoundedByBytes(t *testing.T) {
	const n, size, bound = 200, 100 << 10, 4 << 20
	var buf bytes.Buffer
	w := export.NewParquet(&buf)
	for i := range n {
		a := &newslooks.Article{Headline: fmt.Sprint("Story ", i), URL: fmt.Sprintf("https://news.example/%d", i),
			Sections: []newslooks.Section{{Paragraphs: []string{strings.Repeat(fmt.Sprintf("w%d ", i), size/5)}}}}
		js, err := json.Marshal(a)
		require.NoError(t, err)
		require.NoError(t, w.Write(&store.Stored{ID: int64(i + 1), URL: a.URL, Headline: a.Headline, JSON: js}))
	}
	require.NoError(t, w.Close())
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	r := parquet.NewGenericReader[export.Row](bytes.NewReader(buf.Bytes()))
	defer r.Close()
	got := make([]export.Row, n+1)
	read, _ := r.Read(got)
	require.Equal(t, n, read)
	next := 0
	for g, rg := range f.RowGroups() {
		text, last := 0, 0
		for _, row := range got[next : next+int(rg.NumRows())] {
			require.Equal(t, int64(next+1), row.ID, "rows in order")
			last = len(row.Body) + len(row.Headline)
			text += last
			next++
		}
		assert.Less(t, text-last, bound, "row group %d holds no row past the bound", g)
		if next < n {
			assert.GreaterOrEqual(t, text, bound, "row group %d ends at the bound", g)
		}
	}
	assert.Equal(t, n, next)
	assert.Greater(t, len(f.RowGroups()), 3)
}
