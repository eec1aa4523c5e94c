package warc

import (
	"errors"
	"io"
)

// defaultRewindBytes bounds the history kept by source: the bytes from the
// start of the record being read up to the furthest byte read from the
// input. A record whose encoded size is within it can be re-scanned from
// its second byte when it proves corrupt; a larger one is re-scanned from
// where reading stopped.
const defaultRewindBytes = 4 << 20

// source reads the input and keeps a bounded history so that the Reader can
// go back to just after the start of a corrupt record and look for the next
// record start there. Without it a gzip member cut short would make the
// inflater run on into the next member and take it down too, and a plain
// record whose Content-Length is too long would swallow the records after it.
//
// Logically the stream is hist (bytes [histStart, maxPos)) followed by the
// input from maxPos on; off is the position of the next byte Read returns.
type source struct {
	r         io.Reader
	off       int64 // position of the next byte returned by Read
	maxPos    int64 // bytes read from r so far
	hist      []byte
	histStart int64
	histValid bool
	histCap   int
	err       error // first error from r other than io.EOF
}

func newSource(r io.Reader, histCap int) *source {
	return &source{r: r, histValid: true, histCap: histCap}
}

func (s *source) Read(p []byte) (int, error) {
	if s.off < s.maxPos {
		// Replaying history after a rewind.
		n := copy(p, s.hist[s.off-s.histStart:])
		s.off += int64(n)
		return n, nil
	}
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.r.Read(p)
	if n > 0 {
		if s.histValid {
			if len(s.hist)+n > s.histCap {
				s.histValid = false
				s.hist = s.hist[:0]
			} else {
				s.hist = append(s.hist, p[:n]...)
			}
		}
		s.off += int64(n)
		s.maxPos += int64(n)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		s.err = err
	}
	return n, err
}

// mark drops the history before pos, the start of the next record. buffered
// holds the bytes [pos, off) that the caller's bufio.Reader already holds; it
// refills the history when it had overflowed.
func (s *source) mark(pos int64, buffered []byte) {
	if s.histValid && pos >= s.histStart {
		n := copy(s.hist, s.hist[pos-s.histStart:])
		s.hist = s.hist[:n]
		s.histStart = pos
		return
	}
	// The history overflowed during the last record: no replay can be under
	// way, so off == maxPos and buffered is exactly [pos, maxPos).
	s.hist = append(s.hist[:0], buffered...)
	s.histStart = pos
	s.histValid = len(s.hist) <= s.histCap
}

// rewind moves the logical position back to pos if the history still holds
// it, and reports whether it did.
func (s *source) rewind(pos int64) bool {
	if !s.histValid || pos < s.histStart || pos > s.maxPos {
		return false
	}
	s.off = pos
	return true
}

// between returns the history bytes [from, to), or nil when they are gone.
func (s *source) between(from, to int64) []byte {
	if !s.histValid || from < s.histStart || to > s.maxPos || from > to {
		return nil
	}
	return s.hist[from-s.histStart : to-s.histStart]
}
