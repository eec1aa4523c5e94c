package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The metric units that the benchmarks report.
const (
	NsPerOp     = "ns/op"
	MBPerSec    = "MB/s"
	BytesPerOp  = "B/op"
	AllocsPerOp = "allocs/op"
	// SrcBytes is the size of the page a benchmark parses, reported by the
	// benchmarks themselves so that ratios per source byte are exact.
	SrcBytes = "srcB"
)

// Floor names the library that measures the floor: bare html.Parse.
const Floor = "html.Parse"

// Subject names the library the report is about.
const Subject = "newslooks"

// LibOrder is the order of libraries in the tables; others follow by name.
var LibOrder = []string{Subject, "readability", "readability_doc", "trafilatura", "trafilatura_fallback", Floor, Tokenizer}

// Tokenizer names the second floor: walking the tokens without a tree.
const Tokenizer = "html.Tokenizer"

// A Run is one result line of `go test -bench`.
type Run struct {
	Name    string // without the "-N" GOMAXPROCS suffix
	Iters   int
	Metrics map[string]float64
}

// A Set holds every run of a benchmark output, by benchmark name, with the
// configuration lines (goos, goarch, cpu, pkg) seen before them.
type Set struct {
	Config map[string]string
	Runs   map[string][]Run
	Names  []string // in first-seen order
}

// Parse reads the output of `go test -bench` (several outputs may be
// concatenated). Lines that are not results or configuration are ignored.
func Parse(r io.Reader) (*Set, error) {
	s := &Set{Config: map[string]string{}, Runs: map[string][]Run{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if k, v, ok := strings.Cut(line, ": "); ok && !strings.ContainsAny(k, " \t") && !strings.HasPrefix(k, "Benchmark") {
			s.Config[k] = strings.TrimSpace(v)
			continue
		}
		run, ok := parseRun(line)
		if !ok {
			continue
		}
		if _, seen := s.Runs[run.Name]; !seen {
			s.Names = append(s.Names, run.Name)
		}
		s.Runs[run.Name] = append(s.Runs[run.Name], run)
	}
	return s, sc.Err()
}

// parseRun reads "BenchmarkX/a=b-2  100  123 ns/op  4.5 MB/s ...".
func parseRun(line string) (Run, bool) {
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
		return Run{}, false
	}
	iters, err := strconv.Atoi(f[1])
	if err != nil {
		return Run{}, false
	}
	name := f[0]
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			name = name[:i]
		}
	}
	run := Run{Name: name, Iters: iters, Metrics: map[string]float64{}}
	for i := 2; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return Run{}, false
		}
		run.Metrics[f[i+1]] = v
	}
	return run, true
}

// Median returns the median of a metric over the runs of one benchmark.
func (s *Set) Median(name, unit string) (float64, bool) {
	var v []float64
	for _, r := range s.Runs[name] {
		if x, ok := r.Metrics[unit]; ok {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return 0, false
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2], true
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2, true
}

// Spread returns the largest relative distance of a run's metric from the
// median, as a fraction (0.03 for ±3%).
func (s *Set) Spread(name, unit string) float64 {
	m, ok := s.Median(name, unit)
	if !ok || m == 0 {
		return 0
	}
	d := 0.0
	for _, r := range s.Runs[name] {
		if x, ok := r.Metrics[unit]; ok {
			d = max(d, math.Abs(x-m)/m)
		}
	}
	return d
}

// A Cell holds the medians of one library on one page.
type Cell struct {
	Ns, MBs, Bytes, Allocs, Src float64
	Spread                      float64 // of ns/op
	Runs                        int
}

// A Group is the results of one top-level benchmark whose sub-benchmarks
// are named page=P/lib=L.
type Group struct {
	Name  string
	Pages []string
	Libs  []string
	Cells map[string]map[string]Cell // page → lib → cell
}

// Groups sorts the runs of "BenchmarkG/page=P/lib=L" into one Group per G,
// in first-seen order. Other benchmarks are ignored.
func (s *Set) Groups() []*Group {
	var groups []*Group
	byName := map[string]*Group{}
	for _, name := range s.Names {
		parts := strings.Split(strings.TrimPrefix(name, "Benchmark"), "/")
		if len(parts) != 3 || !strings.HasPrefix(parts[1], "page=") || !strings.HasPrefix(parts[2], "lib=") {
			continue
		}
		gname, page, lib := parts[0], parts[1][len("page="):], parts[2][len("lib="):]
		g := byName[gname]
		if g == nil {
			g = &Group{Name: gname, Cells: map[string]map[string]Cell{}}
			byName[gname] = g
			groups = append(groups, g)
		}
		if g.Cells[page] == nil {
			g.Cells[page] = map[string]Cell{}
			g.Pages = append(g.Pages, page)
		}
		if !slices.Contains(g.Libs, lib) {
			g.Libs = append(g.Libs, lib)
		}
		var c Cell
		c.Ns, _ = s.Median(name, NsPerOp)
		c.MBs, _ = s.Median(name, MBPerSec)
		c.Bytes, _ = s.Median(name, BytesPerOp)
		c.Allocs, _ = s.Median(name, AllocsPerOp)
		c.Src, _ = s.Median(name, SrcBytes)
		if c.Src == 0 && c.MBs > 0 { // older output without srcB
			c.Src = c.MBs * c.Ns / 1e3
		}
		c.Spread = s.Spread(name, NsPerOp)
		c.Runs = len(s.Runs[name])
		g.Cells[page][lib] = c
	}
	for _, g := range groups {
		slices.SortStableFunc(g.Libs, func(a, b string) int { return libRank(a) - libRank(b) })
	}
	return groups
}

func libRank(lib string) int {
	if i := slices.Index(LibOrder, lib); i >= 0 {
		return i
	}
	return len(LibOrder)
}

// A Total is one library's figures over the pages that every library of
// the group parsed.
type Total struct {
	Lib    string
	Pages  int
	Src    float64 // bytes of all pages
	Ns     float64 // time to parse each page once
	Bytes  float64 // bytes allocated parsing each page once
	Allocs float64
	Spread float64 // largest of the pages
}

// MBs is the throughput over the corpus: all its bytes over the time to
// parse every page once.
func (t Total) MBs() float64 {
	if t.Ns == 0 {
		return 0
	}
	return t.Src / t.Ns * 1e3
}

// Common returns the pages that every library has a result for.
func (g *Group) Common() []string {
	var pages []string
	for _, p := range g.Pages {
		if len(g.Cells[p]) == len(g.Libs) {
			pages = append(pages, p)
		}
	}
	return pages
}

// Totals adds up each library over the pages every library parsed.
func (g *Group) Totals() []Total {
	common := g.Common()
	var out []Total
	for _, lib := range g.Libs {
		t := Total{Lib: lib, Pages: len(common)}
		for _, p := range common {
			c := g.Cells[p][lib]
			t.Src += c.Src
			t.Ns += c.Ns
			t.Bytes += c.Bytes
			t.Allocs += c.Allocs
			t.Spread = max(t.Spread, c.Spread)
		}
		out = append(out, t)
	}
	return out
}

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "–"
	}
	r := a / b
	switch {
	case r >= 100:
		return fmt.Sprintf("%.0f×", r)
	case r >= 10:
		return fmt.Sprintf("%.1f×", r)
	default:
		return fmt.Sprintf("%.2f×", r)
	}
}

func num(v float64) string {
	switch {
	case v == 0:
		return "–"
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

// bytesH formats a byte count with a binary unit.
func bytesH(v float64) string {
	switch {
	case v >= 1<<20:
		return fmt.Sprintf("%.1f MiB", v/(1<<20))
	case v >= 1<<10:
		return fmt.Sprintf("%.0f KiB", v/(1<<10))
	default:
		return fmt.Sprintf("%.0f B", v)
	}
}

// SummaryTable is one row per library over the group's common pages:
// corpus throughput, its ratio to the floor and the subject's ratio to it,
// allocated bytes per page and per source byte, and allocations per page.
func (g *Group) SummaryTable() *Table {
	tot := g.Totals()
	var floor, subj Total
	for _, t := range tot {
		switch t.Lib {
		case Floor:
			floor = t
		case Subject:
			subj = t
		}
	}
	t := &Table{
		Header: []string{"library", "MB/s", "÷ floor", Subject + " speed ×", "alloc/page", "alloc B/src B", "allocs/page", Subject + " alloc ×", "spread"},
		Right:  []bool{false, true, true, true, true, true, true, true, true},
	}
	for _, x := range tot {
		n := float64(max(x.Pages, 1))
		t.AddRow(x.Lib, num(x.MBs()), ratio(x.MBs(), floor.MBs()), ratio(subj.MBs(), x.MBs()),
			bytesH(x.Bytes/n), num(x.Bytes/x.Src), num(x.Allocs/n), ratio(subj.Bytes, x.Bytes),
			fmt.Sprintf("±%.0f%%", 100*x.Spread))
	}
	return t
}

// SpeedTable is one row per page: its size, each library's MB/s, and the
// subject's throughput as a multiple of each other library's.
func (g *Group) SpeedTable() *Table {
	others := slices.DeleteFunc(slices.Clone(g.Libs), func(l string) bool { return l == Subject })
	t := &Table{Header: []string{"page", "size"}, Right: []bool{false, true}}
	for _, l := range g.Libs {
		t.Header = append(t.Header, l+" MB/s")
		t.Right = append(t.Right, true)
	}
	if slices.Contains(g.Libs, Subject) {
		for _, l := range others {
			t.Header = append(t.Header, Subject+" ÷ "+l)
			t.Right = append(t.Right, true)
		}
	}
	for _, p := range g.Pages {
		cells := g.Cells[p]
		src := 0.0
		for _, c := range cells {
			src = max(src, c.Src)
		}
		row := []string{p, bytesH(src)}
		for _, l := range g.Libs {
			row = append(row, num(cells[l].MBs))
		}
		if slices.Contains(g.Libs, Subject) {
			for _, l := range others {
				row = append(row, ratio(cells[Subject].MBs, cells[l].MBs))
			}
		}
		t.AddRow(row...)
	}
	return t
}

// MemoryTable is one row per page: each library's allocated bytes per
// source byte and allocations per page.
func (g *Group) MemoryTable() *Table {
	t := &Table{Header: []string{"page"}, Right: []bool{false}}
	for _, l := range g.Libs {
		t.Header = append(t.Header, l+" B/src B")
		t.Right = append(t.Right, true)
	}
	for _, l := range g.Libs {
		t.Header = append(t.Header, l+" allocs")
		t.Right = append(t.Right, true)
	}
	for _, p := range g.Pages {
		cells := g.Cells[p]
		row := []string{p}
		for _, l := range g.Libs {
			c, ok := cells[l]
			if !ok || c.Src == 0 {
				row = append(row, "–")
				continue
			}
			row = append(row, num(c.Bytes/c.Src))
		}
		for _, l := range g.Libs {
			row = append(row, num(cells[l].Allocs))
		}
		t.AddRow(row...)
	}
	return t
}

var groupAbout = map[string]string{
	"Newslooks":      "The Newslooks page fixtures of `testdata` (`BenchmarkNewslooks`).",
	"Shared":         "The other publishers' pages of `shared/pages` (`BenchmarkShared`), where newslooks structures go-readability's result.",
	"AebDev":         "The 61 pages of `shared/aeb-dev` (`BenchmarkAebDev`), real pages as their publishers served them, scripts and styles included; one iteration parses all of them, so the one row `all` is the corpus (alloc/page and allocs/page are per pass of the 61 pages). go-trafilatura is left out: a pass takes it minutes. Each library runs in passes of its own; the ratios the targets are judged on are in Side by side.",
	"TrafilaturaDev": "The development half of trafilatura's evaluation set (`BenchmarkTrafilaturaDev`), one pass of all its pages per iteration, as AebDev. Each library runs in passes of its own; the ratios the targets are judged on are in Side by side.",
}

// WriteGroup writes a group's tables as Markdown: the summary over the
// corpus, then speed and memory page by page.
func WriteGroup(w io.Writer, g *Group) {
	fmt.Fprintf(w, "### %s\n\n", g.Name)
	if s := groupAbout[g.Name]; s != "" {
		fmt.Fprintf(w, "%s ", s)
	}
	common := g.Common()
	if len(g.Pages) == 1 {
		fmt.Fprintf(w, "%d run with a result from every library.", len(common))
	} else {
		fmt.Fprintf(w, "%d pages, %d with a result from every library (the totals use those).", len(g.Pages), len(common))
	}
	if skipped := len(g.Pages) - len(common); skipped > 0 {
		var miss []string
		for _, p := range g.Pages {
			for _, l := range g.Libs {
				if _, ok := g.Cells[p][l]; !ok {
					miss = append(miss, l+" on "+p)
				}
			}
		}
		fmt.Fprintf(w, " No result (the library failed, so the benchmark skipped): %s.", strings.Join(miss, ", "))
	}
	fmt.Fprint(w, "\n\n")
	fmt.Fprint(w, g.SummaryTable().Markdown(), "\n")
	if g.Name == "Shared" {
		tot := map[string]Total{}
		for _, t := range g.Totals() {
			tot[t.Lib] = t
		}
		if s, r := tot[Subject], tot["readability"]; s.Ns > 0 && r.Ns > 0 {
			fmt.Fprintf(w, "Against go-readability as users call it (`FromReader`), newslooks takes %s its time and allocates %s its bytes (%s its allocations) on these pages.",
				ratio(s.Ns, r.Ns), ratio(s.Bytes, r.Bytes), ratio(s.Allocs, r.Allocs))
			if d := tot["readability_doc"]; d.Ns > 0 {
				fmt.Fprintf(w, " newslooks calls go-readability's `FromDocument` on its own tree, skipping FromReader's charset detection and normalisation; "+
					"against that (`readability_doc`: html.Parse + FromDocument), newslooks takes %s the time, so its structuring costs %.0f%% on top, and %s the bytes.",
					ratio(s.Ns, d.Ns), 100*(s.Ns/d.Ns-1), ratio(s.Bytes, d.Bytes))
			}
			fmt.Fprint(w, "\n\n")
		}
	}
	fmt.Fprint(w, "Throughput by page:\n\n", g.SpeedTable().Markdown(), "\n")
	fmt.Fprint(w, "Allocated bytes per source byte, and allocations per page:\n\n", g.MemoryTable().Markdown(), "\n")
}
