package multipage_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/newsingest/newslooks/multipage"
	"github.com/newsingest/newslooks/page"
)

// BenchmarkReadOnePage is the cost of reading a page that is not paged
// through a Reader (a parse, and a scan for a next page) beside parsing it
// alone: what following multi-page articles adds to every fetched page.
func BenchmarkReadOnePage(b *testing.B) {
	src := []byte(strings.Repeat(storyPage(1, ""), 1))
	const pageURL = "https://example.com/story"
	p := &page.Parser{}
	r := &multipage.Reader{Parser: p, Get: nil}
	b.Run("read=parse", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := p.ParseResponse(bytes.NewReader(src), pageURL, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read=multipage", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := r.Read(context.Background(), src, pageURL, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}
