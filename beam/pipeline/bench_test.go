package pipeline_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const benchRecords = 2000

var (
	benchOnce    sync.Once
	benchDir     string
	benchWARC    string
	pipelineBin  string
	benchOnceErr error
)

// buildPipeline builds cmd/pipeline once, beside the newslooks binary.
func buildPipeline(tb testing.TB) {
	benchOnce.Do(func() {
		benchDir = filepath.Dir(newslooksBin) // removed by TestMain
		pipelineBin = filepath.Join(benchDir, "pipeline")
		build := exec.Command("go", "build", "-o", pipelineBin, "./cmd/pipeline")
		build.Dir = ".."
		build.Stderr = os.Stderr
		benchOnceErr = build.Run()
	})
	if benchOnceErr != nil {
		tb.Fatal(benchOnceErr)
	}
}

// benchSetup builds cmd/pipeline and writes the 2,000-record archive.
func benchSetup(b *testing.B) {
	buildPipeline(b)
	if benchWARC == "" {
		benchWARC = filepath.Join(benchDir, "bench.warc")
		genBench(b, benchWARC, benchRecords)
	}
}

// runMeasured runs cmd and reports records/s and its peak resident memory.
func runMeasured(b *testing.B, name string, args ...string) {
	b.Helper()
	var elapsed time.Duration
	var peak int64
	for b.Loop() {
		d, p := runOnce(b, name, args...)
		elapsed += d
		peak = max(peak, p)
	}
	b.ReportMetric(float64(benchRecords*b.N)/elapsed.Seconds(), "records/s")
	b.ReportMetric(float64(peak)/1024, "peak-MiB")
}

// runOnce runs a command to its end and returns its wall time and its
// peak resident memory in KiB: the high-water mark (VmHWM) the kernel
// keeps for the process, read every 20 ms while it runs. (The Maxrss of
// its rusage would not do: Go starts a child with vfork, and Linux
// carries the parent's high-water mark across the exec, so every child
// would report at least this test binary's memory.)
func runOnce(b *testing.B, name string, args ...string) (time.Duration, int64) {
	b.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // stdout goes to the null device
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	done := make(chan struct{})
	peak := make(chan int64)
	go func() {
		var hwm int64
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			if v := vmHWM(status); v > hwm {
				hwm = v
			}
			select {
			case <-done:
				peak <- hwm
				return
			case <-tick.C:
			}
		}
	}()
	err := cmd.Wait()
	elapsed := time.Since(start)
	close(done)
	hwm := <-peak
	if err != nil {
		b.Fatalf("%s: %v\n%s", name, err, stderr.Bytes())
	}
	return elapsed, hwm
}

// vmHWM reads the VmHWM line (KiB) of a /proc/PID/status file; 0 when the
// process is gone.
func vmHWM(status string) int64 {
	data, err := os.ReadFile(status)
	if err != nil {
		return 0
	}
	for l := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			v, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return v
		}
	}
	return 0
}

// BenchmarkCommand is `newslooks parse --format jsonl` over the archive,
// one process.
func BenchmarkCommand(b *testing.B) {
	benchSetup(b)
	runMeasured(b, newslooksBin, "parse", "--format", "jsonl", benchWARC)
}

// BenchmarkPrism is the whole pipeline (parse, dedup, write) on Prism in
// its own process.
func BenchmarkPrism(b *testing.B) {
	benchSetup(b)
	out := b.TempDir()
	runMeasured(b, pipelineBin, "--input", benchWARC, "--output", out)
}

// benchDump returns a generated archive of about mb megabytes (genBench)
// and its number of records: $NEWSLOOKS_BEAM_DUMP_FILE if that is set
// (written first if it does not exist yet, so that runs of old and new
// builds read one file), else a new file in a temporary directory.
func benchDump(tb testing.TB, mb int) (string, int) {
	tb.Helper()
	// A generated record is about 3.3 kB.
	n := mb << 20 / 3300
	dump := os.Getenv("NEWSLOOKS_BEAM_DUMP_FILE")
	if dump == "" {
		dump = filepath.Join(tb.TempDir(), "dump.warc")
	}
	if _, err := os.Stat(dump); err != nil {
		genBench(tb, dump, n)
	}
	if st, err := os.Stat(dump); err == nil {
		tb.Logf("%s: %d records, %.1f MB", dump, n, float64(st.Size())/1e6)
	}
	return dump, n
}

// BenchmarkDump compares, on one generated archive of
// $NEWSLOOKS_BEAM_DUMP_MB megabytes (genBench: 10% exact and 10% near
// copies), the command's `parse` and `ingest` (SQLite) with the pipeline on
// Prism, each in its own process: records/s and peak resident memory. It
// is skipped unless the variable is set, being minutes long:
//
//	NEWSLOOKS_BEAM_DUMP_MB=50 go test -run '^$' -bench Dump -benchtime 1x ./pipeline
//
// With NEWSLOOKS_BEAM_DUMP_FILE set, the archive is kept there and reused
// (for the same NEWSLOOKS_BEAM_DUMP_MB), so that builds can be run
// alternately on one input.
func BenchmarkDump(b *testing.B) {
	mb, _ := strconv.Atoi(os.Getenv("NEWSLOOKS_BEAM_DUMP_MB"))
	if mb <= 0 {
		b.Skip("NEWSLOOKS_BEAM_DUMP_MB is not set")
	}
	buildPipeline(b)
	dump, n := benchDump(b, mb)
	measure := func(b *testing.B, name string, args func() []string) {
		var elapsed time.Duration
		var peak int64
		for b.Loop() {
			d, p := runOnce(b, name, args()...)
			elapsed += d
			peak = max(peak, p)
		}
		b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "records/s")
		b.ReportMetric(float64(peak)/1024, "peak-MiB")
	}
	b.Run("parse", func(b *testing.B) {
		measure(b, newslooksBin, func() []string { return []string{"parse", "--format", "jsonl", dump} })
	})
	b.Run("ingest", func(b *testing.B) {
		measure(b, newslooksBin, func() []string {
			return []string{"ingest", "--db", filepath.Join(b.TempDir(), "dump.db"), dump}
		})
	})
	b.Run("prism", func(b *testing.B) {
		measure(b, pipelineBin, func() []string { return []string{"--input", dump, "--output", b.TempDir()} })
	})
}
