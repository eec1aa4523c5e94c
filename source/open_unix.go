//go:build unix

package source

import (
	"os"
	"syscall"
)

// openNonBlocking opens path for reading without blocking, as opening a
// named pipe would until it has a writer.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
