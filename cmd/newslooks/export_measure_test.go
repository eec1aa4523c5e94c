//go:build linux

package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	_ "github.com/ncruces/go-sqlite3/driver" // registers "sqlite3"
	"github.com/stretchr/testify/require"
)

// TestExportPeakRSS measures the peak memory of export --format csv and
// --format parquet on stores of 100,000 and 1,000,000 rows. The rows are
// 2,000 articles of about 3 KB of text, stored by ingest, then copied
// row by row under new URLs (export reads rows; whether their text
// repeats does not change what it holds). It takes many minutes and
// gigabytes of disk, so it runs only when asked:
//
//	NEWSLOOKS_MEASURE=1 go test -run ExportPeakRSS -v -timeout 60m ./cmd/newslooks
//
// ($NEWSLOOKS_MEASURE_ROWS=100000 measures one size.)
// Peak memory is the child's VmHWM, read from /proc while it runs (its
// rusage would carry the test binary's over exec).
func TestExportPeakRSS(t *testing.T) {
	if os.Getenv("NEWSLOOKS_MEASURE") == "" {
		t.Skip("set NEWSLOOKS_MEASURE=1 to measure peak memory")
	}
	const seed = 2000
	dir := t.TempDir()
	// Plain words only: a word like "Newslooks/" would read as a header.
	words := strings.FieldsFunc(readFile(t, sampleTxt), func(r rune) bool { return !unicode.IsLetter(r) })
	inputs := filepath.Join(dir, "in")
	require.NoError(t, os.Mkdir(inputs, 0o755))
	for i := range seed {
		var b strings.Builder
		fmt.Fprintf(&b, "Story number %d/ Newslooks/ WASHINGTON/ J. Mansour/ Morning Edition/ A summary of story %d.\n\n", i, i)
		rng := rand.New(rand.NewPCG(uint64(i), 2))
		for p := range 5 {
			for range 100 {
				b.WriteString(words[rng.IntN(len(words))])
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "(%d)\n\n", p)
		}
		require.NoError(t, os.WriteFile(filepath.Join(inputs, fmt.Sprintf("%04d.txt", i)), []byte(b.String()), 0o644))
	}
	db := filepath.Join(dir, "news.db")
	code, _, errOut := runCmd(t, "", "ingest", "--db", db, inputs)
	require.Equal(t, 0, code, errOut)
	sizes := []int{100_000, 1_000_000}
	if env := os.Getenv("NEWSLOOKS_MEASURE_ROWS"); env != "" { // "100000" for a shorter run
		sizes = nil
		for f := range strings.SplitSeq(env, ",") {
			n, err := strconv.Atoi(f)
			require.NoError(t, err)
			sizes = append(sizes, n)
		}
	}
	for _, rows := range sizes {
		copyRows(t, db, seed, rows)
		for _, format := range []string{"csv", "parquet"} {
			t0 := time.Now()
			hwm, out, errOut := childPeak(t, "export", "--db", db, "--format", format)
			require.Contains(t, errOut, fmt.Sprintf("%d exported", rows))
			t.Logf("export --format %s, %d rows: peak RSS %.1f MiB, %.0f B/row out, %s", format, rows,
				float64(hwm)/(1<<20), float64(out)/float64(rows), time.Since(t0).Round(time.Second))
		}
	}
}

// copyRows adds copies of the first seed articles of the store at db,
// under new URLs, until it holds rows articles.
func copyRows(t *testing.T, db string, seed, rows int) {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?_pragma=journal_mode(wal)&_pragma=synchronous(off)")
	require.NoError(t, err)
	defer conn.Close()
	var have int
	require.NoError(t, conn.QueryRow(`SELECT count(*) FROM articles`).Scan(&have))
	for have < rows {
		n := min(seed, rows-have)
		_, err := conn.Exec(`INSERT INTO articles (url, source, origin, headline, published, modified, fetched, ingested, updated,
				language, content_hash, fingerprint, fingerprint_version, duplicate_of, article)
			SELECT url || '#' || ?, source, origin, headline, published, modified, fetched, ingested, updated,
				language, content_hash, fingerprint, fingerprint_version, duplicate_of, article
			FROM articles WHERE id <= ?`, have, n)
		require.NoError(t, err)
		have += n
	}
	_, err = conn.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	require.NoError(t, err)
}

// childPeak runs the command with its output counted and discarded and
// returns its peak resident memory (see runPeak), the bytes it wrote to
// stdout, and its stderr.
func childPeak(t *testing.T, args ...string) (hwm, out int64, stderr string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var errBuf bytes.Buffer
	counter := &countWriter{}
	cmd.Stdout, cmd.Stderr = counter, &errBuf
	hwm, err := runPeak(cmd)
	require.NoError(t, err, errBuf.String())
	return hwm, counter.n, errBuf.String()
}

// runPeak runs cmd and returns its peak resident memory, VmHWM polled
// from /proc every few milliseconds until it exits (its rusage's Maxrss
// would carry the test binary's over exec), and the error of Wait.
func runPeak(cmd *exec.Cmd) (int64, error) {
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	var hwm int64
	for {
		select {
		case err := <-done:
			return hwm, err
		case <-tick.C:
			hwm = max(hwm, vmHWMOf(status))
		}
	}
}

// vmHWMOf reads VmHWM, in bytes, from a /proc status file; 0 when the
// process is gone.
func vmHWMOf(status string) int64 {
	raw, err := os.ReadFile(status)
	if err != nil {
		return 0
	}
	for line := range bytes.Lines(raw) {
		if v, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			kb, _ := strconv.ParseInt(string(bytes.TrimSuffix(bytes.TrimSpace(v), []byte(" kB"))), 10, 64)
			return kb << 10
		}
	}
	return 0
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}
