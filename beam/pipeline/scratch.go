package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A run's scratch directory, OUTPUT/.newslooks-runs/RUNID/ (runsDir), is
// removed by the run's last step (cleanupFn), and .newslooks-runs with it
// when no other run's files are there. A run that is killed, or
// fails, leaves it; the next run into the same output removes it, and
// never the directory of a run still alive. Where the output is a local
// directory, Run holds an exclusive lock (flock) on RUNID.lock beside the
// directory from before the pipeline starts until it has ended; the
// kernel drops the lock when the process ends, however it ends. Before
// it starts its pipeline, a run tries each other directory's lock
// without waiting: one it gets is a dead run's, whose directory it
// removes, then the lock file. A directory without a lock file (left by
// a build from before the locks, or made by a caller of Build rather
// than Run) is left alone: nothing says whether its run is alive. Outputs
// on other file systems (gs://, s3://) take no lock and are not swept:
// there a killed run's scratch is still removed by hand.

// checkRunID reports an error unless id names one directory: not empty,
// ".", "..", nor holding a path separator. A run ID is joined to the
// output's runs directory to name its scratch, which the run's last step,
// and a later run's sweep, remove whole.
func checkRunID(id string) error {
	if id == "" || id == "." || id == ".." || strings.ContainsAny(id, `/\`) {
		return fmt.Errorf("run ID %q: not the name of one directory", id)
	}
	return nil
}

// lockSuffix ends the name of a run's lock file, RUNID.lock.
const lockSuffix = ".lock"

// locks reports whether runs into the output directory out lock their
// scratch directories and sweep dead runs': out is on the local file
// system, and the system has flock.
func locks(out string) bool { return canLock && !strings.Contains(out, "://") }

// runLock is the lock a live run holds on its scratch directory.
type runLock struct {
	f       *os.File
	path    string // RUNID.lock
	scratch string // the scratch directory, runsDir
}

// lockRun takes the lock of the run named id writing to the local
// directory out, creating .newslooks-runs and the lock file. It fails if
// a live run holds it: one given the same Config.RunID.
func lockRun(out, id string) (*runLock, error) {
	parent := filepath.Join(out, runDir)
	path := filepath.Join(parent, id+lockSuffix)
	// A run sweeping dead runs may remove the file between its opening
	// here and the lock (its own run being dead, it got the lock first):
	// the lock held must be on the file the path names. A run that ends
	// removes .newslooks-runs when it is empty, maybe just after it was
	// made here: it is made again.
	for range 10 {
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		ok, err := tryLock(f)
		if err != nil || !ok {
			f.Close()
			if err == nil {
				err = fmt.Errorf("run %s is alive: its lock %s is held", id, path)
			}
			return nil, err
		}
		if same(f, path) {
			return &runLock{f: f, path: path, scratch: filepath.Join(parent, id)}, nil
		}
		f.Close()
	}
	return nil, fmt.Errorf("lock %s: removed each time it was taken", path)
}

// same reports whether f is the file path names.
func same(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}

// release ends the run's hold on its scratch directory. The lock file
// goes if the directory has gone (the run ended well), and then
// .newslooks-runs too if nothing else is in it, so that a run that ends
// well leaves only its output; else the lock file stays, unlocked, so
// that the next run finds the directory dead and removes both.
func (l *runLock) release() {
	if _, err := os.Stat(l.scratch); errors.Is(err, fs.ErrNotExist) {
		os.Remove(l.path)
		os.Remove(filepath.Dir(l.path)) // fails, harmlessly, unless empty
	}
	l.f.Close() // drops the lock
}

// sweepDeadRuns removes, from the local output directory out, the scratch
// directories and lock files of runs that are no longer alive (their lock
// is free), except own's. It returns the run IDs removed.
func sweepDeadRuns(out, own string) ([]string, error) {
	parent := filepath.Join(out, runDir)
	entries, err := os.ReadDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), lockSuffix); ok && !e.IsDir() && checkRunID(id) == nil {
			ids[id] = true
		}
	}
	var removed []string
	var errs []error
	for id := range ids {
		if id == own {
			continue
		}
		gone, err := removeIfDead(parent, id)
		if err != nil {
			errs = append(errs, err)
		}
		if gone {
			removed = append(removed, id)
		}
	}
	return removed, errors.Join(errs...)
}

// removeIfDead removes the scratch directory of run id in parent and then
// its lock file if it can take the lock, that is if the run is not alive.
func removeIfDead(parent, id string) (bool, error) {
	path := filepath.Join(parent, id+lockSuffix)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil // removed by another sweep
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	ok, err := tryLock(f)
	if err != nil || !ok {
		return false, err
	}
	if !same(f, path) {
		return false, nil // removed, and maybe made again, since it was opened
	}
	// The directory first, so that a directory never stays without its
	// lock file (which would leave it to be removed by hand).
	if err := os.RemoveAll(filepath.Join(parent, id)); err != nil {
		return false, err
	}
	if err := os.Remove(path); err != nil {
		return false, err
	}
	return true, nil
}
