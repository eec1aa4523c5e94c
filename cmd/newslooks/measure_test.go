package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPeakRSS measures the command's peak memory on the two runs that
// used to grow with the number of inputs. It takes minutes and writes
// 300,000 files to the temporary folder, so it runs only when asked:
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

// limit is the most memory a run may take.
const limit = 120 << 20

// measureTinyFiles: a folder of 300,000 tiny files.
func measureTinyFiles(t *testing.T) {
	tiny := t.TempDir()
	for i := range 300000 {
		body := fmt.Sprintf("Story %d/ Newslooks/ WASHINGTON/ J. Mansour/ Morning Edition/ A summary.\n\nA short body %d.\n", i, i)
		require.NoError(t, os.WriteFile(filepath.Join(tiny, fmt.Sprintf("%06d.txt", i)), []byte(body), 0o644))
	}
	rss, stderr := peakRSS(t, "parse", "--format", "jsonl", tiny)
	t.Logf("300,000 tiny files: peak RSS %.1f MB; %s", float64(rss)/(1<<20), stderr)
	assert.Less(t, rss, int64(limit))
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
	rss, stderr := peakRSS(t, "parse", "--format", "jsonl", "--timeout", "5s", srv.URL+"/slow", pages)
	t.Logf("slow URL then 20,000 pages: peak RSS %.1f MB; %s", float64(rss)/(1<<20), stderr)
	assert.Less(t, rss, int64(limit))
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
