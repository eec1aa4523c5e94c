//go:build linux

package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks/cmd/newslooks/internal/cli"
)

// smallDisk mounts a tmpfs of size bytes on a new folder and returns it.
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "disk")
	require.NoError(t, os.Mkdir(dir, 0o755))
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+strconv.Itoa(size)); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (needs root or CAP_SYS_ADMIN): %v", err)
	}
	t.Cleanup(func() { _ = syscall.Unmount(dir, 0) })
	return dir
}

// distinctStories writes n text articles that are not near copies of
// each other, and returns their folder.
func distinctStories(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	words := strings.Fields(readFile(t, sampleTxt))
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "Story number %d/ Newslooks/ WASHINGTON/ J. Mansour/ Morning Edition/ A summary of story %d.\n\n", i, i)
		rng := rand.New(rand.NewPCG(uint64(i), 1))
		for _, j := range rng.Perm(len(words))[:300] {
			b.WriteString(words[j])
			b.WriteByte(' ')
		}
		b.WriteString("\n")
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d.txt", i)), []byte(b.String()), 0o644))
	}
	return dir
}

var summaryLine = regexp.MustCompile(`newslooks: (\d+) articles? written, (\d+) inputs? read, (\d+) inputs? failed.*; stored: (\d+) new`)

// TestDiskFullAccounting: ingest into an SQLite store on a disk that
// fills up. Every article counted as written is stored, every other
// input is named with a line that says the disk is full, and the
// summary adds up (it read "397 written" with 16 stored).
func TestDiskFullAccounting(t *testing.T) {
	disk := smallDisk(t, 600<<10)
	inputs := distinctStories(t, 400)
	db := filepath.Join(disk, "news.db")
	code, _, errOut := runCmd(t, "", "ingest", "--db", db, inputs)
	assert.NotEqual(t, cli.ExitOK, code)
	m := summaryLine.FindStringSubmatch(errOut)
	require.NotNil(t, m, errOut)
	written, read, failed, stored := atoi(t, m[1]), atoi(t, m[2]), atoi(t, m[3]), atoi(t, m[4])
	assert.Equal(t, 400, read)
	assert.Positive(t, failed, "the disk filled up")
	assert.Equal(t, read, written+failed, "each input is written or failed")
	assert.Equal(t, written, stored, "written means stored")
	lines := regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(inputs)+`/\d{3}\.txt: .*$`).FindAllString(errOut, -1)
	assert.Len(t, lines, failed, "one line per failed input")
	for _, l := range lines {
		assert.Contains(t, l, "not stored: disk full")
	}

	// What the store holds is what the summary said.
	code, out, errOut := runCmd(t, "", "status", "--db", db)
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Contains(t, out, fmt.Sprintf("articles:         %d ", written))
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}
