// Package testkit holds what the tests of every package of the module
// share: golden files (run a test with -update to rewrite the files it
// checks, then read the diff before committing it), fixture globs that
// fail when they match nothing, and readers of long generated inputs.
// It is imported by tests only.
package testkit

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// Update is the -update flag: rewrite the golden files instead of
// comparing with them.
var Update = flag.Bool("update", false, "rewrite the golden files in testdata instead of comparing with them")

// Check compares got with the golden file at path, or writes it there
// when -update is given. A missing file fails the test with a hint.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing golden file %s (run the test with -update and review it): %v", path, err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from the output:\n%s", path, diff(string(want), string(got)))
	}
}

// diff shows the first line where want and got differ, with its number.
func diff(want, got string) string {
	line := 1
	for i := 0; i < len(want) && i < len(got); i++ {
		if want[i] != got[i] {
			start := i
			for start > 0 && want[start-1] != '\n' {
				start--
			}
			return "line " + itoa(line) + ":\n  want: " + lineAt(want, start) + "\n  got:  " + lineAt(got, start)
		}
		if want[i] == '\n' {
			line++
		}
	}
	return "one is a prefix of the other (want " + itoa(len(want)) + " bytes, got " + itoa(len(got)) + ")"
}

func lineAt(s string, start int) string {
	end := start
	for end < len(s) && s[end] != '\n' {
		end++
	}
	return s[start:end]
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}

// Glob returns the files matching pattern, failing the test when there is
// none: a glob that silently matches nothing would make a test pass on
// nothing.
func Glob(tb testing.TB, pattern string) []string {
	tb.Helper()
	paths, err := filepath.Glob(pattern)
	if err != nil {
		tb.Fatal(err)
	}
	if len(paths) == 0 {
		tb.Fatalf("no fixtures: the glob %s matched nothing", pattern)
	}
	return paths
}

// JSON marshals v as the golden files hold it, as the command writes it:
// indented by two spaces, HTML characters as they are, a final newline.
func JSON(tb testing.TB, v any) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// A RepeatReader reads Text N times over without holding more than one
// copy: a long input for tests of size limits and memory. N counts down
// as copies are started, so a test can tell how far a reader got.
type RepeatReader struct {
	Text string
	N    int
	rest string
}

// Read implements io.Reader.
func (r *RepeatReader) Read(p []byte) (int, error) {
	for r.rest == "" {
		if r.N == 0 {
			return 0, io.EOF
		}
		r.N--
		r.rest = r.Text
	}
	n := copy(p, r.rest)
	r.rest = r.rest[n:]
	return n, nil
}
