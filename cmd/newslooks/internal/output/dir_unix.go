//go:build unix

package output

import (
	"errors"
	"os"
	"syscall"
)

// openNoFollow opens path for reading, failing if it is a symbolic link,
// and without blocking if it is a named pipe.
func openNoFollow(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}

// processAlive reports whether a process with this ID exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
