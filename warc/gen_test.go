package warc_test

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"github.com/newsingest/newslooks/warc"
)

var update = flag.Bool("update", false, "rewrite the files under testdata from the generator")

// rec describes one WARC record for the generator.
type rec struct {
	typ     gowarc.RecordType
	version *gowarc.WarcVersion
	uri     string
	ctype   string // the WARC Content-Type
	block   string
	extra   [][2]string
}

var genDate = time.Date(2024, 5, 17, 9, 30, 0, 0, time.UTC)

// marshal writes r as a WARC record with gowarc, giving it a stable ID and
// date derived from n so that the generated files do not change.
func marshal(tb testing.TB, r rec, n int) []byte {
	tb.Helper()
	v := r.version
	if v == nil {
		v = gowarc.V1_1
	}
	b := gowarc.NewRecordBuilder(r.typ,
		gowarc.WithVersion(v),
		gowarc.WithAddMissingDigest(true),
		gowarc.WithFixDigest(true),
		gowarc.WithAddMissingContentLength(true),
		gowarc.WithFixContentLength(true),
		gowarc.WithDefaultDigestAlgorithm("sha1"),
	)
	b.AddWarcHeader(gowarc.WarcRecordID, fmt.Sprintf("<urn:uuid:00000000-0000-4000-8000-%012d>", n))
	b.AddWarcHeaderTime(gowarc.WarcDate, genDate.Add(time.Duration(n)*time.Second))
	if r.uri != "" {
		b.AddWarcHeader(gowarc.WarcTargetURI, r.uri)
	}
	if r.ctype != "" {
		b.AddWarcHeader(gowarc.ContentType, r.ctype)
	}
	for _, kv := range r.extra {
		b.AddWarcHeader(kv[0], kv[1])
	}
	if _, err := b.WriteString(r.block); err != nil {
		tb.Fatal(err)
	}
	wr, _, err := b.Build()
	if err != nil {
		tb.Fatalf("build record %d: %v", n, err)
	}
	defer wr.Close()
	var buf bytes.Buffer
	if _, _, err := gowarc.NewMarshaler().Marshal(&buf, wr, 0); err != nil {
		tb.Fatalf("marshal record %d: %v", n, err)
	}
	return buf.Bytes()
}

func gz(tb testing.TB, p []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if _, err := zw.Write(p); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func httpResponse(statusLine string, header []string, body string) string {
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 " + statusLine + "\r\n")
	for _, h := range header {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	b.WriteString(body)
	return b.String()
}

func response(uri, statusLine string, header []string, body string) rec {
	return rec{typ: gowarc.Response, uri: uri, ctype: "application/http;msgtype=response",
		block: httpResponse(statusLine, header, body)}
}

func page(title string) string {
	return "<!doctype html><html><head><title>" + title + "</title></head><body><p>" + title + "</p></body></html>"
}

func gzipped(s string) string {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(s))
	zw.Close()
	return buf.String()
}

func chunked(s string) string {
	var b bytes.Buffer
	for len(s) > 0 {
		n := min(len(s), 40)
		fmt.Fprintf(&b, "%x\r\n%s\r\n", n, s[:n])
		s = s[n:]
	}
	b.WriteString("0\r\n\r\n")
	return b.String()
}

// want is the outcome the Reader must give for one generated entry.
type want struct {
	kind    warc.Kind
	skip    warc.SkipReason
	uri     string
	corrupt bool   // a *CorruptError at this entry's offset
	body    string // for pages: the decoded body must contain it
	status  int
}

// entry is one piece of a generated file: a record (maybe damaged) and the
// outcome expected for it.
type entry struct {
	name string
	rec  rec
	// damage is applied to the encoded record: "truncate" cuts the last
	// third of the record and re-frames it (a gzip member that is complete
	// but holds a short record; in a plain file, a record that runs into the
	// next); "cutgzip" cuts a gzip member in half; "flip" flips bytes in
	// the middle of a gzip member; "garbage" writes junk instead.
	damage string
	want   want
}

const latin1Body = "<html><head><title>Caf\xe9</title></head><body><p>Caf\xe9 cr\xe8me br\xfbl\xe9e</p></body></html>"

// mixedEntries is the test corpus: every kind of record the brief names.
func mixedEntries() []entry {
	html := "Content-Type: text/html; charset=utf-8"
	return []entry{
		{name: "warcinfo", rec: rec{typ: gowarc.Warcinfo, ctype: "application/warc-fields",
			block: "software: newslooks warc test generator\r\nformat: WARC File Format 1.1\r\n"},
			want: want{kind: warc.Skipped, skip: warc.SkipNotResponse}},
		{name: "request", rec: rec{typ: gowarc.Request, uri: "https://news.example/", ctype: "application/http;msgtype=request",
			block: "GET / HTTP/1.1\r\nHost: news.example\r\nUser-Agent: test\r\n\r\n"},
			want: want{kind: warc.Skipped, skip: warc.SkipNotResponse, uri: "https://news.example/"}},
		{name: "html-utf8", rec: response("https://news.example/", "200 OK",
			[]string{html}, page("Héllo wörld — ünïcode")),
			want: want{kind: warc.HTMLPage, uri: "https://news.example/", body: "Héllo wörld — ünïcode", status: 200}},
		{name: "metadata", rec: rec{typ: gowarc.Metadata, uri: "https://news.example/", ctype: "application/warc-fields",
			block: "via: https://news.example/\r\nfetchTimeMs: 42\r\n"},
			want: want{kind: warc.Skipped, skip: warc.SkipNotResponse, uri: "https://news.example/"}},
		{name: "html-latin1-warc10", rec: func() rec {
			r := response("https://news.example/latin1", "200 OK",
				[]string{"Content-Type: text/html; charset=ISO-8859-1"}, latin1Body)
			r.version = gowarc.V1_0
			return r
		}(),
			want: want{kind: warc.HTMLPage, uri: "https://news.example/latin1", body: "Café crème brûlée", status: 200}},
		{name: "png", rec: response("https://news.example/logo.png", "200 OK",
			[]string{"Content-Type: image/png"}, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
			want: want{kind: warc.Skipped, skip: warc.SkipNotHTML, uri: "https://news.example/logo.png", status: 200}},
		{name: "404", rec: response("https://news.example/missing", "404 Not Found",
			[]string{html}, page("Not found")),
			want: want{kind: warc.Skipped, skip: warc.SkipStatus, uri: "https://news.example/missing", status: 404}},
		{name: "301", rec: response("http://news.example/old", "301 Moved Permanently",
			[]string{"Location: https://news.example/new", html}, ""),
			want: want{kind: warc.Skipped, skip: warc.SkipRedirect, uri: "http://news.example/old", status: 301}},
		{name: "revisit", rec: rec{typ: gowarc.Revisit, uri: "https://news.example/", ctype: "application/http;msgtype=response",
			block: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
			extra: [][2]string{
				{gowarc.WarcProfile, gowarc.ProfileIdenticalPayloadDigestV1_1},
				{gowarc.WarcRefersTo, "<urn:uuid:00000000-0000-4000-8000-000000000002>"},
				{gowarc.WarcPayloadDigest, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
			}},
			want: want{kind: warc.Skipped, skip: warc.SkipNotResponse, uri: "https://news.example/"}},
		{name: "truncated", rec: response("https://news.example/truncated", "200 OK",
			[]string{html}, page("This record is cut short "+string(bytes.Repeat([]byte("lorem ipsum "), 20)))),
			damage: "truncate", want: want{corrupt: true}},
		{name: "after-truncated", rec: response("https://news.example/after-truncated", "200 OK",
			[]string{html}, page("After the truncated record")),
			want: want{kind: warc.HTMLPage, uri: "https://news.example/after-truncated", body: "After the truncated record", status: 200}},
		{name: "chunked-gzip", rec: response("https://news.example/chunked", "200 OK",
			[]string{html, "Transfer-Encoding: chunked", "Content-Encoding: gzip"}, chunked(gzipped(page("Chunked and gzipped")))),
			want: want{kind: warc.HTMLPage, uri: "https://news.example/chunked", body: "Chunked and gzipped", status: 200}},
		{name: "corrupt-member", rec: response("https://news.example/corrupt", "200 OK",
			[]string{html}, page("This member is cut in half "+string(bytes.Repeat([]byte("dolor sit amet "), 40)))),
			damage: "cutgzip", want: want{corrupt: true}},
		{name: "no-content-type", rec: response("https://news.example/sniffed", "200 OK",
			nil, page("Sniffed as HTML")),
			want: want{kind: warc.HTMLPage, uri: "https://news.example/sniffed", body: "Sniffed as HTML", status: 200}},
		{name: "bitrot-member", rec: response("https://news.example/bitrot", "200 OK",
			[]string{html}, page("Bit rot "+string(bytes.Repeat([]byte("consectetur adipiscing "), 40)))),
			damage: "flip", want: want{corrupt: true}},
		{name: "resource", rec: rec{typ: gowarc.Resource, uri: "file:///notes.txt", ctype: "text/plain", block: "a resource record"},
			want: want{kind: warc.Skipped, skip: warc.SkipNotResponse, uri: "file:///notes.txt"}},
		{name: "garbage", damage: "garbage", want: want{corrupt: true}},
		{name: "last-page", rec: response("https://news.example/last", "200 OK",
			[]string{"Content-Type: application/xhtml+xml"}, page("The last page")),
			want: want{kind: warc.HTMLPage, uri: "https://news.example/last", body: "The last page", status: 200}},
	}
}

// build encodes the entries as a record-compressed .warc.gz (gzipped) or a
// plain .warc, and returns the offset of each entry. In a plain file the
// gzip-only damages are written as plain garbage.
func build(tb testing.TB, entries []entry, gzipped bool) ([]byte, []int64) {
	tb.Helper()
	var out bytes.Buffer
	offsets := make([]int64, len(entries))
	for i, e := range entries {
		offsets[i] = int64(out.Len())
		var raw []byte
		if e.damage != "garbage" {
			raw = marshal(tb, e.rec, i)
		}
		switch e.damage {
		case "":
			if gzipped {
				raw = gz(tb, raw)
			}
		case "truncate":
			raw = raw[:len(raw)*2/3]
			if gzipped {
				raw = gz(tb, raw)
			}
		case "cutgzip", "flip":
			if !gzipped {
				raw = bytes.Repeat([]byte("\x00garbage\xff"), 30)
				break
			}
			raw = gz(tb, raw)
			if e.damage == "cutgzip" {
				raw = raw[:len(raw)/2]
			} else {
				for j := len(raw) / 3; j < len(raw)/3+8; j++ {
					raw[j] ^= 0x5a
				}
			}
		case "garbage":
			raw = []byte("this is not a WARC record\r\n\r\n\x00\x01\x02")
		}
		out.Write(raw)
	}
	return out.Bytes(), offsets
}

// TestGenerateFixtures keeps the files under testdata equal to what the
// generator makes; run with -update to rewrite them.
func TestGenerateFixtures(t *testing.T) {
	entries := mixedEntries()
	gzData, _ := build(t, entries, true)
	plainData, _ := build(t, entries, false)
	var clean []entry
	for _, e := range entries {
		if e.damage == "" {
			clean = append(clean, e)
		}
	}
	cleanData, _ := build(t, clean, false)
	files := map[string][]byte{
		"mixed.warc.gz":           gzData,
		"mixed.warc":              plainData,
		"clean-wholefile.warc.gz": gz(t, cleanData),
	}
	for name, data := range files {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestGenerateFixtures -update)", err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s is stale: run go test -run TestGenerateFixtures -update", path)
		}
	}
	if *update {
		writeFuzzSeeds(t, files)
	}
}

// writeFuzzSeeds writes the fixtures and a few small cases as seeds of
// FuzzRecords in the go test fuzz v1 format.
func writeFuzzSeeds(t *testing.T, files map[string][]byte) {
	dir := filepath.Join("testdata", "fuzz", "FuzzRecords")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	seeds := map[string][]byte{
		"empty":          {},
		"blank":          []byte("\r\n\r\n"),
		"magic-only":     []byte("WARC/1.1\r\n"),
		"gzip-magic":     {0x1f, 0x8b, 0x08},
		"bad-length":     []byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99999999999\r\n\r\nHTTP/1.1 200 OK\r\n\r\n"),
		"negative-len":   []byte("WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: -5\r\n\r\nabc\r\n\r\n"),
		"short-response": []byte("WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http;msgtype=response\r\nContent-Length: 20\r\n\r\nHTTP/1.1 200 OK\r\n\r\n\r\n\r\n"),
	}
	for name, data := range files {
		seeds[name] = data
	}
	for name, data := range seeds {
		content := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func deflated(s string) string {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	zw.Write([]byte(s))
	zw.Close()
	return buf.String()
}
