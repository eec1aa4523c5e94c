package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"math"
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

// A List is the inputs of command-line arguments, which All yields one by
// one: a folder is walked as the iteration reaches it, so that a run over
// a folder of a million files never holds them all. Make one with Expand.
type List struct {
	// Skipped counts the files that the folder walks of All's iteration
	// left out so far, by reason; it is whole once the iteration has run
	// to its end. All clears it when it starts.
	Skipped map[string]int

	args []string
	w    walker
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

// Expand returns the list of the inputs the arguments name: "-" (the
// default when there is none) is standard input, an http(s) URL is
// fetched, a folder is walked, and anything else is a file (a missing
// one fails as its input). It touches no file: All does, as it goes. Its
// only error is ErrStdinTwice.
func Expand(args []string) (*List, error) {
	return walker{}.list(args)
}

// list is Expand with w's file system calls.
func (w walker) list(args []string) (*List, error) {
	if len(args) == 0 {
		args = []string{"-"}
	}
	if n := slices.Index(args, "-"); n >= 0 && slices.Contains(args[n+1:], "-") {
		return nil, ErrStdinTwice
	}
	return &List{Skipped: map[string]int{}, args: args, w: w}, nil
}

// All returns an iterator over the inputs, in the order of the arguments
// and a folder's files in lexical order, depth first. A folder that
// cannot be read is an input that fails with its error, and the walk
// goes on. Only regular files are read, and symbolic links to them;
// anything else (a pipe, a device, a socket, a link to one) is skipped
// and counted in Skipped, and so is a file whose name does not end in
// .txt, .html, .htm, .warc or .warc.gz. Links to folders are not
// followed, so that a walk cannot loop.
//
// The walk holds the names of the folders it is in, one folder per level
// of depth: a name's bytes and 8 more for each file that it reads or
// descends into (see the package documentation on memory). Iterations
// of one List must not overlap.
func (l *List) All() iter.Seq[Input] {
	return func(yield func(Input) bool) {
		clear(l.Skipped)
		w := l.w
		if w.readDir == nil {
			w.readDir = readDir
		}
		if w.stat == nil {
			w.stat = os.Stat
		}
		for _, arg := range l.args {
			var ok bool
			switch {
			case arg == "-":
				ok = yield(Stdin())
			case IsURL(arg):
				ok = yield(URL(arg))
			default:
				if info, err := w.stat(arg); err == nil && info.IsDir() {
					ok = w.walk(arg, l.Skipped, yield)
				} else {
					// A missing file is reported as that input's error.
					ok = yield(File(arg))
				}
			}
			if !ok {
				return
			}
		}
	}
}

// A walker walks folders. Its fields, nil by default, replace the file
// system calls for tests.
type walker struct {
	readDir func(dir string) (*listing, error)
	stat    func(path string) (fs.FileInfo, error)
}

// A listing is what a walk keeps of a folder: the entries it may read or
// descend into, packed (a name costs its bytes plus 8, not a string and
// an fs.DirEntry), and the counts of the files it left out at once.
type listing struct {
	names   []byte
	entries []packed
	skipped map[string]int // by reason
}

// A packed entry is names[off:off+n], of type typ.
type packed struct {
	off uint32
	n   uint16
	typ entryType
}

type entryType uint8

const (
	typeRegular entryType = iota
	typeDir
	typeSymlink // to be followed with stat
)

// errFolderTooLarge is the error of a folder whose names pass the 4 GiB
// a listing can hold.
var errFolderTooLarge = errors.New("the folder's names pass 4 GiB")

// add adds an entry of a folder: a folder, a link or a file that may
// hold articles is kept; anything else is counted as skipped.
func (l *listing) add(name string, typ fs.FileMode) error {
	var t entryType
	switch {
	case typ.IsDir():
		t = typeDir
	case typ&fs.ModeSymlink != 0:
		t = typeSymlink
	case !typ.IsRegular():
		l.skip(SkipNotRegular)
		return nil
	case !isWalked(name):
		l.skip(SkipName)
		return nil
	}
	if len(name) > math.MaxUint16 || len(l.names)+len(name) > math.MaxUint32 {
		return errFolderTooLarge
	}
	l.entries = append(l.entries, packed{off: uint32(len(l.names)), n: uint16(len(name)), typ: t})
	l.names = append(l.names, name...)
	return nil
}

func (l *listing) skip(reason string) {
	if l.skipped == nil {
		l.skipped = map[string]int{}
	}
	l.skipped[reason]++
}

func (l *listing) name(e packed) []byte { return l.names[e.off : e.off+uint32(e.n)] }

// sort puts the entries in lexical order of their names.
func (l *listing) sort() {
	slices.SortFunc(l.entries, func(a, b packed) int { return bytes.Compare(l.name(a), l.name(b)) })
}

// readDir lists a folder in batches. On an error it returns what it
// listed before it.
func readDir(dir string) (*listing, error) {
	l := &listing{}
	f, err := os.Open(dir)
	if err != nil {
		return l, err
	}
	defer f.Close()
	for {
		batch, err := f.ReadDir(1024)
		for _, e := range batch {
			if err := l.add(e.Name(), e.Type()); err != nil {
				return l, err
			}
		}
		if err == io.EOF {
			return l, nil
		}
		if err != nil {
			return l, err
		}
	}
}

// walk yields the inputs below dir in lexical order, counting what it
// skips, and reports whether yield asked for more.
func (w walker) walk(dir string, skipped map[string]int, yield func(Input) bool) bool {
	l, err := w.readDir(dir)
	if err != nil && !yield(Input{Name: dir, kind: kindFailed, extra: &extra{err: fmt.Errorf("reading folder: %w", unwrapPath(err))}}) {
		return false
	}
	if l == nil {
		return true
	}
	for reason, n := range l.skipped {
		skipped[reason] += n
	}
	l.sort()
	for _, e := range l.entries {
		path := filepath.Join(dir, string(l.name(e)))
		switch e.typ {
		case typeDir:
			if !w.walk(path, skipped, yield) {
				return false
			}
			continue
		case typeSymlink:
			info, err := w.stat(path)
			switch {
			case err != nil || info.IsDir() || !info.Mode().IsRegular():
				skipped[SkipNotRegular]++
				continue
			case !isWalked(path):
				skipped[SkipName]++
				continue
			}
		}
		if !yield(Input{Name: path, kind: kindWalked}) {
			return false
		}
	}
	return true
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
