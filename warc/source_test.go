package warc

import (
	"bytes"
	"io"
	"testing"
	"testing/iotest"
)

// TestSourceWindow: the history keeps at least histCap bytes behind the
// furthest byte read, and a rewind replays them in order before reading on.
func TestSourceWindow(t *testing.T) {
	data := make([]byte, 1000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	s := newSource(iotest.OneByteReader(bytes.NewReader(data)), 100)
	buf := make([]byte, 10)
	for s.maxPos < 700 {
		if _, err := s.Read(buf); err != nil {
			t.Fatal(err)
		}
		if held := s.maxPos - s.histStart; held < min(100, s.maxPos) || held > 200 {
			t.Fatalf("history holds %d bytes at %d", held, s.maxPos)
		}
	}
	from := s.maxPos - 100
	if !bytes.Equal(s.between(from, s.maxPos), data[from:s.maxPos]) {
		t.Fatal("history does not match the input")
	}
	s.rewind(from)
	rest, err := io.ReadAll(s)
	if err != nil || !bytes.Equal(rest, data[from:]) {
		t.Fatalf("after rewind read %d bytes (%v), want %d", len(rest), err, len(data)-int(from))
	}
	s.mark(950)
	if s.histStart != 950 || !bytes.Equal(s.between(950, 1000), data[950:]) {
		t.Fatalf("mark: history starts at %d", s.histStart)
	}
	if s.between(900, 1000) != nil {
		t.Fatal("between returned bytes that were dropped")
	}
}
