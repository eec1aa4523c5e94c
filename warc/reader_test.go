package warc_test

import (
	"bytes"
	"errors"
	"fmt"
	"golang.org/x/net/html/charset"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsingest/newslooks/warc"
)

// result is one value pair yielded by the Reader.
type result struct {
	rec *warc.Record
	err error
}

func readAll(t *testing.T, data []byte, opts *warc.Options) []result {
	t.Helper()
	var out []result
	for rec, err := range warc.Records(bytes.NewReader(data), opts) {
		out = append(out, result{rec, err})
		if len(out) > 10000 {
			t.Fatal("reader does not stop")
		}
	}
	return out
}

// check matches the results against the entries one by one.
func check(t *testing.T, entries []entry, offsets []int64, got []result, checkOffsets bool) {
	t.Helper()
	if len(got) != len(entries) {
		for i, g := range got {
			if g.err != nil {
				t.Logf("%d: error %v", i, g.err)
			} else {
				t.Logf("%d: %s %s %s %s @%d", i, g.rec.Type, g.rec.Kind, g.rec.Skip, g.rec.TargetURI, g.rec.Offset)
			}
		}
		t.Fatalf("got %d results, want %d", len(got), len(entries))
	}
	for i, e := range entries {
		g := got[i]
		w := e.want
		if w.corrupt {
			var ce *warc.CorruptError
			if !errors.As(g.err, &ce) {
				t.Errorf("%s: got (%v, %v), want a *CorruptError", e.name, g.rec, g.err)
				continue
			}
			if checkOffsets && ce.Offset != offsets[i] {
				t.Errorf("%s: CorruptError.Offset = %d, want %d (%v)", e.name, ce.Offset, offsets[i], ce)
			}
			if checkOffsets && i+1 < len(offsets) && ce.Next != offsets[i+1] {
				t.Errorf("%s: CorruptError.Next = %d, want %d", e.name, ce.Next, offsets[i+1])
			}
			if !strings.Contains(ce.Error(), "offset") {
				t.Errorf("%s: error %q does not name its offset", e.name, ce)
			}
			continue
		}
		if g.err != nil {
			t.Errorf("%s: unexpected error %v", e.name, g.err)
			continue
		}
		r := g.rec
		if r.Kind != w.kind || r.Skip != w.skip {
			t.Errorf("%s: got %s/%q (%s), want %s/%q", e.name, r.Kind, r.Skip, r.Detail, w.kind, w.skip)
		}
		if r.Kind == warc.Skipped && r.Detail == "" {
			t.Errorf("%s: skipped without detail", e.name)
		}
		if w.uri != "" && r.TargetURI != w.uri {
			t.Errorf("%s: TargetURI = %q, want %q", e.name, r.TargetURI, w.uri)
		}
		if r.Status != w.status {
			t.Errorf("%s: Status = %d, want %d", e.name, r.Status, w.status)
		}
		if checkOffsets && r.Offset != offsets[i] {
			t.Errorf("%s: Offset = %d, want %d", e.name, r.Offset, offsets[i])
		}
		if wantDate := genDate.Add(time.Duration(i) * time.Second); checkOffsets && !r.Date.Equal(wantDate) {
			t.Errorf("%s: Date = %v, want %v", e.name, r.Date, wantDate)
		}
		if !strings.HasPrefix(r.ID, "<urn:uuid:") {
			t.Errorf("%s: ID = %q", e.name, r.ID)
		}
		if r.Kind == warc.HTMLPage {
			body, err := utf8Body(r)
			if err != nil {
				t.Errorf("%s: decoding the body: %v", e.name, err)
			}
			if !bytes.Contains(body, []byte(w.body)) {
				t.Errorf("%s: body %q does not contain %q", e.name, body, w.body)
			}
		} else if r.Body != nil {
			t.Errorf("%s: skipped record has a body", e.name)
		}
		if len(r.Warnings) > 0 {
			t.Errorf("%s: warnings %v", e.name, r.Warnings)
		}
	}
}

func TestMixedRecordGzip(t *testing.T) {
	entries := mixedEntries()
	data, offsets := build(t, entries, true)
	check(t, entries, offsets, readAll(t, data, nil), true)
}

func TestMixedPlain(t *testing.T) {
	entries := mixedEntries()
	data, offsets := build(t, entries, false)
	check(t, entries, offsets, readAll(t, data, nil), true)
}

func TestWholeFileGzip(t *testing.T) {
	var clean []entry
	for _, e := range mixedEntries() {
		if e.damage == "" {
			clean = append(clean, e)
		}
	}
	plain, offsets := build(t, clean, false)
	got := readAll(t, gz(t, plain), nil)
	// Offsets are those of the decompressed stream; dates follow the
	// position in the clean list.
	check(t, clean, offsets, got, false)
	for i, g := range got {
		if g.rec != nil && g.rec.Offset != offsets[i] {
			t.Errorf("%s: Offset = %d, want %d in the decompressed stream", clean[i].name, g.rec.Offset, offsets[i])
		}
	}
}

// TestFixtures reads the committed files as a user would hand them over.
func TestFixtures(t *testing.T) {
	for _, name := range []string{"mixed.warc.gz", "mixed.warc"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		entries := mixedEntries()
		_, offsets := build(t, entries, strings.HasSuffix(name, ".gz"))
		check(t, entries, offsets, readAll(t, data, nil), true)
	}
}

func TestCounts(t *testing.T) {
	data, _ := build(t, mixedEntries(), true)
	var c warc.Counts
	for rec, err := range warc.Records(bytes.NewReader(data), nil) {
		c.Add(rec, err)
	}
	want := "18 records: 6 pages, 8 skipped (not-response 5, not-html 1, redirect 1, status 1), 4 corrupt"
	if c.String() != want {
		t.Errorf("Counts = %q, want %q", c.String(), want)
	}
}

// TestMaxBodyBytes: a body over the limit skips its record, and the next is
// read.
func TestMaxBodyBytes(t *testing.T) {
	big := strings.Repeat("x", 5000)
	entries := []entry{
		{name: "big", rec: response("https://news.example/big", "200 OK", []string{"Content-Type: text/html"}, page(big)),
			want: want{kind: warc.Skipped, skip: warc.SkipTooLarge, uri: "https://news.example/big", status: 200}},
		{name: "bomb", rec: response("https://news.example/bomb", "200 OK",
			[]string{"Content-Type: text/html", "Content-Encoding: gzip"}, gzipped(page(big))),
			want: want{kind: warc.Skipped, skip: warc.SkipTooLarge, uri: "https://news.example/bomb", status: 200}},
		{name: "small", rec: response("https://news.example/small", "200 OK", []string{"Content-Type: text/html"}, page("small")),
			want: want{kind: warc.HTMLPage, uri: "https://news.example/small", body: "small", status: 200}},
	}
	for _, gzipped := range []bool{true, false} {
		data, offsets := build(t, entries, gzipped)
		check(t, entries, offsets, readAll(t, data, &warc.Options{MaxBodyBytes: 1000}), true)
	}
}

func TestEncodings(t *testing.T) {
	entries := []entry{
		{name: "br", rec: response("https://news.example/br", "200 OK",
			[]string{"Content-Type: text/html", "Content-Encoding: br"}, "\x1b\x03\x00"),
			want: want{kind: warc.Skipped, skip: warc.SkipEncoding, uri: "https://news.example/br", status: 200}},
		{name: "broken-gzip", rec: response("https://news.example/broken", "200 OK",
			[]string{"Content-Type: text/html", "Content-Encoding: gzip"}, "\x1f\x8b\x08\x00garbage"),
			want: want{kind: warc.Skipped, skip: warc.SkipEncoding, uri: "https://news.example/broken", status: 200}},
		{name: "deflate", rec: response("https://news.example/deflate", "200 OK",
			[]string{"Content-Type: text/html", "Content-Encoding: deflate"}, deflated(page("Deflated"))),
			want: want{kind: warc.HTMLPage, uri: "https://news.example/deflate", body: "Deflated", status: 200}},
		{name: "dns", rec: rec{typ: 2, uri: "dns:news.example", ctype: "text/dns", block: "20240517093000\nnews.example. 300 IN A 192.0.2.1\n"},
			want: want{kind: warc.Skipped, skip: warc.SkipNotHTTP, uri: "dns:news.example"}},
		{name: "png-sniffed", rec: response("https://news.example/img", "200 OK", nil, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
			want: want{kind: warc.Skipped, skip: warc.SkipNotHTML, uri: "https://news.example/img", status: 200}},
	}
	data, offsets := build(t, entries, true)
	check(t, entries, offsets, readAll(t, data, nil), true)
}

// TestDecodedBodyUnderGzipHeader: a body stored decoded under its original
// Content-Encoding header is kept, with a warning.
func TestDecodedBodyUnderGzipHeader(t *testing.T) {
	data, _ := build(t, []entry{{rec: response("https://news.example/", "200 OK",
		[]string{"Content-Type: text/html", "Content-Encoding: gzip"}, page("Plain after all"))}}, true)
	got := readAll(t, data, nil)
	if len(got) != 1 || got[0].err != nil || got[0].rec.Kind != warc.HTMLPage {
		t.Fatalf("got %+v", got)
	}
	if len(got[0].rec.Warnings) != 1 || !bytes.Contains(got[0].rec.Body, []byte("Plain after all")) {
		t.Errorf("warnings %v, body %q", got[0].rec.Warnings, got[0].rec.Body)
	}
}

// TestTruncatedFile: a file cut in the middle of its last record gives one
// error for it.
func TestTruncatedFile(t *testing.T) {
	entries := mixedEntries()[:3]
	for _, gzipped := range []bool{true, false} {
		data, offsets := build(t, entries, gzipped)
		cut := data[:offsets[2]+(int64(len(data))-offsets[2])/2]
		got := readAll(t, cut, nil)
		if len(got) != 3 || got[0].err != nil || got[1].err != nil {
			t.Fatalf("gzip %v: got %+v", gzipped, got)
		}
		var ce *warc.CorruptError
		if !errors.As(got[2].err, &ce) || ce.Offset != offsets[2] || ce.Next != int64(len(cut)) {
			t.Errorf("gzip %v: got %v, want a CorruptError at %d", gzipped, got[2].err, offsets[2])
		}
	}
}

type failingReader struct {
	r   io.Reader
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

// TestReadError: a failing input ends the iteration with its error.
func TestReadError(t *testing.T) {
	data, _ := build(t, mixedEntries()[:3], true)
	boom := errors.New("disk on fire")
	var errs []error
	n := 0
	for rec, err := range warc.Records(&failingReader{r: bytes.NewReader(data[:len(data)-10]), err: boom}, nil) {
		if err != nil {
			errs = append(errs, err)
		} else if rec != nil {
			n++
		}
	}
	if len(errs) != 1 || !errors.Is(errs[0], boom) {
		t.Fatalf("errors %v, want one wrapping %v", errs, boom)
	}
	var ce *warc.CorruptError
	if errors.As(errs[0], &ce) {
		t.Errorf("a read error is not a CorruptError: %v", errs[0])
	}
	if n != 2 {
		t.Errorf("read %d records before the error, want 2", n)
	}
}

func TestNextAfterEOF(t *testing.T) {
	data, _ := build(t, mixedEntries()[:2], false)
	r := warc.NewReader(bytes.NewReader(data), nil)
	for range 2 {
		if _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		if rec, err := r.Next(); rec != nil || err != io.EOF {
			t.Fatalf("Next at the end = %v, %v", rec, err)
		}
	}
}

// TestEmpty: no input, no records, no error.
func TestEmpty(t *testing.T) {
	if got := readAll(t, nil, nil); len(got) != 0 {
		t.Errorf("got %v", got)
	}
	if got := readAll(t, []byte("\r\n\r\n"), nil); len(got) != 0 {
		t.Errorf("got %v", got)
	}
}

// TestCorruptBeyondHistory: a cut gzip member larger than the 4 MiB history
// is one error too. Its stored deflate blocks make the inflater swallow the
// small members after it; the search for the next record starts in the last
// 4 MiB read, so they are all read.
func TestCorruptBeyondHistory(t *testing.T) {
	noise := make([]byte, 10<<20) // a member of 10 MiB, cut to 5
	x := uint64(88172645463325252)
	for i := range noise {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		noise[i] = byte(x)
	}
	entries := []entry{
		{name: "big-cut", rec: response("https://news.example/big.png", "200 OK", []string{"Content-Type: image/png"}, string(noise)),
			damage: "cutgzip"},
	}
	for i := range 4 {
		u := fmt.Sprintf("https://news.example/%d", i)
		entries = append(entries, entry{name: u, rec: response(u, "200 OK", []string{"Content-Type: text/html"}, page(u))})
	}
	data, offsets := build(t, entries, true)
	got := readAll(t, data, nil)
	var ce *warc.CorruptError
	if len(got) < 2 || !errors.As(got[0].err, &ce) || ce.Offset != offsets[0] {
		t.Fatalf("got %d results, first %v; want a CorruptError at %d", len(got), got[0].err, offsets[0])
	}
	var uris []string
	for _, g := range got[1:] {
		if g.err != nil {
			t.Errorf("second error %v", g.err)
			continue
		}
		uris = append(uris, g.rec.TargetURI)
	}
	t.Logf("after %v: %v", ce, uris)
	if want := []string{"https://news.example/0", "https://news.example/1", "https://news.example/2", "https://news.example/3"}; !slices.Equal(uris, want) {
		t.Errorf("read %v after the corrupt member, want %v", uris, want)
	}
}

// TestHandWritten covers what gowarc's writer does not produce: a WARC/1.0
// target URI in angle brackets, an unknown record type, and blank lines
// between records.
func TestHandWritten(t *testing.T) {
	body := "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><title>Old</title></html>"
	data := "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <http://old.example/>\r\n" +
		"WARC-Date: 2008-01-02T03:04:05Z\r\nWARC-Record-ID: <urn:uuid:11111111-1111-4111-8111-111111111111>\r\n" +
		"Content-Type: application/http; msgtype=response\r\n" +
		fmt.Sprintf("Content-Length: %d\r\n\r\n%s\r\n\r\n", len(body), body) +
		"\r\n\r\n" +
		"WARC/1.1\r\nWARC-Type: x-custom\r\nWARC-Date: 2008-01-02T03:04:06Z\r\n" +
		"WARC-Record-ID: <urn:uuid:22222222-2222-4222-8222-222222222222>\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n"
	split := strings.Index(data, "WARC/1.1")
	first, second := gz(t, []byte(data[:split])), gz(t, []byte(data[split:]))
	t.Run("plain", func(t *testing.T) { checkHandWritten(t, []byte(data), int64(split)-4, int64(split)) })
	t.Run("gzip", func(t *testing.T) {
		checkHandWritten(t, append(first, second...), int64(len(first)), int64(len(first)))
	})
}

func checkHandWritten(t *testing.T, data []byte, size, second int64) {
	got := readAll(t, data, nil)
	if len(got) != 2 || got[0].err != nil || got[1].err != nil {
		t.Fatalf("got %+v", got)
	}
	page, other := got[0].rec, got[1].rec
	if page.Kind != warc.HTMLPage || page.TargetURI != "http://old.example/" || page.Offset != 0 ||
		!page.Date.Equal(time.Date(2008, 1, 2, 3, 4, 5, 0, time.UTC)) || page.Size != size {
		t.Errorf("page = %+v", page)
	}
	if other.Kind != warc.Skipped || other.Skip != warc.SkipNotResponse || other.Type != "x-custom" ||
		other.Offset != second {
		t.Errorf("other = %+v", other)
	}
}

// TestWholeFileGzipUnseen: a file gzipped as a whole whose first record
// does not fit in the window where the Reader looks is read as
// record-compressed; the records it cannot read are reported, not dropped.
func TestWholeFileGzipUnseen(t *testing.T) {
	noise := make([]byte, 400<<10)
	x := uint32(2463534242)
	for i := range noise {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		noise[i] = byte(x)
	}
	entries := []entry{
		{name: "big", rec: response("https://news.example/big.png", "200 OK", []string{"Content-Type: image/png"}, string(noise))},
	}
	for i := range 50 {
		u := fmt.Sprintf("https://news.example/%d", i)
		entries = append(entries, entry{name: u, rec: response(u, "200 OK", []string{"Content-Type: text/html"}, page(prose(2000)))})
	}
	plain, _ := build(t, entries, false)
	whole := gz(t, plain)
	got := readAll(t, whole, nil)
	var ce *warc.CorruptError
	if len(got) != 2 || got[0].err != nil || got[0].rec.Skip != warc.SkipNotHTML || !errors.As(got[1].err, &ce) || ce.Offset != 0 {
		t.Fatalf("got %+v", got)
	}
	t.Log(ce)
	// Record-compressed, the same records raise no such error.
	recGz, _ := build(t, entries, true)
	if got := readAll(t, recGz, nil); len(got) != len(entries) {
		t.Errorf("record-compressed: %d results, want %d", len(got), len(entries))
	}
}

// utf8Body returns a page's Body in UTF-8, from the charset its
// ContentType or <meta> names, to compare it with the text the generator
// wrote. (The package leaves decoding to package page, as its users do.)
func utf8Body(r *warc.Record) ([]byte, error) {
	enc, _, _ := charset.DetermineEncoding(r.Body, r.ContentType)
	return enc.NewDecoder().Bytes(r.Body)
}

// TestConcurrentReaders reads one archive in several goroutines at once,
// each with its own Reader: under -race it fails if making Readers races
// (gowarc writes a global of github.com/google/uuid each time it makes an
// unmarshaler, which NewReader serializes).
func TestConcurrentReaders(t *testing.T) {
	entries := mixedEntries()
	data, offsets := build(t, entries, true)
	got := make([][]result, 4)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			for rec, err := range warc.Records(bytes.NewReader(data), nil) {
				got[i] = append(got[i], result{rec, err})
			}
		})
	}
	wg.Wait()
	for _, g := range got {
		check(t, entries, offsets, g, true)
	}
}
