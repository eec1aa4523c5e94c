package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/newsingest/newslooks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// binary is the command, built once by TestMain for the tests that need
// a real process: signals, crashes, memory.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "newslooks-cmd-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "newslooks")
	build := exec.Command("go", "build", "-buildvcs=auto", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the command:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// child is a running command with pipes to its standard streams.
type child struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr bytes.Buffer
	// stderrLines replaces stderr for a child started with startPiped.
	stderrLines *bufio.Reader
}

func start(t *testing.T, args ...string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(binary, args...)}
	var err error
	c.stdin, err = c.cmd.StdinPipe()
	require.NoError(t, err)
	out, err := c.cmd.StdoutPipe()
	require.NoError(t, err)
	c.stdout = bufio.NewReader(out)
	c.cmd.Stderr = &c.stderr
	require.NoError(t, c.cmd.Start())
	t.Cleanup(func() { c.cmd.Process.Kill(); c.cmd.Wait() })
	return c
}

// startPiped is start with standard error read through stderrLines.
func startPiped(t *testing.T, args ...string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(binary, args...)}
	var err error
	c.stdin, err = c.cmd.StdinPipe()
	require.NoError(t, err)
	out, err := c.cmd.StdoutPipe()
	require.NoError(t, err)
	c.stdout = bufio.NewReader(out)
	errPipe, err := c.cmd.StderrPipe()
	require.NoError(t, err)
	c.stderrLines = bufio.NewReader(errPipe)
	require.NoError(t, c.cmd.Start())
	t.Cleanup(func() { c.cmd.Process.Kill(); c.cmd.Wait() })
	return c
}

// wait reads the rest of stdout and returns it with the exit status.
func (c *child) wait(t *testing.T) (string, int) {
	t.Helper()
	rest, err := io.ReadAll(c.stdout)
	require.NoError(t, err)
	err = c.cmd.Wait()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return string(rest), c.cmd.ProcessState.ExitCode()
}

// TestSIGINTStopsEndlessStdin: `parse - < /dev/zero` stops on SIGINT,
// with status 130 and the input counted as not processed. Standard input
// is a pipe the test fills from /dev/zero: once 1 MiB has gone in, the
// command is reading (its signal handler is set before it reads).
func TestSIGINTStopsEndlessStdin(t *testing.T) {
	c := start(t, "parse", "--format", "jsonl", "-")
	zero, err := os.Open("/dev/zero")
	require.NoError(t, err)
	defer zero.Close()
	_, err = io.CopyN(c.stdin, zero, 1<<20)
	require.NoError(t, err)
	go io.Copy(c.stdin, zero) // the rest, until the command stops reading
	require.NoError(t, c.cmd.Process.Signal(os.Interrupt))
	out, code := c.wait(t)
	assert.Equal(t, 130, code, c.stderr.String())
	assert.Empty(t, out)
	assert.Contains(t, c.stderr.String(), ", 1 input not processed (interrupted)\n")
}

// TestSIGINTStopsBlockedStdin: a read of standard input that waits for
// data which never comes (a terminal, an idle pipe) obeys the signal.
func TestSIGINTStopsBlockedStdin(t *testing.T) {
	sample := readFile(t, sampleTxt)
	c := start(t, "parse", "--format", "jsonl", "-")
	// The first article comes out once the second one's header line is
	// read; then the command waits for more. The third, which may or may
	// not be whole, is not written once the signal has cut the read.
	_, err := io.WriteString(c.stdin, sample+"\n"+sample+"\n"+sample)
	require.NoError(t, err)
	first, err := c.stdout.ReadString('\n')
	require.NoError(t, err)
	require.NoError(t, c.cmd.Process.Signal(os.Interrupt))
	out, code := c.wait(t)
	assert.Equal(t, 130, code)
	for _, line := range strings.SplitAfter(first+out, "\n") {
		if line != "" {
			var a newslooks.Article
			require.NoError(t, json.Unmarshal([]byte(line), &a), "whole lines only")
			require.True(t, strings.HasSuffix(line, "\n"))
		}
	}
	assert.Regexp(t, `newslooks: [12] articles? written, 0 inputs read, 0 inputs failed, 0 files skipped, 1 input not processed \(interrupted\)\n$`, c.stderr.String())
}

// TestSIGTERMClosesJSONArray: SIGTERM while a URL hangs, with inputs
// after it: the array on stdout is closed, the status is 143, and each
// input is either read or counted as not processed.
func TestSIGTERMClosesJSONArray(t *testing.T) {
	srv := newServer(t)
	c := start(t, "parse", "--workers", "2", sampleTxt, srv.URL+"/slow", sampleTxt, sampleTxt, sampleTxt)
	// The first article is whole once its closing brace is out.
	var head strings.Builder
	for !strings.HasSuffix(head.String(), "\n  }") {
		b, err := c.stdout.ReadByte()
		require.NoError(t, err, head.String())
		head.WriteByte(b)
	}
	require.NoError(t, c.cmd.Process.Signal(syscall.SIGTERM))
	out, code := c.wait(t)
	assert.Equal(t, 143, code, c.stderr.String())
	var all []newslooks.Article
	require.NoError(t, json.Unmarshal([]byte(head.String()+out), &all), head.String()+out)
	assert.Len(t, all, 1)
	assert.Equal(t, "newslooks: terminated: stopping; a second signal exits at once\n"+
		"newslooks: 1 article written, 1 input read, 0 inputs failed, 0 files skipped, 4 inputs not processed (interrupted)\n", c.stderr.String())
}

// TestSecondSignalExitsAtOnce: a command stuck writing to a pipe nobody
// reads cannot finish after the first signal; the second ends it.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	sample := readFile(t, sampleTxt)
	c := startPiped(t, "parse", "--format", "jsonl", "-")
	go func() {
		for range 400 { // far more output than a pipe holds
			if _, err := io.WriteString(c.stdin, sample+"\n"); err != nil {
				return
			}
		}
		c.stdin.Close()
	}()
	_, err := c.stdout.ReadString('\n')
	require.NoError(t, err)
	require.NoError(t, c.cmd.Process.Signal(os.Interrupt))
	// Signals sent together may arrive as one: wait until the first is
	// seen, then send the second.
	line, err := c.stderrLines.ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "newslooks: interrupt: stopping; a second signal exits at once\n", line)
	require.NoError(t, c.cmd.Process.Signal(os.Interrupt))
	err = c.cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 130, ee.ExitCode())
}

// TestOutSurvivesSIGKILL: whenever a run writing to a folder is killed,
// every file in it is a whole article, and a rerun ends with exactly the
// files of a clean run: nothing partial, nothing duplicated.
func TestOutSurvivesSIGKILL(t *testing.T) {
	sample := readFile(t, sampleTxt)
	var dump strings.Builder
	for i := range 100 {
		fmt.Fprint(&dump, strings.Replace(sample, "Xi, Putin Deepen Ties", fmt.Sprintf("Xi, Putin Deepen Ties %d", i%20), 1), "\n")
	}
	clean := t.TempDir()
	code, _, errOut := runCmd(t, dump.String(), "parse", "--out", clean, "-")
	require.Equal(t, 0, code, errOut)

	dir := t.TempDir()
	c := start(t, "parse", "--out", dir, "-")
	half := dump.Len() / 2
	_, err := io.WriteString(c.stdin, dump.String()[:half])
	require.NoError(t, err)
	require.NoError(t, c.cmd.Process.Kill())
	c.wait(t)
	for _, name := range dirNames(t, dir) {
		if strings.HasPrefix(name, ".newslooks-tmp-") {
			continue
		}
		var a newslooks.Article
		require.NoError(t, json.Unmarshal([]byte(readFile(t, filepath.Join(dir, name))), &a), "%s is whole", name)
	}
	code, _, errOut = runCmd(t, dump.String(), "parse", "--out", dir, "-")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, dirNames(t, clean), dirNames(t, dir))
}

// TestSIGINTStopsDevZero: `parse FILE - < /dev/zero`, with /dev/zero
// itself as standard input. The file's article on stdout shows the run
// is under way; standard input, the next input, is then being read.
func TestSIGINTStopsDevZero(t *testing.T) {
	zero, err := os.Open("/dev/zero")
	require.NoError(t, err)
	defer zero.Close()
	cmd := exec.Command(binary, "parse", "--format", "jsonl", sampleTxt, "-")
	cmd.Stdin = zero
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	defer cmd.Process.Kill()
	stdout := bufio.NewReader(out)
	first, err := stdout.ReadString('\n')
	require.NoError(t, err)
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	rest, err := io.ReadAll(stdout)
	require.NoError(t, err)
	err = cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 130, ee.ExitCode())
	var a newslooks.Article
	require.NoError(t, json.Unmarshal([]byte(first), &a))
	assert.Empty(t, rest)
	assert.Contains(t, stderr.String(), "newslooks: 1 article written, 1 input read, 0 inputs failed, 0 files skipped, 1 input not processed (interrupted)\n")
}
