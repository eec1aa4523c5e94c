//go:build unix

package output

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
)

// openNoFollow opens path for reading, failing if it is a symbolic link,
// and without blocking if it is a named pipe.
func openNoFollow(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}

// runLocks are the lock files this process holds, by path, with the
// number of writers that use each (two writers into one folder in one
// process share it).
var runLocks = struct {
	sync.Mutex
	held map[string]*heldLock
}{held: make(map[string]*heldLock)}

type heldLock struct {
	f    *os.File
	refs int
}

// lockRun creates the lock file of this process's run in dir and locks it
// (flock), until the returned function, or the process's end however it
// ends, releases it.
func lockRun(dir string) (func(), error) {
	path := lockPath(dir, os.Getpid())
	runLocks.Lock()
	defer runLocks.Unlock()
	h := runLocks.held[path]
	if h == nil {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		h = &heldLock{f: f}
		runLocks.held[path] = h
	}
	h.refs++
	var once sync.Once
	return func() {
		once.Do(func() {
			runLocks.Lock()
			defer runLocks.Unlock()
			if h.refs--; h.refs == 0 {
				delete(runLocks.held, path)
				os.Remove(path)
				h.f.Close()
			}
		})
	}, nil
}

// runAlive reports whether the run of process pid still holds its lock.
// A run without a lock file is over: every run makes one before its first
// temporary file. The lock of a killed process is free at once, before
// its parent reaps it, and whatever process is later given its ID.
func runAlive(dir string, pid int) bool {
	f, err := os.OpenFile(lockPath(dir, pid), os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	return errors.Is(err, syscall.EWOULDBLOCK)
}
