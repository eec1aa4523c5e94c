package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPeakRSS holds the command's peak memory to its budget (budget, the
// README's "Memory") on the two runs that used to grow with the number of
// inputs. It takes minutes and writes 300,000 files to the temporary
// folder, so it runs only when asked:
//
//	NEWSLOOKS_MEASURE=1 go test -run PeakRSS -v -timeout 30m ./cmd/newslooks
//
// (-run PeakRSS/tiny or PeakRSS/slow for one of them).
func TestPeakRSS(t *testing.T) {
	if os.Getenv("NEWSLOOKS_MEASURE") == "" {
		t.Skip("set NEWSLOOKS_MEASURE=1 to measure peak memory")
	}
	t.Run("tiny", measureTinyFiles)
	t.Run("slow", measureSlowURL)
}

// workers is the --workers of the measured runs, so that the window of
// inputs in flight, and the budget, are the same on every machine.
const workers = 2

// budget is the most memory a run may take (the README's "Memory"): 40
// MiB for the program, the runtime and the heap the collector has freed
// but not yet handed back or lets grow while it runs, plus twice the
// live heap, which is 28 MiB from the start (go-dateparser's locale data,
// built at init), 40 bytes for each file of the folders being walked,
// and the inputs in flight: 2×workers, each a 64 KiB read buffer, its
// record and that record's parse (at most about 32 times its size,
// package page says).
func budget(walkedFiles int, record int64) int64 {
	live := 28<<20 + 40*int64(walkedFiles) + 2*workers*(64<<10+33*record)
	return 40<<20 + 2*live
}

// measureTinyFiles: a folder of 300,000 tiny files.
func measureTinyFiles(t *testing.T) {
	tiny := t.TempDir()
	for i := range 300000 {
		body := fmt.Sprintf("Story %d/ Newslooks/ WASHINGTON/ J. Mansour/ Morning Edition/ A summary.\n\nA short body %d.\n", i, i)
		require.NoError(t, os.WriteFile(filepath.Join(tiny, fmt.Sprintf("%06d.txt", i)), []byte(body), 0o644))
	}
	rss, stderr := peakRSS(t, "parse", "--format", "jsonl", "--workers", strconv.Itoa(workers), tiny)
	limit := budget(300000, 128)
	t.Logf("300,000 tiny files: peak RSS %.1f MiB, budget %.1f MiB; %s", float64(rss)/(1<<20), float64(limit)/(1<<20), stderr)
	assert.Less(t, rss, limit)
}

// measureSlowURL: a URL that never answers, then 20,000 pages.
func measureSlowURL(t *testing.T) {
	pages := t.TempDir()
	page := readFile(t, "../../page/testdata/xi-putin.html")
	for i := range 20000 {
		require.NoError(t, os.WriteFile(filepath.Join(pages, fmt.Sprintf("%05d.html", i)), []byte(page), 0o644))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // never answers: the client gives up
	}))
	defer srv.Close()
	rss, stderr := peakRSS(t, "parse", "--format", "jsonl", "--workers", strconv.Itoa(workers), "--timeout", "5s", srv.URL+"/slow", pages)
	limit := budget(20000, int64(len(page)))
	t.Logf("slow URL then 20,000 pages: peak RSS %.1f MiB, budget %.1f MiB; %s", float64(rss)/(1<<20), float64(limit)/(1<<20), stderr)
	assert.Less(t, rss, limit)
}

// peakRSS runs the command with stdout discarded and returns its peak
// resident memory in bytes (VmHWM, see runPeak), and its summary. A
// non-zero exit is no failure: the slow URL's run reports one.
func peakRSS(t *testing.T, args ...string) (int64, string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var stderr tailBuffer
	cmd.Stderr = &stderr
	hwm, err := runPeak(cmd)
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	if hwm == 0 {
		t.Fatal("no VmHWM read from /proc while the command ran")
	}
	return hwm, string(stderr.last)
}

// tailBuffer keeps the last line written to it.
type tailBuffer struct{ last []byte }

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.last = append(b.last[:0], p...)
	return len(p), nil
}
