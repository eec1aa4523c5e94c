// Package bench compares newslooks with the Go libraries a user would
// otherwise pick, go-readability and go-trafilatura, for speed and for
// accuracy. It is a module of its own so that the library's users never
// download the competitors.
//
// The benchmarks (bench_test.go) time, on the same bytes in the same run,
// page.ParseHTML, go-readability's FromReader, go-trafilatura's
// Extract with and without its fallback extractors, and the floor, bare
// golang.org/x/net/html.Parse, on every Newslooks page fixture of
// ../testdata (BenchmarkNewslooks) and on the real news pages of
// ../../shared/pages (BenchmarkShared; the directory is given by -pages or
// $NEWSLOOKS_PAGES, and the benchmark is skipped when it is absent).
// Sub-benchmarks are named page=P/lib=L. BenchmarkAebDev and
// BenchmarkTrafilaturaDev time newslooks, go-readability and html.Parse
// over the whole of aeb-dev and of trafilatura's development half, each
// library in passes of its own; BenchmarkSideBySide (sidebyside_test.go)
// parses each page of those corpora and of shared/pages with the three in
// turn, and gives the ratios the speed targets are judged on. From
// the bench directory:
//
//	go test -c -o bench.test .
//	for i in 1 2 3 4 5; do ./bench.test -test.run '^$' -test.bench . -test.benchtime 1s; done | tee bench.txt
//	./bench.test -test.run '^$' -test.bench SideBySide -test.benchtime 3x | tee -a bench.txt
//	go run ./cmd/benchreport bench.txt
//
// Five passes of the whole suite, rather than -count 5, spread a burst of
// outside load over one run of every library instead of five runs of one;
// `go test -run '^$' -bench . -count 5 .` gives the same kind of output.
// The shared pages' directory is given with -pages (-test.pages for the
// compiled binary, or `go test ... -args -pages DIR`) or $NEWSLOOKS_PAGES.
//
// benchreport prints, per group, MB/s over the whole corpus and per page,
// each library's throughput as a multiple of the floor's, newslooks's as a
// multiple of each peer's, allocated bytes per page and per source byte,
// allocations per page, and the targets, met or missed. With
// benchstat (golang.org/x/perf/cmd/benchstat) the same file gives the
// per-page ratios with confidence intervals:
//
//	benchstat -col /lib -row /page bench.txt
//
// The accuracy evaluation is ./cmd/eval; it writes ../BENCHMARKS.md, and
// includes the speed tables when given the benchmark output:
//
//	go run ./cmd/eval -bench bench.txt
package bench
