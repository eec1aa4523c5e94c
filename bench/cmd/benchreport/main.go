// Command benchreport turns the output of the bench module's benchmarks
// into ratio tables: MB/s over each corpus and per page, each library's
// throughput as a fraction of the floor's (bare html.Parse), newslooks's
// throughput as a multiple of each peer's, allocated bytes per page and per
// source byte, allocations per page, and, from BenchmarkSideBySide, the
// issue's speed targets, met or not.
//
//	go test -run '^$' -bench . -benchtime 1s -count 5 -timeout 90m . | tee bench.txt
//	go run ./cmd/benchreport bench.txt
//
// With no file it reads standard input. The output is Markdown.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/newsingest/newslooks/bench/internal/report"
)

func main() {
	var in io.Reader = os.Stdin
	if len(os.Args) > 2 {
		fmt.Fprintln(os.Stderr, "usage: benchreport [bench.txt]")
		os.Exit(2)
	}
	if len(os.Args) == 2 {
		f, err := os.Open(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchreport:", err)
			os.Exit(1)
		}
		defer f.Close()
		in = f
	}
	set, err := report.Parse(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
	groups, side := set.Groups(), set.SideBySide()
	if len(groups) == 0 && len(side) == 0 {
		fmt.Fprintln(os.Stderr, "benchreport: no BenchmarkG/page=P/lib=L or BenchmarkSideBySide results in the input")
		os.Exit(1)
	}
	if cpu := set.Config["cpu"]; cpu != "" {
		fmt.Printf("cpu: %s\n\n", cpu)
	}
	report.WriteSideBySide(os.Stdout, side)
	for _, g := range groups {
		report.WriteGroup(os.Stdout, g)
	}
}
