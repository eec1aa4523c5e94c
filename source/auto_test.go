package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/page"
	"github.com/newsingest/newslooks/warc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"
)

const (
	samplePage = "../page/testdata/xi-putin.html"
	sampleText = "../testdata/xi-putin.txt"
	sampleURL  = "https://newslooks.com/xi-putin-deepen-ties-with-energy-security-deals-facing-us-challenges/"
)

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	require.NoError(tb, err)
	return b
}

// collect reads one input to its end.
func collect(t *testing.T, r *Reader, in Input) ([]Item, []error) {
	t.Helper()
	var items []Item
	var errs []error
	for it, err := range r.Read(t.Context(), in) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, it)
	}
	return items, errs
}

// TestReadForms: a page and the text form, through readers that return
// their bytes in every way io.Reader allows, give what the form's parser
// gives.
func TestReadForms(t *testing.T) {
	pg := readFile(t, samplePage)
	text := readFile(t, sampleText)
	fromHTML, err := page.ParseHTML(bytes.NewReader(pg), "")
	require.NoError(t, err)
	fromText, err := newslooks.Parse(bytes.NewReader(text))
	require.NoError(t, err)

	for name, wrap := range map[string]func(io.Reader) io.Reader{
		"whole":         func(r io.Reader) io.Reader { return r },
		"one byte":      iotest.OneByteReader,
		"half":          iotest.HalfReader,
		"data with EOF": iotest.DataErrReader,
	} {
		t.Run(name, func(t *testing.T) {
			items, errs := collect(t, new(Reader), FromReader("page", wrap(bytes.NewReader(pg))))
			require.Empty(t, errs)
			require.Len(t, items, 1)
			want := *fromHTML
			want.Source = "page"
			assert.Equal(t, &want, items[0].Article)
			assert.Equal(t, "page", items[0].Source)

			items, errs = collect(t, new(Reader), FromReader("text", wrap(bytes.NewReader(text))))
			require.Empty(t, errs)
			require.Len(t, items, 1)
			want = *fromText
			want.Source = "text"
			assert.Equal(t, &want, items[0].Article)
		})
	}

	t.Run("records and parse give what read gives", func(t *testing.T) {
		r := new(Reader)
		var got []*newslooks.Article
		for rec, err := range r.Records(t.Context(), FromReader("page", bytes.NewReader(pg))) {
			require.NoError(t, err)
			require.Nil(t, rec.Article)
			require.Equal(t, pg, rec.Body)
			it, err := r.Parse(rec)
			require.NoError(t, err)
			got = append(got, it.Article)
		}
		want := *fromHTML
		want.Source = "page"
		assert.Equal(t, []*newslooks.Article{&want}, got)
	})
	t.Run("unknown goes to the text parser", func(t *testing.T) {
		_, errs := collect(t, new(Reader), FromReader("prose", strings.NewReader("Just some prose.\n")))
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], newslooks.ErrNotArticle)
		assert.Equal(t, "prose:1: not an article: no header line (HEADLINE/ PUBLISHER/ LOCATION/ AUTHORS/ EDITION/ SUMMARY)", errs[0].Error())
		_, errs = collect(t, new(Reader), FromReader("empty", strings.NewReader("")))
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], newslooks.ErrEmpty)
	})
	t.Run("read error", func(t *testing.T) {
		_, errs := collect(t, new(Reader), FromReader("bad", iotest.ErrReader(iotest.ErrTimeout)))
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], iotest.ErrTimeout)
		var se *Error
		require.ErrorAs(t, errs[0], &se)
		assert.Equal(t, "bad", se.Input)
	})
	t.Run("each parser says when it was given the other form", func(t *testing.T) {
		_, err := page.ParseHTML(bytes.NewReader(text), "")
		assert.ErrorIs(t, err, newslooks.ErrNotArticle)
		assert.Contains(t, err.Error(), "use newslooks.Parse")
		_, err = newslooks.Parse(bytes.NewReader(pg))
		assert.ErrorIs(t, err, newslooks.ErrNotArticle)
		assert.Contains(t, err.Error(), "use page.ParseHTML")
	})
	t.Run("gzipped", func(t *testing.T) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write(text)
		require.NoError(t, zw.Close())
		items, errs := collect(t, new(Reader), FromReader("text.gz", &buf))
		require.Empty(t, errs)
		require.Len(t, items, 1)
		assert.Equal(t, fromText.Headline, items[0].Article.Headline)
	})
	t.Run("a stream goes on after a bad article", func(t *testing.T) {
		dump := string(text) + "\nBroken/ Newslooks/ LONDON/ A. Writer/ Evening Edition/ No body follows.\n" + string(text)
		items, errs := collect(t, new(Reader), FromReader("dump.txt", strings.NewReader(dump)))
		assert.Len(t, items, 2)
		require.Len(t, errs, 1)
		var se *Error
		require.ErrorAs(t, errs[0], &se)
		assert.Positive(t, se.Line)
		assert.True(t, strings.HasPrefix(errs[0].Error(), "dump.txt:"), errs[0])
		var pe *newslooks.ParseError
		require.ErrorAs(t, errs[0], &pe)
		assert.Equal(t, se.Line, pe.Line)
	})
}

// TestReadJSONLines: one article a line; a line that is no article JSON
// and a line over the limit are errors naming their line, and reading
// goes on.
func TestReadJSONLines(t *testing.T) {
	a, err := newslooks.Parse(bytes.NewReader(readFile(t, sampleText)))
	require.NoError(t, err)
	js, err := a.MarshalJSON()
	require.NoError(t, err)
	big := `{"headline": "` + strings.Repeat("x", len(js)+200) + `"}`
	in := string(js) + "\n\n{not json\n" + big + "\n" + string(js)
	r := &Reader{Parser: &page.Parser{MaxBytes: int64(len(js)) + 100}}
	items, errs := collect(t, r, FromReader("a.jsonl", strings.NewReader(in)))
	require.Len(t, items, 2)
	assert.Equal(t, a.Headline, items[1].Article.Headline)
	assert.Equal(t, "a.jsonl", items[0].Article.Source)
	require.Len(t, errs, 2)
	assert.True(t, strings.HasPrefix(errs[0].Error(), "a.jsonl:3: not an article: a JSON line that is no article"), errs[0])
	assert.ErrorIs(t, errs[1], newslooks.ErrTooLarge)
	assert.True(t, strings.HasPrefix(errs[1].Error(), "a.jsonl:4: "), errs[1])
}

// TestReadArchive: the pages of a web archive, with their URL and fetch
// time; the other records go to Skipped, and a corrupt stretch is an
// error after which reading goes on.
func TestReadArchive(t *testing.T) {
	for _, name := range []string{"../warc/testdata/mixed.warc", "../warc/testdata/mixed.warc.gz"} {
		t.Run(name, func(t *testing.T) {
			var want warc.Counts
			f, err := os.Open(name)
			require.NoError(t, err)
			for rec, err := range warc.Records(f, nil) {
				want.Add(rec, err)
			}
			f.Close()

			var skips []Skip
			r := &Reader{Skipped: func(s Skip) { skips = append(skips, s) }}
			items, errs := collect(t, r, File(name))
			assert.Len(t, skips, want.Skipped)
			for _, s := range skips {
				assert.Equal(t, name, s.Input)
				assert.NotEmpty(t, s.Reason)
			}
			assert.Equal(t, want.Pages, len(items)+countRecordErrors(errs))
			for _, it := range items {
				assert.Equal(t, name, it.Source)
				assert.NotEmpty(t, it.PageURL)
				assert.Equal(t, it.PageURL, it.Article.Source)
				assert.Equal(t, it.Fetched, it.Article.Fetched)
			}
		})
	}
}

// countRecordErrors counts the errors of archive records whose page did
// not parse.
func countRecordErrors(errs []error) int {
	n := 0
	for _, err := range errs {
		var se *Error
		if errors.As(err, &se) && se.Offset >= 0 {
			n++
		}
	}
	return n
}

// TestReadURL: a URL is fetched with the Reader's Fetch, its charset comes
// from the response's Content-Type, and the item carries the page URL and
// the fetch time.
func TestReadURL(t *testing.T) {
	text := "Москва отвечает/ Newslooks/ MOSCOW/ A. Petrova/ Morning Edition/ Кремль ответил.\n\nMOSCOW — Кремль ответил в понедельник.\n"
	b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(text))
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/copy" {
			http.Redirect(w, r, "/copy", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=windows-1251")
		_, _ = w.Write(b)
	}))
	defer srv.Close()

	items, errs := collect(t, new(Reader), URL(srv.URL+"/start"))
	require.Empty(t, errs)
	require.Len(t, items, 1)
	it := items[0]
	assert.Equal(t, "Москва отвечает", it.Article.Headline)
	assert.Equal(t, srv.URL+"/start", it.Source)
	assert.Equal(t, srv.URL+"/copy", it.PageURL)
	assert.False(t, it.Fetched.IsZero())

	_, errs = collect(t, new(Reader), URL(srv.URL+"/missing\x00"))
	require.Len(t, errs, 1)
	var se *Error
	require.ErrorAs(t, errs[0], &se)
	assert.Equal(t, srv.URL+"/missing\x00", se.Input)
}

// TestReadCancelled: once the context is done the iterator yields its
// cause and stops, even while a read blocks.
func TestReadCancelled(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	cause := errors.New("stop")
	ctx, cancel := context.WithCancelCause(t.Context())
	r := &Reader{Stdin: pr}
	go func() {
		_, _ = pw.Write(readFile(t, sampleText))
		cancel(cause)
	}()
	var errs []error
	for _, err := range r.Read(ctx, Stdin()) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	require.NotEmpty(t, errs)
	assert.ErrorIs(t, errs[len(errs)-1], cause)
}
