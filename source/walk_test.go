package source

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWalkOrder: a walk yields a folder's files in lexical (byte) order,
// descending into a subfolder where its name sorts, after the arguments
// before it and before those after it.
func TestWalkOrder(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a.txt", "B.txt", "b/1.txt", "b.txt", "c/d/2.htm", "c/x.warc.gz", "c/y.WARC", "z.md", "c/d/e.json"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, p), []byte("x"), 0o644))
	}
	l, err := Expand([]string{"first.txt", dir, "-", "https://example.org/a"})
	require.NoError(t, err)
	join := func(p string) string { return filepath.Join(dir, p) }
	want := []string{"first.txt", join("B.txt"), join("a.txt"), join("b/1.txt"), join("b.txt"),
		join("c/d/2.htm"), join("c/x.warc.gz"), join("c/y.WARC"), "-", "https://example.org/a"}
	assert.Equal(t, want, sources(l))
	assert.Equal(t, map[string]int{SkipName: 2}, l.Skipped)
	// A second iteration walks again and counts afresh.
	assert.Equal(t, want, sources(l))
	assert.Equal(t, map[string]int{SkipName: 2}, l.Skipped)
}

// dirInfo is the fs.FileInfo of a folder.
type dirInfo struct{ name string }

func (d dirInfo) Name() string       { return d.name }
func (d dirInfo) Size() int64        { return 0 }
func (d dirInfo) Mode() fs.FileMode  { return fs.ModeDir | 0o755 }
func (d dirInfo) ModTime() time.Time { return time.Time{} }
func (d dirInfo) IsDir() bool        { return true }
func (d dirInfo) Sys() any           { return nil }

// fakeTree is a walker over a made-up tree: the root holds folders
// "d0000", "d0001", ... of files each, and the walker counts the folders
// it lists.
func fakeTree(folders, files int, listed *[]string) walker {
	return walker{
		stat: func(path string) (fs.FileInfo, error) { return dirInfo{filepath.Base(path)}, nil },
		readDir: func(dir string) (*listing, error) {
			*listed = append(*listed, dir)
			l := &listing{}
			if dir == "root" {
				for i := range folders {
					require.NoError(nil, l.add(fmt.Sprintf("d%04d", i), fs.ModeDir))
				}
				return l, nil
			}
			// Backwards, so that the walk has to sort them.
			for i := files - 1; i >= 0; i-- {
				require.NoError(nil, l.add(fmt.Sprintf("%06d.txt", i), 0))
			}
			return l, nil
		},
	}
}

// TestWalkIsLazy: Expand touches no file; All lists a folder only when
// the iteration reaches it, and stops when the loop does.
func TestWalkIsLazy(t *testing.T) {
	var listed []string
	w := fakeTree(3, 5, &listed)
	l, err := w.list([]string{"root"})
	require.NoError(t, err)
	assert.Empty(t, listed, "Expand lists nothing")
	n := 0
	for in := range l.All() {
		n++
		if n == 1 {
			assert.Equal(t, filepath.Join("root", "d0000", "000000.txt"), in.Name)
		}
		if n == 7 {
			break
		}
	}
	assert.Equal(t, []string{"root", filepath.Join("root", "d0000"), filepath.Join("root", "d0001")}, listed)
}

// liveHeap returns the bytes of the heap that are live.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// walkGrowth walks w's tree from "root" and returns how many inputs it
// yielded and the most the live heap grew over its start, sampled every
// `every` inputs and at the end. The loop keeps nothing.
func walkGrowth(t *testing.T, w walker, every int) (int, int64) {
	t.Helper()
	l, err := w.list([]string{"root"})
	require.NoError(t, err)
	base := liveHeap()
	var most int64
	n := 0
	for range l.All() {
		if n++; n%every == 0 {
			most = max(most, int64(liveHeap())-int64(base))
		}
	}
	return n, max(most, int64(liveHeap())-int64(base))
}

// TestWalkMemoryBounded: a walk over 100,000 files in 200 folders holds
// one folder's names at a time, not the list of the inputs: its live
// heap stays within a few folders' worth (500 files of 18 bytes packed)
// whatever the number of files. A list of the inputs would hold 100,000
// paths and Inputs, over 5 MB.
func TestWalkMemoryBounded(t *testing.T) {
	var listed []string
	n, growth := walkGrowth(t, fakeTree(200, 500, &listed), 5000)
	require.Equal(t, 200*500, n)
	t.Logf("100,000 files in 200 folders: live heap grew at most %d bytes", growth)
	assert.Less(t, growth, int64(256<<10))
}

// TestWalkBigFolderPacked: one folder of 100,000 files costs its names
// packed, well under 40 bytes a file (a slice of Inputs and their paths
// would be over 80).
func TestWalkBigFolderPacked(t *testing.T) {
	var listed []string
	w := fakeTree(1, 100000, &listed)
	n, growth := walkGrowth(t, w, 25000)
	require.Equal(t, 100000, n)
	t.Logf("100,000 files in one folder: live heap grew at most %d bytes, %.1f a file", growth, float64(growth)/float64(n))
	assert.Less(t, growth, int64(40*n))
}
