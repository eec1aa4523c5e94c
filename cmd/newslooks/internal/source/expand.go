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

// Skip reasons, the keys of List.Skipped.
const (
	SkipName       = "not .txt/.html/.htm/.warc/.warc.gz"
	SkipNotRegular = "not a regular file"
)

// A List is the inputs of a run, in order, and what folder walks skipped.
type List struct {
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
	return Walker{}.Expand(args)
}

// A Walker walks folders. Its fields, nil by default, replace the file
// system calls for tests.
type Walker struct {
	ReadDir func(dir string) ([]Entry, error)
	Stat    func(path string) (fs.FileInfo, error)
}

// An Entry is a name in a folder and its type bits, all a walk keeps of
// it: a folder of 300,000 files costs 24 bytes a name, not an fs.DirEntry.
type Entry struct {
	Name string
	Type fs.FileMode
}

// readDir lists a folder in batches, keeping only names and types. On an
// error it returns what it listed before it.
func readDir(dir string) ([]Entry, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var entries []Entry
	for {
		batch, err := f.ReadDir(1024)
		for _, e := range batch {
			entries = append(entries, Entry{e.Name(), e.Type()})
		}
		if err == io.EOF {
			return entries, nil
		}
		if err != nil {
			return entries, err
		}
	}
}

// Expand is the package's Expand with w's file system calls.
func (w Walker) Expand(args []string) (*List, error) {
	if w.ReadDir == nil {
		w.ReadDir = readDir
	}
	if w.Stat == nil {
		w.Stat = os.Stat
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
			if info, err := w.Stat(arg); err == nil && info.IsDir() {
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
func (w Walker) walk(l *List, dir string) {
	entries, err := w.ReadDir(dir)
	if err != nil {
		l.Inputs = append(l.Inputs, Input{Source: dir, kind: kindFailed, extra: &extra{err: fmt.Errorf("reading folder: %w", unwrapPath(err))}})
	}
	slices.SortFunc(entries, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	for _, e := range entries {
		path := filepath.Join(dir, e.Name)
		typ := e.Type
		if typ&fs.ModeSymlink != 0 {
			info, err := w.Stat(path)
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
			l.Inputs = append(l.Inputs, Input{Source: path, kind: kindWalked})
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
