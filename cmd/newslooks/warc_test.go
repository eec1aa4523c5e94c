package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/cli"
	"github.com/newsingest/newslooks/page"
)

// warcRecord is one record the test writes with gowarc.
type warcRecord struct {
	typ   gowarc.RecordType
	uri   string
	block string // the HTTP message, or the record's content
}

var warcDate = time.Date(2025, 9, 2, 8, 0, 0, 0, time.UTC)

// writeWARC writes records as a .warc.gz, one gzip member a record, and
// returns its path. cut, when positive, cuts the last member short.
func writeWARC(t *testing.T, records []warcRecord, cut int) string {
	t.Helper()
	var file bytes.Buffer
	for i, r := range records {
		ctype := "application/http;msgtype=response"
		if r.typ == gowarc.Request {
			ctype = "application/http;msgtype=request"
		}
		b := gowarc.NewRecordBuilder(r.typ, gowarc.WithAddMissingDigest(true), gowarc.WithFixContentLength(true),
			gowarc.WithAddMissingContentLength(true), gowarc.WithFixDigest(true))
		b.AddWarcHeader(gowarc.WarcRecordID, fmt.Sprintf("<urn:uuid:00000000-0000-4000-8000-%012d>", i))
		b.AddWarcHeaderTime(gowarc.WarcDate, warcDate.Add(time.Duration(i)*time.Minute))
		b.AddWarcHeader(gowarc.WarcTargetURI, r.uri)
		b.AddWarcHeader(gowarc.ContentType, ctype)
		_, err := b.WriteString(r.block)
		require.NoError(t, err)
		wr, _, err := b.Build()
		require.NoError(t, err)
		var rec bytes.Buffer
		_, _, err = gowarc.NewMarshaler().Marshal(&rec, wr, 0)
		require.NoError(t, err)
		wr.Close()
		zw := gzip.NewWriter(&file)
		_, err = zw.Write(rec.Bytes())
		require.NoError(t, err)
		require.NoError(t, zw.Close())
	}
	data := file.Bytes()
	if cut > 0 {
		data = data[:len(data)-cut]
	}
	path := filepath.Join(t.TempDir(), "crawl.warc.gz")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

func httpMessage(status, contentType, body string) string {
	return "HTTP/1.1 " + status + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " +
		fmt.Sprint(len(body)) + "\r\n\r\n" + body
}

// TestParseWARC parses a web archive of pages of different kinds and
// checks every record's fate: each HTML 200 response is an article whose
// source is its address and whose fetch time is its WARC date, the same
// article that parsing the page alone gives; every other record is counted
// as skipped by reason; a cut-off record is an error line; nothing is lost.
func TestParseWARC(t *testing.T) {
	sample := readFile(t, "../../page/testdata/xi-putin.html")
	other := readFile(t, "../../page/testdata/pages/ars-1/source.html")
	const sampleURL = "https://newslooks.com/xi-putin/"
	const otherURL = "https://arstechnica.com/a/"
	path := writeWARC(t, []warcRecord{
		{gowarc.Request, sampleURL, "GET /xi-putin/ HTTP/1.1\r\nHost: newslooks.com\r\n\r\n"},
		{gowarc.Response, sampleURL, httpMessage("200 OK", "text/html; charset=utf-8", sample)},
		{gowarc.Response, otherURL, httpMessage("200 OK", "text/html", other)},
		{gowarc.Response, "https://newslooks.com/missing", httpMessage("404 Not Found", "text/html", "<p>gone</p>")},
		{gowarc.Response, "https://newslooks.com/logo.png", httpMessage("200 OK", "image/png", "\x89PNG\r\n\x1a\n")},
		{gowarc.Response, "https://newslooks.com/old", "HTTP/1.1 301 Moved Permanently\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n"},
		{gowarc.Response, "https://newslooks.com/cut", httpMessage("200 OK", "text/html", "<p>never read whole</p>")},
	}, 20)

	code, out, errOut := runCmd(t, "", "parse", "--format", "jsonl", path)
	assert.Equal(t, cli.ExitFailed, code, "the cut record fails the input")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 2, out)
	var got []newslooks.Article
	for _, l := range lines {
		var a newslooks.Article
		require.NoError(t, json.Unmarshal([]byte(l), &a))
		got = append(got, a)
	}
	for i, want := range []struct{ url, src string }{{sampleURL, sample}, {otherURL, other}} {
		a := got[i]
		assert.Equal(t, want.url, a.Source)
		assert.True(t, a.Fetched.Equal(warcDate.Add(time.Duration(i+1)*time.Minute)), "fetched %v", a.Fetched)
		alone, err := page.ParseHTML(strings.NewReader(want.src), want.url)
		require.NoError(t, err)
		alone.Source, alone.Fetched = a.Source, a.Fetched
		js, err := json.Marshal(alone)
		require.NoError(t, err)
		assert.JSONEq(t, string(js), lines[i], "the same article as the page alone")
	}
	assert.Equal(t, "Xi, Putin Deepen Ties With Energy, Security Deals Facing US Challenges", got[0].Headline)

	assert.Contains(t, errOut, path+": ")
	assert.Contains(t, errOut, "offset")
	assert.Contains(t, errOut, "newslooks: 2 articles written, 1 input read, 1 input failed, 0 files skipped, "+
		"4 archive records skipped (1 not-html, 1 not-response, 1 redirect, 1 status)\n")
}

// TestParseFolderWithWARC checks that a folder walk reads archives.
func TestParseFolderWithWARC(t *testing.T) {
	path := writeWARC(t, []warcRecord{
		{gowarc.Response, "https://newslooks.com/xi-putin/", httpMessage("200 OK", "text/html", readFile(t, "../../page/testdata/xi-putin.html"))},
	}, 0)
	dir := filepath.Dir(path)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "copy.txt"), []byte(readFile(t, sampleTxt)), 0o644))
	code, out, errOut := runCmd(t, "", "parse", "--format", "jsonl", dir)
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Equal(t, 2, strings.Count(out, "\n"))
	assert.Contains(t, errOut, "2 articles written, 2 inputs read")
}
