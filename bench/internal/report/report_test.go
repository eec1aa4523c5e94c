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

const sideSample = `cpu: AMD EPYC
BenchmarkSideBySide/corpus=traf-2 	 2	 7000000000 ns/op	 10.00 MB/s	 100.0 html.Parse-MB/s	 40.00 newslooks-MB/s	 0.4000 newslooks/html.Parse	 0.4500 newslooks/html.Parse-max	 0.3800 newslooks/html.Parse-min	 2.400 newslooks/readability	 2.600 newslooks/readability-max	 2.200 newslooks/readability-min	 16.00 readability-MB/s	 72000000 srcB	 1600000000 B/op	 24000000 allocs/op
BenchmarkSideBySide/corpus=small-2 	 1	 200000000 ns/op	 15.00 MB/s	 120.0 html.Parse-MB/s	 60.00 newslooks-MB/s	 0.5000 newslooks/html.Parse	 1.900 newslooks/readability	 31.58 readability-MB/s	 3000000 srcB	 51000000 B/op	 614000 allocs/op
BenchmarkSideBySide/corpus=traf-2 	 2	 6000000000 ns/op	 12.00 MB/s	 110.0 html.Parse-MB/s	 50.00 newslooks-MB/s	 0.4545 newslooks/html.Parse	 0.4700 newslooks/html.Parse-max	 0.4400 newslooks/html.Parse-min	 2.000 newslooks/readability	 2.100 newslooks/readability-max	 1.900 newslooks/readability-min	 25.00 readability-MB/s	 72000000 srcB	 1600000000 B/op	 24000000 allocs/op
BenchmarkSideBySide/corpus=traf-2 	 1	 6000000000 ns/op	 12.00 MB/s	 90.0 html.Parse-MB/s	 45.00 newslooks-MB/s	 0.5000 newslooks/html.Parse	 2.300 newslooks/readability	 19.57 readability-MB/s	 72000000 srcB	 1600000000 B/op	 24000000 allocs/op
`

func TestSideBySide(t *testing.T) {
	s, err := Parse(strings.NewReader(sample + sideSample))
	require.NoError(t, err)
	require.Len(t, s.Groups(), 1, "side-by-side lines are no page group")

	rows := s.SideBySide()
	require.Len(t, rows, 2)
	tr, sm := rows[0], rows[1]
	assert.Equal(t, "traf", tr.Corpus)
	assert.Equal(t, 3, tr.Runs)
	assert.Equal(t, 5, tr.Passes, "passes add up the iterations of the runs")
	assert.Equal(t, 72e6, tr.Src)
	assert.Equal(t, []string{Subject, Readability, Floor}, tr.Libs())
	assert.InDelta(t, 45.0, tr.MBs[Subject], 1e-9, "each library's MB/s is its median over the runs")
	assert.InDelta(t, 19.57, tr.MBs[Readability], 1e-9)
	assert.InDelta(t, 2.3, tr.Ratio[Readability], 1e-9, "the ratio is the median of the runs' ratios")
	assert.InDelta(t, 1.9, tr.Lo[Readability], 1e-9, "the range takes in the passes' lowest")
	assert.InDelta(t, 2.6, tr.Hi[Readability], 1e-9)
	assert.InDelta(t, 0.4545, tr.Ratio[Floor], 1e-9)
	assert.InDelta(t, 0.38, tr.Lo[Floor], 1e-9)
	assert.InDelta(t, 0.5, tr.Hi[Floor], 1e-9, "a run's own ratio counts when it has no -max")

	assert.Equal(t, 1, sm.Passes)
	assert.InDelta(t, 1.9, sm.Lo[Readability], 1e-9)
	assert.InDelta(t, 1.9, sm.Hi[Readability], 1e-9)

	lines := strings.Split(strings.TrimSpace(SideTable(rows).Markdown()), "\n")
	require.Len(t, lines, 4)
	assert.Regexp(t, `newslooks MB/s \| readability MB/s \| html.Parse MB/s \| newslooks ÷ readability \| +range \| target ≥ 2× \| newslooks ÷ html.Parse \| +range \| target ≥ 0.5× \|$`, lines[0])
	assert.Regexp(t, `^\| traf +\| 68.7 MiB \| +5 \| +45.0 \| +19.6 \| +100 \| +2.30× \| 1.90–2.60× \| met +\| +0.45× \| 0.38–0.50× \| missed +\|$`, lines[2])
	assert.Regexp(t, `^\| small +\| +2.9 MiB \| +1 \| +60.0 \| +31.6 \| +120 \| +1.90× \| +– \| missed +\| +0.50× \| +– \| met +\|$`, lines[3])

	var out strings.Builder
	WriteSideBySide(&out, rows)
	assert.Contains(t, out.String(), "### Side by side")
	assert.Contains(t, out.String(), "judged on")
	out.Reset()
	WriteSideBySide(&out, nil)
	assert.Empty(t, out.String(), "no table without side-by-side results")
}
