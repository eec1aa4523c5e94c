package warc

import (
	"errors"
	"io"
)

// defaultRewindBytes is how much input the source keeps behind the
// furthest byte it has read: a window of at least this many bytes, and at
// most twice as many, that the Reader can go back into after a corrupt
// record.
const defaultRewindBytes = 4 << 20

// source reads the input and keeps the bytes read since the start of the
// current record, or at least the last defaultRewindBytes of them, so that
// the Reader can go back to just after the start of a corrupt record and look
// for the next record start there. Without it a gzip member cut short would
// make the inflater run on into the next members and take them down too, and
// a plain record whose Content-Length is too long would swallow the records
// after it.
//
// Logically the stream is hist (bytes [histStart, maxPos)) followed by the
// input from maxPos on; off is the position of the next byte Read returns.
type source struct {
	r         io.Reader
	off       int64 // position of the next byte returned by Read
	maxPos    int64 // bytes read from r so far
	hist      []byte
	histStart int64
	histCap   int
	err       error // first error from r other than io.EOF
}

func newSource(r io.Reader, histCap int) *source {
	return &source{r: r, histCap: histCap}
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
		s.keep(p[:n])
		s.off += int64(n)
		s.maxPos += int64(n)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		s.err = err
	}
	return n, err
}

// keep appends b, just read at maxPos, to the history. When the history
// reaches twice histCap it slides, keeping the last histCap bytes, so that
// each byte is moved about once.
func (s *source) keep(b []byte) {
	if len(b) >= s.histCap {
		s.hist = append(s.hist[:0], b[len(b)-s.histCap:]...)
		s.histStart = s.maxPos + int64(len(b)-s.histCap)
		return
	}
	if len(s.hist)+len(b) > 2*s.histCap {
		drop := len(s.hist) + len(b) - s.histCap
		n := copy(s.hist, s.hist[drop:])
		s.hist = s.hist[:n]
		s.histStart += int64(drop)
	}
	s.hist = append(s.hist, b...)
}

// mark drops the history before pos, the start of the next record.
func (s *source) mark(pos int64) {
	if pos <= s.histStart || pos > s.maxPos {
		return
	}
	n := copy(s.hist, s.hist[pos-s.histStart:])
	s.hist = s.hist[:n]
	s.histStart = pos
}

// rewind moves the logical position back to pos, which must be in
// [histStart, maxPos]. The caller resets its bufio.Reader.
func (s *source) rewind(pos int64) {
	if pos < s.histStart || pos > s.maxPos {
		panic("warc: rewind outside the history")
	}
	s.off = pos
}

// between returns the history bytes [from, to), or nil when they are gone.
func (s *source) between(from, to int64) []byte {
	if from < s.histStart || to > s.maxPos || from > to {
		return nil
	}
	return s.hist[from-s.histStart : to-s.histStart]
}
