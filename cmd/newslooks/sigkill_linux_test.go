package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// TestOutRerunAfterUnreapedKills: runs of parse --out killed with SIGKILL
// while they write, whose parent has not reaped them yet (zombies, which
// kill(pid, 0) still finds) when the rerun starts: the rerun removes what
// they left, and the folder holds exactly one file per article.
func TestOutRerunAfterUnreapedKills(t *testing.T) {
	sample := readFile(t, sampleTxt)
	var dump strings.Builder
	for i := range 60 {
		fmt.Fprint(&dump, strings.Replace(sample, "Xi, Putin Deepen Ties", fmt.Sprintf("Xi, Putin Deepen Ties %d", i), 1), "\n")
	}
	clean := t.TempDir()
	code, _, errOut := runCmd(t, dump.String(), "parse", "--out", clean, "-")
	require.Equal(t, 0, code, errOut)

	dir := t.TempDir()
	var killed []*child
	for k := range 8 {
		c := start(t, "parse", "--out", dir, "-")
		_, err := c.stdin.Write([]byte(dump.String()[:dump.Len()*(k+1)/9]))
		require.NoError(t, err)
		require.NoError(t, c.cmd.Process.Kill())
		// Wait for it to be dead, but leave it unreaped.
		var info unix.Siginfo
		require.NoError(t, unix.Waitid(unix.P_PID, c.cmd.Process.Pid, &info, unix.WEXITED|unix.WNOWAIT, nil))
		// What a run killed between writing an article's temporary
		// file and removing it leaves.
		stale := filepath.Join(dir, fmt.Sprintf(".newslooks-tmp-%d-%d", c.cmd.Process.Pid, 1000+k))
		require.NoError(t, os.WriteFile(stale, []byte("{"), 0o644))
		killed = append(killed, c)
	}
	code, _, errOut = runCmd(t, dump.String(), "parse", "--out", dir, "-")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, dirNames(t, clean), dirNames(t, dir), "one file per article, nothing left over")
	for _, c := range killed {
		c.wait(t)
	}
}
