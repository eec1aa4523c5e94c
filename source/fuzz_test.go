package source

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/page"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// endlessLine is a JSON line that never ends.
type endlessLine struct{ started bool }

func (e *endlessLine) Read(p []byte) (int, error) {
	n := 0
	if !e.started && len(p) > 0 {
		p[0], n, e.started = '{', 1, true
	}
	for ; n < len(p); n++ {
		p[n] = 'x'
	}
	return n, nil
}

// TestEndlessJSONLine: a JSON line with no end is an error as soon as it
// passes the limit, not a read for ever into memory.
func TestEndlessJSONLine(t *testing.T) {
	r := &Reader{Parser: &page.Parser{MaxBytes: 1 << 20}}
	for _, err := range r.Read(t.Context(), FromReader("zero.jsonl", &endlessLine{})) {
		require.Error(t, err)
		assert.ErrorIs(t, err, newslooks.ErrTooLarge)
		assert.True(t, strings.HasPrefix(err.Error(), "zero.jsonl:1: "), err)
		break
	}
}

// FuzzRead checks that no input panics the Reader, that every error is an
// *Error naming the input, and that every item holds an article.
func FuzzRead(f *testing.F) {
	for _, path := range []string{sampleText, "../testdata/crlf-bom.txt", "../warc/testdata/mixed.warc"} {
		b, err := os.ReadFile(path)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(`{"headline":"A","sections":[{"heading":"","paragraphs":["p"]}]}` + "\n{bad\n"))
	f.Add([]byte("<!DOCTYPE html><html><body><h1>A</h1><p>text</p></body></html>"))
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"))
	r := &Reader{Parser: &page.Parser{MaxBytes: 64 << 10}}
	f.Fuzz(func(t *testing.T, in []byte) {
		for it, err := range r.Read(t.Context(), FromReader("fuzz", io.NopCloser(bytes.NewReader(in)))) {
			if err != nil {
				var se *Error
				if !errors.As(err, &se) || se.Input != "fuzz" {
					t.Fatalf("error %v is no *Error naming the input", err)
				}
				continue
			}
			if it.Article == nil || it.Source != "fuzz" {
				t.Fatalf("item %+v has no article or the wrong source", it)
			}
		}
	})
}
