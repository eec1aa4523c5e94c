package pipeline

import (
	"bufio"
	"bytes"
	"container/heap"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
)

// The articles' JSON does not travel through any grouping: a runner holds
// a grouping's whole input (Prism in memory, a cluster runner in its
// shuffle), and the JSON is most of an article's bytes. spillFn writes
// each output shard's lines to sorted run files beside the output as the
// articles are parsed, and passes on only the runs' names; markFn merges
// a shard's runs, adds duplicate_of where dedup found one and writes the
// shard; cleanupFn removes the runs once every shard is written. A run
// file is a sequence of records, each the uvarint length of the article's
// JSON, the JSON, the uvarint length of its ID and the ID, sorted by JSON
// then ID.

// runDir is the directory, under the output directory, of the runs'
// scratch directories (runsDir).
const runDir = ".newslooks-runs"

// runsDir is the scratch directory of the run named id writing to the
// output directory out: where its run and signature files go.
func runsDir(out, id string) string {
	return strings.TrimSuffix(out, "/") + "/" + runDir + "/" + id
}

// newRunID returns a new random run ID: 16 hex digits.
func newRunID() string {
	var id [8]byte
	_, _ = rand.Read(id[:]) // never fails
	return hex.EncodeToString(id[:])
}

// spillBudget is how many bytes of lines a spillFn holds before it writes
// them out as runs: what bounds the memory of the parse stage's output.
const spillBudget = 16 << 20

// spillFn gathers the lines of one bundle by output shard and writes each
// shard's lines, sorted, to a run file whenever spillBudget is reached
// and at the end of the bundle. It emits (shard, run file name). A run of
// a bundle that fails and is retried is never emitted, so no line is
// written twice; its file stays in runDir until cleanupFn removes it.
type spillFn struct {
	Runs string // the run's scratch directory (runsDir)

	byShard map[int][]Line
	held    int
}

func (f *spillFn) ProcessElement(ctx context.Context, shard int, l Line, emit func(int, string)) error {
	if f.byShard == nil {
		f.byShard = map[int][]Line{}
	}
	f.byShard[shard] = append(f.byShard[shard], l)
	f.held += len(l.JSON) + len(l.ID)
	if f.held >= spillBudget {
		return f.spill(ctx, emit)
	}
	return nil
}

func (f *spillFn) FinishBundle(ctx context.Context, emit func(int, string)) error {
	return f.spill(ctx, emit)
}

// spill writes every shard's lines held to a run file of its own.
func (f *spillFn) spill(ctx context.Context, emit func(int, string)) error {
	for shard, lines := range f.byShard {
		name, err := writeRun(ctx, f.Runs, lines)
		if err != nil {
			return err
		}
		emit(shard, name)
	}
	clear(f.byShard)
	f.held = 0
	return nil
}

func compareLines(a, b Line) int {
	if c := bytes.Compare(a.JSON, b.JSON); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// writeRun sorts lines and writes them to a new run file in the scratch
// directory runs, returning its name.
func writeRun(ctx context.Context, runs string, lines []Line) (string, error) {
	slices.SortFunc(lines, compareLines)
	return writeRunFile(ctx, runs, ".run", func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		var n [binary.MaxVarintLen64]byte
		for _, l := range lines {
			bw.Write(n[:binary.PutUvarint(n[:], uint64(len(l.JSON)))])
			bw.Write(l.JSON)
			bw.Write(n[:binary.PutUvarint(n[:], uint64(len(l.ID)))])
			bw.WriteString(l.ID)
		}
		return bw.Flush()
	})
}

// writeRunFile creates a file of a new random name ending in suffix in
// the scratch directory runs, writes it with write and returns its name.
func writeRunFile(ctx context.Context, runs, suffix string, write func(io.Writer) error) (string, error) {
	var id [12]byte
	_, _ = rand.Read(id[:]) // never fails
	name := runs + "/" + hex.EncodeToString(id[:]) + suffix
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return "", err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, name)
	if err != nil {
		return "", err
	}
	if err := write(w); err != nil {
		w.Close()
		return "", fmt.Errorf("writing %s: %w", name, err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("writing %s: %w", name, err)
	}
	return name, nil
}

// maxLine bounds one record of a run file, so that a damaged run gives an
// error rather than an allocation of any size.
const maxLine = 1 << 30

// runReader reads the records of one run file in order.
type runReader struct {
	name string
	r    *bufio.Reader
	c    io.Closer
	line Line // the current record
}

// next reads the next record into rr.line; it returns false at the end.
func (rr *runReader) next() (bool, error) {
	jn, err := binary.ReadUvarint(rr.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil || jn > maxLine {
		return false, fmt.Errorf("run %s: bad record length: %v", rr.name, cmpErr(err, "too long"))
	}
	js := make([]byte, jn)
	if _, err := io.ReadFull(rr.r, js); err != nil {
		return false, fmt.Errorf("run %s: %w", rr.name, err)
	}
	in, err := binary.ReadUvarint(rr.r)
	if err != nil || in > maxLine {
		return false, fmt.Errorf("run %s: bad ID length: %v", rr.name, cmpErr(err, "too long"))
	}
	id := make([]byte, in)
	if _, err := io.ReadFull(rr.r, id); err != nil {
		return false, fmt.Errorf("run %s: %w", rr.name, err)
	}
	rr.line = Line{ID: string(id), JSON: js}
	return true, nil
}

func cmpErr(err error, otherwise string) error {
	if err == nil {
		return errors.New(otherwise)
	}
	return err
}

// runHeap orders open runs by their current record.
type runHeap []*runReader

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return compareLines(h[i].line, h[j].line) < 0 }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*runReader)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// mergeRuns calls yield with every record of the named run files in
// sorted order, holding one record and one read buffer per run.
func mergeRuns(ctx context.Context, names []string, yield func(Line) error) error {
	var h runHeap
	defer func() {
		for _, rr := range h {
			rr.c.Close()
		}
	}()
	for _, name := range names {
		fs, err := filesystem.New(ctx, name)
		if err != nil {
			return err
		}
		rc, err := fs.OpenRead(ctx, name)
		fs.Close()
		if err != nil {
			return err
		}
		rr := &runReader{name: name, r: bufio.NewReaderSize(rc, 32<<10), c: rc}
		ok, err := rr.next()
		if err != nil || !ok {
			rc.Close()
			if err != nil {
				return err
			}
			continue
		}
		h = append(h, rr)
	}
	heap.Init(&h)
	for len(h) > 0 {
		rr := h[0]
		if err := yield(rr.line); err != nil {
			return err
		}
		ok, err := rr.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(&h, 0)
			continue
		}
		rr.c.Close()
		heap.Pop(&h)
	}
	return nil
}

// removeRuns deletes the named files of the run directory, where the
// file system can.
func removeRuns(ctx context.Context, names []string) error {
	for _, name := range names {
		fs, err := filesystem.New(ctx, name)
		if err != nil {
			return err
		}
		rm, ok := fs.(filesystem.Remover)
		if ok {
			err = rm.Remove(ctx, name)
		}
		fs.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
