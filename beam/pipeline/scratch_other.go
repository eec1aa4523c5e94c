//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package pipeline

import (
	"errors"
	"os"
)

// canLock is false: this system has no flock, so runs take no lock and
// sweep nothing; a killed run's scratch directory is removed by hand.
const canLock = false

// tryLock fails: there is no flock here.
func tryLock(*os.File) (bool, error) { return false, errors.ErrUnsupported }
