package report

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTableMarkdown(t *testing.T) {
	tb := &Table{Header: []string{"library", "F1"}, Right: []bool{false, true}}
	tb.AddRow("newslooks", "0.98")
	tb.AddRow("go-trafilatura", "n/a")
	tb.AddRow("a|b", "1\n2") // escaped pipe, folded newline
	tb.AddRow("short")       // missing cell
	got := tb.Markdown()
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	require.Len(t, lines, 6)
	assert.Equal(t, "| library        |   F1 |", lines[0])
	assert.Equal(t, "| -------------- | ---: |", lines[1])
	assert.Equal(t, "| newslooks      | 0.98 |", lines[2])
	assert.Equal(t, "| go-trafilatura |  n/a |", lines[3])
	assert.Equal(t, `| a\|b           |  1 2 |`, lines[4])
	assert.Equal(t, "| short          |      |", lines[5])
}

func TestTableMarkdownUnicodeWidth(t *testing.T) {
	tb := &Table{Header: []string{"x"}}
	tb.AddRow("été")
	tb.AddRow("ab")
	got := strings.Split(tb.Markdown(), "\n")
	assert.Equal(t, "| été |", got[2])
	assert.Equal(t, "| ab  |", got[3])
}

const sample = `goos: linux
goarch: amd64
pkg: github.com/newsingest/newslooks/bench
cpu: AMD EPYC
BenchmarkNewslooks/page=xi/lib=newslooks-2         	     100	   1000000 ns/op	  50.00 MB/s	     50000 srcB	    200000 B/op	      1000 allocs/op
BenchmarkNewslooks/page=xi/lib=newslooks-2         	     100	   1200000 ns/op	  41.67 MB/s	     50000 srcB	    200000 B/op	      1000 allocs/op
BenchmarkNewslooks/page=xi/lib=newslooks-2         	     100	    900000 ns/op	  55.56 MB/s	     50000 srcB	    200000 B/op	      1000 allocs/op
BenchmarkNewslooks/page=xi/lib=readability-2       	      10	  10000000 ns/op	   5.00 MB/s	     50000 srcB	   4000000 B/op	     40000 allocs/op
BenchmarkNewslooks/page=xi/lib=html.Parse-2        	    1000	    500000 ns/op	 100.00 MB/s	     50000 srcB	    100000 B/op	       500 allocs/op
--- SKIP: BenchmarkNewslooks/page=bad/lib=newslooks
BenchmarkNewslooks/page=bad/lib=readability-2      	      10	  20000000 ns/op	   5.00 MB/s	    100000 srcB	   8000000 B/op	     80000 allocs/op
BenchmarkNewslooks/page=bad/lib=html.Parse-2       	    1000	   1000000 ns/op	 100.00 MB/s	    100000 srcB	    200000 B/op	      1000 allocs/op
BenchmarkOther-2 	 5	 3 ns/op
PASS
ok  	github.com/newsingest/newslooks/bench	12.3s
`

func TestParseAndGroups(t *testing.T) {
	s, err := Parse(strings.NewReader(sample))
	require.NoError(t, err)
	assert.Equal(t, "AMD EPYC", s.Config["cpu"])
	require.Len(t, s.Runs["BenchmarkNewslooks/page=xi/lib=newslooks"], 3)
	m, ok := s.Median("BenchmarkNewslooks/page=xi/lib=newslooks", NsPerOp)
	require.True(t, ok)
	assert.Equal(t, 1000000.0, m)
	assert.InDelta(t, 0.2, s.Spread("BenchmarkNewslooks/page=xi/lib=newslooks", NsPerOp), 1e-9)
	assert.Contains(t, s.Runs, "BenchmarkOther")

	groups := s.Groups()
	require.Len(t, groups, 1)
	g := groups[0]
	assert.Equal(t, "Newslooks", g.Name)
	assert.Equal(t, []string{"xi", "bad"}, g.Pages)
	assert.Equal(t, []string{"newslooks", "readability", "html.Parse"}, g.Libs)
	assert.Equal(t, []string{"xi"}, g.Common(), "the page newslooks skipped is left out of the totals")

	tot := g.Totals()
	require.Len(t, tot, 3)
	assert.InDelta(t, 50.0, tot[0].MBs(), 1e-9)
	assert.InDelta(t, 5.0, tot[1].MBs(), 1e-9)

	sum := g.SummaryTable().Markdown()
	assert.Contains(t, sum, "| newslooks   |") // row present
	assert.Contains(t, sum, "10.0×")           // newslooks ÷ readability speed
	assert.Contains(t, sum, "0.05×")           // newslooks ÷ readability bytes
	assert.Contains(t, sum, "0.50×")           // newslooks ÷ floor

	mem := g.MemoryTable().Markdown()
	assert.Regexp(t, `\| bad +\| +– \|`, mem) // skipped page: no figure
	assert.Contains(t, mem, "4.00")           // 200000 B / 50000 src B

}

func TestParseRunSuffix(t *testing.T) {
	r, ok := parseRun("BenchmarkX/page=a-b/lib=trafilatura_fallback 	 3	 12.5 ns/op")
	require.True(t, ok)
	assert.Equal(t, "BenchmarkX/page=a-b/lib=trafilatura_fallback", r.Name, "no GOMAXPROCS suffix to strip")
	r, ok = parseRun("BenchmarkX/page=a-12/lib=y-8 	 3	 12.5 ns/op")
	require.True(t, ok)
	assert.Equal(t, "BenchmarkX/page=a-12/lib=y", r.Name)
	_, ok = parseRun("BenchmarkX 	 three	 12.5 ns/op")
	assert.False(t, ok)
}
