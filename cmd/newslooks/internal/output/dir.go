package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/newsingest/newslooks"
)

// tempPrefix starts the name of the temporary file each article is
// written to before it takes its name; the process ID follows, so that a
// later run can remove what a crashed run left behind. A run also holds
// a lock on tempPrefix+PID+".lock" while it writes (see lockRun): a run
// whose lock is free is over, even if its process, killed, has not been
// reaped yet or its ID has been given to another process.
const tempPrefix = ".newslooks-tmp-"

// A dirWriter writes each article to a file of its own, named from a
// slug of its headline. A file is written whole under a temporary name
// and then linked to its final name, which fails if the name is taken: a
// name never holds a partial or empty article, even after SIGKILL, and
// two runs into one folder never overwrite each other. A name that holds
// the same bytes is the same article (Existing, or Shared when this run
// wrote it); one that holds the start of them, as a crash of an older
// version left it, is replaced whole; one that holds anything else, or is
// not a regular file, is skipped for the next name: "-2", "-3", ...
type dirWriter struct {
	dir    string
	f      format
	mine   map[string]bool // names this run created
	claim  func(tmp, path string) error
	unlock func()
}

func newDirWriter(dir string, f format) (*dirWriter, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	unlock, err := lockRun(dir)
	if err != nil {
		return nil, err
	}
	removeStaleTemps(dir)
	return &dirWriter{dir: dir, f: f, mine: map[string]bool{}, claim: claimName, unlock: unlock}, nil
}

func (d *dirWriter) Write(a *newslooks.Article) (Result, error) {
	var buf bytes.Buffer
	if err := d.f.render(a, &buf); err != nil {
		return Result{}, err
	}
	tmp, err := d.writeTemp(buf.Bytes())
	if err != nil {
		return Result{}, err
	}
	defer os.Remove(tmp)
	base := Slug(a.Headline)
	for n := 1; ; n++ {
		name := base
		if n > 1 {
			name += "-" + strconv.Itoa(n)
		}
		name += d.f.ext
		path := filepath.Join(d.dir, name)
		err := d.claim(tmp, path)
		if err == nil {
			d.mine[name] = true
			return Result{Created, path}, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return Result{}, err
		}
		switch compareFile(path, buf.Bytes()) {
		case same:
			if d.mine[name] {
				return Result{Shared, path}, nil
			}
			return Result{Existing, path}, nil
		case partial:
			// What a crash of a writer that wrote in place leaves: the
			// start of this article. Replace it whole.
			if err := os.Rename(tmp, path); err != nil {
				return Result{}, err
			}
			d.mine[name] = true
			return Result{Created, path}, nil
		}
	}
}

// Close gives up the run's lock.
func (d *dirWriter) Close() error {
	d.unlock()
	return nil
}

// lockPath is the lock file of the run of process pid.
func lockPath(dir string, pid int) string {
	return filepath.Join(dir, tempPrefix+strconv.Itoa(pid)+".lock")
}

// writeTemp writes b to a new temporary file in the folder. It is not
// synced: a killed process loses nothing the kernel has, and an fsync per
// article would make a large run many times slower; after a power loss a
// rerun repairs an empty or partial file (see compareFile).
func (d *dirWriter) writeTemp(b []byte) (string, error) {
	f, err := os.CreateTemp(d.dir, tempPrefix+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return "", err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("writing %s: %w", f.Name(), err)
	}
	return f.Name(), nil
}

// claimName gives the complete file tmp the name path, failing with an
// error that is os.ErrExist when path is taken. A hard link is atomic and
// exclusive; where links are not supported, path is claimed with O_EXCL
// and tmp renamed over it.
func claimName(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil || errors.Is(err, os.ErrExist) {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	f.Close()
	return os.Rename(tmp, path)
}

// How a file compares with an article's bytes.
type comparison int

const (
	different comparison = iota // or not a regular file, or unreadable
	same
	partial // a strict prefix, empty included
)

// compareFile compares the file at path with b. It never follows a
// symbolic link, and reads nothing from a file that is not regular or is
// larger than b.
func compareFile(path string, b []byte) comparison {
	info, err := os.Lstat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() > int64(len(b)) {
		return different
	}
	f, err := openNoFollow(path)
	if err != nil {
		return different
	}
	defer f.Close()
	opened, err := f.Stat()
	if err != nil || !os.SameFile(info, opened) {
		return different
	}
	got := make([]byte, len(b)+1)
	n, err := io.ReadFull(f, got)
	switch {
	case err != io.ErrUnexpectedEOF && err != io.EOF:
		return different
	case n == len(b) && bytes.Equal(got[:n], b):
		return same
	case n < len(b) && bytes.Equal(got[:n], b[:n]):
		return partial
	}
	return different
}

// removeStaleTemps removes the temporary files and lock files of runs
// that are over: what a crash left behind.
func removeStaleTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), tempPrefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		end := strings.IndexAny(rest, "-.")
		if end < 0 {
			continue
		}
		if pid, err := strconv.Atoi(rest[:end]); err == nil && pid != os.Getpid() && !runAlive(dir, pid) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
