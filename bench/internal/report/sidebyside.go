package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// SideBySide is the benchmark that parses each page of a corpus with
// every library in turn (bench's BenchmarkSideBySide), one sub-benchmark
// per corpus, named SideBySide/corpus=C.
const SideBySide = "BenchmarkSideBySide"

// Readability names go-readability (FromReader) in benchmark names.
const Readability = "readability"

// LibMBs is the unit of a library's throughput over a side-by-side pass:
// "newslooks-MB/s".
func LibMBs(lib string) string { return lib + "-" + MBPerSec }

// SpeedRatio is the unit of the subject's throughput over a peer's in a
// side-by-side benchmark, that is the peer's time over the subject's:
// "newslooks/readability". The ratio is over all the benchmark's passes.
func SpeedRatio(peer string) string { return Subject + "/" + peer }

// SpeedRatioMin and SpeedRatioMax are the units of the lowest and highest
// SpeedRatio of a single pass, reported when a benchmark made more than
// one.
func SpeedRatioMin(peer string) string { return SpeedRatio(peer) + "-min" }

// SpeedRatioMax: see SpeedRatioMin.
func SpeedRatioMax(peer string) string { return SpeedRatio(peer) + "-max" }

// A SideTarget is one of the speed targets: the subject's
// throughput at least Min times the peer's.
type SideTarget struct {
	Peer string
	Min  float64
}

// SideTargets are the targets of issue 18 on other publishers' pages, in
// the order the side-by-side table shows them.
var SideTargets = []SideTarget{{Readability, 2}, {Floor, 0.5}}

// A SideRow is one corpus of the side-by-side benchmark, over every run
// of it in the output.
type SideRow struct {
	Corpus string
	Src    float64 // bytes of the corpus
	Runs   int     // result lines
	Passes int     // passes over the corpus, all runs together
	// MBs is each library's median throughput over the runs.
	MBs map[string]float64
	// Ratio is, per peer, the median over the runs of the subject's
	// throughput over the peer's; Lo and Hi are the lowest and highest
	// ratio of any run or single pass.
	Ratio, Lo, Hi map[string]float64
}

// SideBySide returns one row per corpus of BenchmarkSideBySide, in the
// order first seen, with the libraries' figures and the ratios the
// targets name. Libraries are those with a LibMBs metric.
func (s *Set) SideBySide() []SideRow {
	var rows []SideRow
	for _, name := range s.Names {
		c, ok := strings.CutPrefix(name, SideBySide+"/corpus=")
		if !ok || strings.Contains(c, "/") {
			continue
		}
		r := SideRow{Corpus: c, Runs: len(s.Runs[name]), MBs: map[string]float64{},
			Ratio: map[string]float64{}, Lo: map[string]float64{}, Hi: map[string]float64{}}
		r.Src, _ = s.Median(name, SrcBytes)
		for _, run := range s.Runs[name] {
			r.Passes += run.Iters
			for unit := range run.Metrics {
				if lib, ok := strings.CutSuffix(unit, "-"+MBPerSec); ok {
					r.MBs[lib], _ = s.Median(name, unit)
				}
			}
		}
		for _, t := range SideTargets {
			med, ok := s.Median(name, SpeedRatio(t.Peer))
			if !ok {
				continue
			}
			r.Ratio[t.Peer] = med
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, run := range s.Runs[name] {
				for _, u := range []string{SpeedRatio(t.Peer), SpeedRatioMin(t.Peer), SpeedRatioMax(t.Peer)} {
					if v, ok := run.Metrics[u]; ok {
						lo, hi = min(lo, v), max(hi, v)
					}
				}
			}
			r.Lo[t.Peer], r.Hi[t.Peer] = lo, hi
		}
		rows = append(rows, r)
	}
	return rows
}

// Libs returns the libraries of the row in table order.
func (r SideRow) Libs() []string {
	var libs []string
	for l := range r.MBs {
		libs = append(libs, l)
	}
	slices.SortFunc(libs, func(a, b string) int {
		if d := libRank(a) - libRank(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return libs
}

// SideTable is one row per corpus: its size, the passes made, each
// library's MB/s, and for each target the subject's ratio (median over
// the runs), its range over the runs and passes, and whether the median
// meets the target.
func SideTable(rows []SideRow) *Table {
	var libs []string
	for _, r := range rows {
		for _, l := range r.Libs() {
			if !slices.Contains(libs, l) {
				libs = append(libs, l)
			}
		}
	}
	slices.SortStableFunc(libs, func(a, b string) int { return libRank(a) - libRank(b) })
	t := &Table{Header: []string{"corpus", "size", "passes"}, Right: []bool{false, true, true}}
	for _, l := range libs {
		t.Header = append(t.Header, l+" MB/s")
		t.Right = append(t.Right, true)
	}
	for _, tg := range SideTargets {
		t.Header = append(t.Header, Subject+" ÷ "+tg.Peer, "range", fmt.Sprintf("target ≥ %g×", tg.Min))
		t.Right = append(t.Right, true, true, false)
	}
	for _, r := range rows {
		row := []string{r.Corpus, bytesH(r.Src), fmt.Sprint(r.Passes)}
		for _, l := range libs {
			row = append(row, num(r.MBs[l]))
		}
		for _, tg := range SideTargets {
			v, ok := r.Ratio[tg.Peer]
			if !ok {
				row = append(row, "–", "–", "–")
				continue
			}
			rng := "–"
			if r.Hi[tg.Peer] > r.Lo[tg.Peer] {
				rng = strings.TrimSuffix(ratio(r.Lo[tg.Peer], 1), "×") + "–" + ratio(r.Hi[tg.Peer], 1)
			}
			verdict := "missed"
			if v >= tg.Min {
				verdict = "met"
			}
			row = append(row, ratio(v, 1), rng, verdict)
		}
		t.AddRow(row...)
	}
	return t
}

// WriteSideBySide writes the side-by-side table with what it measures;
// nothing when the output has no side-by-side results.
func WriteSideBySide(w io.Writer, rows []SideRow) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprint(w, "### Side by side\n\n")
	fmt.Fprintf(w, "**These are the figures the issue's speed targets are judged on**: `%s` parses every page with each library in turn, "+
		"the order rotating from page to page, and times each call on its own, so that the load other work puts on this shared machine "+
		"falls on all the libraries alike, whereas the tables below time each library in passes of its own, seconds or minutes apart, "+
		"and their ratios swing with the load. MB/s is the corpus's bytes over the library's time for a pass, the median over %s; "+
		"`÷` is newslooks's throughput over the peer's (the peer's time over newslooks's), the median over the runs, judged against the target; "+
		"`range` is the lowest and highest of any run or single pass.\n\n",
		SideBySide, runsWord(rows))
	fmt.Fprint(w, SideTable(rows).Markdown(), "\n")
}

// runsWord says over how many runs the medians are taken.
func runsWord(rows []SideRow) string {
	lo, hi := rows[0].Runs, rows[0].Runs
	for _, r := range rows {
		lo, hi = min(lo, r.Runs), max(hi, r.Runs)
	}
	switch {
	case hi == 1:
		return "1 run"
	case lo == hi:
		return fmt.Sprintf("%d runs", hi)
	}
	return fmt.Sprintf("up to %d runs", hi)
}
