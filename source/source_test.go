package source

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sources(l *List) []string {
	var out []string
	for in := range l.All() {
		out = append(out, in.Name)
	}
	return out
}

// TestWalkRegularFilesOnly: a walk reads regular files and links to
// them; a pipe, a socket, a link to a device and a link to a folder are
// skipped and counted by reason, and nothing is opened to find out.
func TestWalkRegularFilesOnly(t *testing.T) {
	dir := t.TempDir()
	write := func(name string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644))
	}
	write("a.txt")
	write("b.md")
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "fifo.txt"), 0o644))
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "a.txt"), filepath.Join(dir, "link.txt")))
	require.NoError(t, os.Symlink(dir, filepath.Join(dir, "loop")))
	sock := filepath.Join(dir, "s.txt")
	ln, lnErr := net.Listen("unix", sock)
	if lnErr == nil {
		defer ln.Close()
	}

	l, err := Expand([]string{dir})
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, "a.txt"), filepath.Join(dir, "link.txt")}, sources(l))
	wantNotRegular := 4 // fifo, zero, loop, socket
	if lnErr != nil {
		wantNotRegular = 3
	}
	assert.Equal(t, map[string]int{SkipName: 1, SkipNotRegular: wantNotRegular}, l.Skipped)
}

// TestWalkedFileReplacedByDevice: a walked file that is a device by the
// time it is opened fails as not regular instead of being read.
func TestWalkedFileReplacedByDevice(t *testing.T) {
	o := &opener{}
	_, _, err := o.open(context.Background(), Input{Name: "/dev/zero", kind: kindWalked})
	assert.ErrorIs(t, err, ErrNotRegular)
	_, _, err = o.open(context.Background(), Input{Name: os.DevNull, kind: kindWalked})
	assert.ErrorIs(t, err, ErrNotRegular)
}

// TestUnreadableFolder: a folder that cannot be read is one input that
// fails with its error, and the walk goes on. Tests may run as root, for
// whom permissions do not stop a read, so the failure is injected: the
// walker's ReadDir fails for one folder.
func TestUnreadableFolder(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a/1.txt", "b/2.txt", "c/3.txt"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, p), []byte("x"), 0o644))
	}
	bad := filepath.Join(dir, "b")
	w := walker{readDir: func(d string) (*listing, error) {
		if d == bad {
			return nil, &fs.PathError{Op: "open", Path: d, Err: syscall.EACCES}
		}
		return readDir(d)
	}}
	l, err := w.list([]string{dir})
	require.NoError(t, err)
	var ins []Input
	for in := range l.All() {
		ins = append(ins, in)
	}
	assert.Equal(t, []string{filepath.Join(dir, "a/1.txt"), bad, filepath.Join(dir, "c/3.txt")}, sources(l))
	require.Len(t, ins, 3)
	_, _, err = (&opener{}).open(context.Background(), ins[1])
	assert.EqualError(t, err, "reading folder: open: permission denied")

	if os.Geteuid() != 0 { // the real thing, where it can be done
		require.NoError(t, os.Chmod(bad, 0))
		defer os.Chmod(bad, 0o755)
		l, err := Expand([]string{dir})
		require.NoError(t, err)
		assert.Equal(t, []string{filepath.Join(dir, "a/1.txt"), bad, filepath.Join(dir, "c/3.txt")}, sources(l))
	}
}

func TestStdinTwice(t *testing.T) {
	_, err := Expand([]string{"-", "x", "-"})
	assert.ErrorIs(t, err, ErrStdinTwice)
}

// TestReadsObeyContext: a read blocked on a pipe that never gets data,
// and reads of an endless device, end when the context is cancelled.
func TestReadsObeyContext(t *testing.T) {
	cause := errors.New("stop")
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancelCause(context.Background())
	rc, _, err := (&opener{stdin: pr}).open(ctx, Stdin())
	require.NoError(t, err)
	done := make(chan error)
	go func() {
		_, err := io.ReadAll(rc)
		done <- err
	}()
	cancel(cause)
	assert.ErrorIs(t, <-done, cause)
	rc.Close()

	for _, in := range []Input{File("/dev/zero"), Stdin()} {
		ctx, cancel := context.WithCancelCause(context.Background())
		zero, err := os.Open("/dev/zero")
		require.NoError(t, err)
		rc, _, err := (&opener{stdin: zero}).open(ctx, in)
		require.NoError(t, err)
		buf := make([]byte, 1<<20)
		_, err = io.ReadFull(rc, buf)
		require.NoError(t, err)
		cancel(cause)
		_, err = io.Copy(io.Discard, rc)
		assert.ErrorIs(t, err, cause, in.Name)
		rc.Close()
		zero.Close()
	}
}

// TestOpenPipeWithoutWriter: opening a named pipe that has no writer
// blocks; the open is abandoned when the context is cancelled.
func TestOpenPipeWithoutWriter(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	ctx, cancel := context.WithCancelCause(context.Background())
	cause := errors.New("stop")
	done := make(chan error)
	go func() {
		_, _, err := (&opener{}).open(ctx, File(fifo))
		done <- err
	}()
	cancel(cause)
	assert.ErrorIs(t, <-done, cause)
	// Let the abandoned open return.
	f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	require.NoError(t, err)
	f.Close()
}
