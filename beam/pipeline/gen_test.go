package pipeline_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// A corpus is a set of generated web archives and what the pipeline must
// make of them.
type corpus struct {
	files []string
	// planted counts
	records, articles, failures, skipped, exact, near int
	// dupOf maps a duplicate's source to the source of the copy it must
	// point at.
	dupOf map[string]string
}

var genDate = time.Date(2024, 5, 17, 9, 30, 0, 0, time.UTC)

// warcRecord encodes one WARC record with gowarc, with an ID and date
// derived from n so that the files are the same on every run.
func warcRecord(tb testing.TB, typ gowarc.RecordType, uri, ctype, block string, n int) []byte {
	tb.Helper()
	b := gowarc.NewRecordBuilder(typ,
		gowarc.WithVersion(gowarc.V1_1),
		gowarc.WithAddMissingDigest(true),
		gowarc.WithFixDigest(true),
		gowarc.WithAddMissingContentLength(true),
		gowarc.WithFixContentLength(true),
		gowarc.WithDefaultDigestAlgorithm("sha1"),
	)
	b.AddWarcHeader(gowarc.WarcRecordID, fmt.Sprintf("<urn:uuid:00000000-0000-4000-8000-%012d>", n))
	b.AddWarcHeaderTime(gowarc.WarcDate, genDate.Add(time.Duration(n)*time.Second))
	if uri != "" {
		b.AddWarcHeader(gowarc.WarcTargetURI, uri)
	}
	b.AddWarcHeader(gowarc.ContentType, ctype)
	if _, err := b.WriteString(block); err != nil {
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

func httpResponse(status, ctype, body string) string {
	return "HTTP/1.1 " + status + "\r\nContent-Type: " + ctype + "\r\nContent-Length: " + fmt.Sprint(len(body)) + "\r\n\r\n" + body
}

const httpType = "application/http;msgtype=response"

// archive collects records for one file.
type archive struct {
	tb   testing.TB
	buf  bytes.Buffer
	gz   bool
	next int
}

func (a *archive) add(rec []byte) {
	if a.gz {
		zw := gzip.NewWriter(&a.buf)
		zw.Write(rec)
		zw.Close()
		return
	}
	a.buf.Write(rec)
}

func (a *archive) page(uri, html string) {
	a.next++
	a.add(warcRecord(a.tb, gowarc.Response, uri, httpType, httpResponse("200 OK", "text/html; charset=utf-8", html), a.next))
}

// words is the vocabulary of generated stories; drawn at random, two
// stories share almost no 5-word shingle.
var words = strings.Fields(`the council harbour storm minister river budget school
police court election market bank energy water city rail union hospital farmers
village port bridge road tax plan report vote leader party talks border trade
price wages strike fire flood drought wind coast station airport museum library
university students teachers doctors nurses patients judges lawyers company
workers factory mine field forest mountain valley island lake weather season
spring summer autumn winter morning evening night week month year decade said
told announced warned agreed denied confirmed expected reported promised`)

type story struct {
	headline  string
	published time.Time
	paras     []string
}

func newStory(r *rand.Rand, i int) story {
	s := story{
		headline:  fmt.Sprintf("Story %d: %s %s %s", i, words[r.IntN(len(words))], words[r.IntN(len(words))], words[r.IntN(len(words))]),
		published: time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour),
	}
	for range 8 {
		var p []string
		for range 40 {
			p = append(p, words[r.IntN(len(words))])
		}
		s.paras = append(s.paras, strings.ToUpper(p[0][:1])+strings.Join(p, " ")[1:]+".")
	}
	return s
}

func (s story) html(extra string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html><head><title>%s</title><meta property="article:published_time" content="%s"></head><body><header><a href="/">Home</a></header><article><h1>%s</h1>`,
		s.headline, s.published.Format(time.RFC3339), s.headline)
	for _, p := range s.paras {
		fmt.Fprintf(&b, "<p>%s</p>", p)
	}
	if extra != "" {
		fmt.Fprintf(&b, "<p>%s</p>", extra)
	}
	b.WriteString("</article><footer>Contact us</footer></body></html>")
	return b.String()
}

// genCorpus writes two archives to dir: a plain .warc with the original
// stories, one skipped record of each kind, a page that is no article and
// a stretch of garbage; and a record-gzipped .warc.gz with exact copies
// (the same page under another site's address), near copies (another
// headline and a syndication line added) and another page that is no
// article.
func genCorpus(tb testing.TB, dir string, stories int) *corpus {
	r := rand.New(rand.NewPCG(1, 2))
	c := &corpus{dupOf: map[string]string{}}
	all := make([]story, stories)
	for i := range all {
		all[i] = newStory(r, i)
	}
	orig := func(i int) string { return fmt.Sprintf("https://daily.example/news/%d.html", i) }

	a := &archive{tb: tb}
	a.next++
	a.add(warcRecord(tb, gowarc.Warcinfo, "", "application/warc-fields", "software: gen_test\r\n", a.next))
	c.records++
	c.skipped++
	for i, s := range all {
		a.page(orig(i), s.html(""))
		c.records++
		c.articles++
	}
	a.next++
	a.add(warcRecord(tb, gowarc.Request, orig(0), "application/http;msgtype=request", "GET /news/0.html HTTP/1.1\r\nHost: daily.example\r\n\r\n", a.next))
	a.next++
	a.add(warcRecord(tb, gowarc.Response, "https://daily.example/missing", httpType, httpResponse("404 Not Found", "text/html", "<html><body>gone</body></html>"), a.next))
	a.next++
	a.add(warcRecord(tb, gowarc.Response, "https://daily.example/logo.png", httpType, httpResponse("200 OK", "image/png", "\x89PNG\r\n\x1a\n0000"), a.next))
	c.records += 3
	c.skipped += 3
	a.page("https://daily.example/empty", "<!doctype html><html><head><title>T</title></head><body></body></html>")
	c.records++
	c.failures++
	a.buf.WriteString("this is not a WARC record at all\r\n\r\n")
	c.records++
	c.failures++ // one corrupt stretch
	a.page(orig(stories), newStory(r, stories).html(""))
	c.records++
	c.articles++
	f1 := dir + "/originals.warc"

	b := &archive{tb: tb, gz: true, next: 10000}
	for i := range min(3, stories) {
		uri := fmt.Sprintf("https://mirror.example/copy/%d", i)
		b.page(uri, all[i].html(""))
		c.records++
		c.articles++
		c.exact++
		c.dupOf[uri] = orig(i)
	}
	for i := 3; i < min(6, stories); i++ {
		s := all[i]
		s.headline = "Wire: " + s.headline + " (updated)"
		for _, site := range []string{"wire.example", "regional.example"} {
			uri := fmt.Sprintf("https://%s/story/%d", site, i)
			b.page(uri, s.html("This story was distributed by "+site+" and edited for length by the news desk."))
			c.records++
			c.articles++
			c.near++
			c.dupOf[uri] = orig(i)
		}
	}
	b.page("https://mirror.example/empty", "<!doctype html><html><head><title>T</title></head><body></body></html>")
	c.records++
	c.failures++
	f2 := dir + "/syndicated.warc.gz"

	for _, f := range []struct {
		name string
		data []byte
	}{{f1, a.buf.Bytes()}, {f2, b.buf.Bytes()}} {
		if err := os.WriteFile(f.name, f.data, 0o644); err != nil {
			tb.Fatal(err)
		}
		c.files = append(c.files, f.name)
	}
	return c
}

// genBench writes one plain archive of n records: distinct stories, but
// in every ten the ninth is an exact copy of the eighth under another
// headline and the tenth a near copy of it (a syndication line added).
func genBench(tb testing.TB, path string, n int) {
	r := rand.New(rand.NewPCG(3, 4))
	a := &archive{tb: tb}
	var prev story
	for i := range n {
		s, extra := newStory(r, i), ""
		switch i % 10 {
		case 8:
			s = prev
			s.headline += " (wire)"
		case 9:
			s = prev
			extra = "This story was distributed by a wire service and edited for length."
		default:
			prev = s
		}
		a.page(fmt.Sprintf("https://bench.example/%d", i), s.html(extra))
	}
	if err := os.WriteFile(path, a.buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
}
