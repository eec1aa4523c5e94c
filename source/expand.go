package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The reasons a folder walk skips a file, the keys of List.Skipped.
const (
	SkipName       = "not .txt/.html/.htm/.warc/.warc.gz"
	SkipNotRegular = "not a regular file"
)

// A List is the inputs of a run, in order, and what folder walks skipped.
type List struct {
	// Inputs are the inputs, in the order of the arguments, a folder's
	// files in lexical order.
	Inputs []Input
	// Skipped counts the files walks left out, by reason.
	Skipped map[string]int
}

// ErrStdinTwice is the usage error of a command line that names "-" more
// than once: standard input can be read only once.
var ErrStdinTwice = errors.New(`"-" (standard input) given more than once`)

// articleExts are the file endings a folder walk reads, besides
// archives (isArchiveName).
var articleExts = map[string]bool{".txt": true, ".html": true, ".htm": true, ".warc": true}

// isWalked reports whether a folder walk reads the file at path: a text
// copy, a page, or a web archive (.warc, .warc.gz).
func isWalked(path string) bool {
	lower := strings.ToLower(path)
	return articleExts[filepath.Ext(lower)] || strings.HasSuffix(lower, ".warc.gz")
}

// Expand turns the arguments into inputs: "-" (the default when there is
// none) is standard input, an http(s) URL is fetched, a folder is walked,
// and anything else is a file (a missing one fails as its input).
func Expand(args []string) (*List, error) {
	return walker{}.expand(args)
}

// A walker walks folders. Its fields, nil by default, replace the file
// system calls for tests.
type walker struct {
	readDir func(dir string) ([]entry, error)
	stat    func(path string) (fs.FileInfo, error)
}

// An entry is a name in a folder and its type bits, all a walk keeps of
// it: a folder of 300,000 files costs 24 bytes a name, not an fs.DirEntry.
type entry struct {
	name string
	typ  fs.FileMode
}

// readDir lists a folder in batches, keeping only names and types. On an
// error it returns what it listed before it.
func readDir(dir string) ([]entry, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var entries []entry
	for {
		batch, err := f.ReadDir(1024)
		for _, e := range batch {
			entries = append(entries, entry{e.Name(), e.Type()})
		}
		if err == io.EOF {
			return entries, nil
		}
		if err != nil {
			return entries, err
		}
	}
}

// expand is Expand with w's file system calls.
func (w walker) expand(args []string) (*List, error) {
	if w.readDir == nil {
		w.readDir = readDir
	}
	if w.stat == nil {
		w.stat = os.Stat
	}
	if len(args) == 0 {
		args = []string{"-"}
	}
	l := &List{Skipped: map[string]int{}}
	stdin := false
	for _, arg := range args {
		switch {
		case arg == "-":
			if stdin {
				return nil, ErrStdinTwice
			}
			stdin = true
			l.Inputs = append(l.Inputs, Stdin())
		case IsURL(arg):
			l.Inputs = append(l.Inputs, URL(arg))
		default:
			if info, err := w.stat(arg); err == nil && info.IsDir() {
				w.walk(l, arg)
				continue
			}
			// A missing file is reported as that input's error.
			l.Inputs = append(l.Inputs, File(arg))
		}
	}
	return l, nil
}

// walk adds the article files below dir in lexical order. A folder that
// cannot be read is an input that fails with its error; the walk goes on.
// Only regular files are read, and symbolic links to them; anything else
// (a pipe, a device, a socket, a link to one) is skipped and counted.
// Links to folders are not followed, so a walk cannot loop.
func (w walker) walk(l *List, dir string) {
	entries, err := w.readDir(dir)
	if err != nil {
		l.Inputs = append(l.Inputs, Input{Name: dir, kind: kindFailed, extra: &extra{err: fmt.Errorf("reading folder: %w", unwrapPath(err))}})
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	for _, e := range entries {
		path := filepath.Join(dir, e.name)
		typ := e.typ
		if typ&fs.ModeSymlink != 0 {
			info, err := w.stat(path)
			if err != nil || info.IsDir() {
				l.Skipped[SkipNotRegular]++
				continue
			}
			typ = info.Mode().Type()
		}
		switch {
		case typ.IsDir():
			w.walk(l, path)
		case !typ.IsRegular():
			l.Skipped[SkipNotRegular]++
		case !isWalked(path):
			l.Skipped[SkipName]++
		default:
			l.Inputs = append(l.Inputs, Input{Name: path, kind: kindWalked})
		}
	}
}

// unwrapPath drops the path from an *fs.PathError: the error line names
// the folder already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
