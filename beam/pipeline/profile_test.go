package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/newsingest/newslooks/beam/pipeline"
)

// TestProfileDump runs the pipeline on Prism in this process over the
// archive of BenchmarkDump and writes a heap profile of Go's and Prism's
// side at once (both live in this process) to
// $NEWSLOOKS_BEAM_PROFILE/heap.pprof whenever the live heap reaches a new
// high: every 500 ms it collects garbage and reads the live heap, so the
// profile last written is the one nearest the high-water mark. Skipped
// unless NEWSLOOKS_BEAM_PROFILE and NEWSLOOKS_BEAM_DUMP_MB are set:
//
//	NEWSLOOKS_BEAM_DUMP_MB=200 NEWSLOOKS_BEAM_PROFILE=DIR go test -run ProfileDump -v ./pipeline
func TestProfileDump(t *testing.T) {
	dir := os.Getenv("NEWSLOOKS_BEAM_PROFILE")
	mb, _ := strconv.Atoi(os.Getenv("NEWSLOOKS_BEAM_DUMP_MB"))
	if dir == "" || mb <= 0 {
		t.Skip("NEWSLOOKS_BEAM_PROFILE and NEWSLOOKS_BEAM_DUMP_MB are not set")
	}
	dump, _ := benchDump(t, mb)
	done := make(chan struct{})
	stopped := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(stopped)
		var high uint64
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc <= high {
				continue
			}
			high = ms.HeapAlloc
			f, err := os.Create(filepath.Join(dir, "heap.pprof"))
			if err != nil {
				t.Error(err)
				return
			}
			if err := pprof.WriteHeapProfile(f); err != nil {
				t.Error(err)
			}
			f.Close()
			t.Logf("%6.1fs live heap %d MiB (sys %d MiB): profile written", time.Since(start).Seconds(), high>>20, ms.HeapSys>>20)
		}
	}()
	_, err := pipeline.Run(context.Background(), pipeline.Config{Inputs: []string{dump}, Output: t.TempDir()}, prism.Execute)
	close(done)
	<-stopped
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("VmHWM of the test process %d MiB", vmHWM("/proc/self/status")>>10)
}
