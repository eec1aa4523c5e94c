package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/cmd/newslooks/internal/cli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHelp: -h prints the usage on stdout and exits 0; a command's usage
// names every flag with its meaning and default.
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"parse", "-h"}, {"feed", "--help"}, {"parse", "x.txt", "-h"}} {
		code, out, errOut := runCmd(t, "", args...)
		assert.Equal(t, cli.ExitOK, code, "%v", args)
		assert.Empty(t, errOut, "%v", args)
		assert.Contains(t, out, "usage: newslooks", "%v", args)
		if len(args) > 1 || args[0] == "parse" {
			for _, want := range []string{"--format F", "(default json)", "always print one array", "--strict", "(default off)",
				"--workers N", "(default: the number of CPUs)", "--out DIR", "(default none)", "--timeout D", "(default 30s)", "130", "143"} {
				assert.Contains(t, out, want, "%v", args)
			}
		}
	}
}

// TestVersion: --version names the module version and, in a binary built
// from the repository, its VCS revision.
func TestVersion(t *testing.T) {
	code, out, _ := runCmd(t, "", "--version")
	assert.Equal(t, cli.ExitOK, code)
	assert.True(t, strings.HasPrefix(out, "newslooks "), out)
	b, err := exec.Command(binary, "--version").Output()
	require.NoError(t, err)
	assert.Regexp(t, `^newslooks \S+ `, string(b))
	// The go command stamps the revision in a git checkout whose .git is
	// a folder (not in a git worktree, whose .git is a file).
	if info, err := os.Stat("../../.git"); err == nil && info.IsDir() {
		if _, err := exec.LookPath("git"); err == nil {
			assert.Regexp(t, `git [0-9a-f]{40}`, string(b), "the revision, built in a git checkout")
		}
	}
}

// TestFlagsAfterInputs: flags may follow the inputs; "--" ends them.
func TestFlagsAfterInputs(t *testing.T) {
	code, out, errOut := runCmd(t, "", "parse", sampleTxt, "--format", "jsonl", "--workers=1")
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Equal(t, 1, strings.Count(out, "\n"), "one JSON line")
	var a newslooks.Article
	require.NoError(t, json.Unmarshal([]byte(out), &a))

	// After "--", a name that looks like a flag is an input.
	dir := t.TempDir()
	odd := filepath.Join(dir, "--format")
	require.NoError(t, os.WriteFile(odd, []byte(readFile(t, sampleTxt)), 0o644))
	t.Chdir(dir)
	code, out, errOut = runCmd(t, "", "parse", "--format", "jsonl", "--", "--format")
	require.Equal(t, cli.ExitOK, code, errOut)
	require.NoError(t, json.Unmarshal([]byte(out), &a))
	assert.Equal(t, "--format", a.Source)
	// A flag's value may be "--".
	code, _, errOut = runCmd(t, "", "parse", "--format", "--", "x")
	assert.Equal(t, cli.ExitUsage, code)
	assert.Contains(t, errOut, `unknown format "--"`)
}

// TestJSONAlwaysArray: --format json prints an array for zero, one and
// many articles.
func TestJSONAlwaysArray(t *testing.T) {
	for n, args := range map[int][]string{
		0: {"parse", "missing.txt"},
		1: {"parse", sampleTxt},
		2: {"parse", sampleTxt, sampleTxt},
	} {
		_, out, _ := runCmd(t, "", args...)
		var all []newslooks.Article
		require.NoError(t, json.Unmarshal([]byte(out), &all), "%d: %s", n, out)
		assert.Len(t, all, n)
	}
}

func TestStdinTwiceIsUsageError(t *testing.T) {
	code, out, errOut := runCmd(t, "", "parse", "-", sampleTxt, "-")
	assert.Equal(t, cli.ExitUsage, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, `"-" (standard input) given more than once`)
}

// TestWalkSkipsNonRegular: a folder walk does not read a named pipe (it
// would block), a link to /dev/zero (it never ends) or a socket, and the
// summary says why they were skipped.
func TestWalkSkipsNonRegular(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte(readFile(t, sampleTxt)), 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "fifo.txt"), 0o644))
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "zero.html")))
	code, out, errOut := runCmd(t, "", "parse", "--format", "jsonl", dir)
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Equal(t, 1, strings.Count(out, "\n"))
	assert.Equal(t, "newslooks: 1 article written, 1 input read, 0 inputs failed, 2 files skipped (2 not a regular file)\n", errOut)
}

// TestOutCollisionReported: two inputs holding the same article make one
// file in a format that leaves the source out, and the command says so.
func TestOutCollisionReported(t *testing.T) {
	dir := t.TempDir()
	copyTxt := filepath.Join(t.TempDir(), "copy.txt")
	require.NoError(t, os.WriteFile(copyTxt, []byte(readFile(t, sampleTxt)), 0o644))
	code, _, errOut := runCmd(t, "", "parse", "--out", dir, sampleTxt, copyTxt)
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Len(t, dirNames(t, dir), 1)
	assert.Contains(t, errOut, copyTxt+": note: the article is identical in this format to ")
	assert.Contains(t, errOut, "newslooks: 2 articles written, 2 inputs read, 0 inputs failed, 0 files skipped; 1 file created, 0 already present, 1 article identical to another and not written again\n")
}

// TestLayout: main.go is thin, and no function of the command is longer
// than 80 lines.
func TestLayout(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	more, err := filepath.Glob("internal/*/*.go")
	require.NoError(t, err)
	for _, f := range append(files, more...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		for name, lines := range funcLengths(t, f) {
			assert.LessOrEqual(t, lines, 80, "%s: %s", f, name)
			if f == "main.go" {
				assert.Equal(t, "main", name, "main.go holds main only")
			}
		}
	}
}
