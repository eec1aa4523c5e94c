package pipeline

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestRuns writes lines to three run files and merges them: every line
// comes back once, in order; a run cut short is an error naming it, and
// removeRuns deletes the files.
func TestRuns(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var want []Line
	var names []string
	for r := range 3 {
		var lines []Line
		for i := range 50 {
			n := (i*7 + r*13) % 97
			l := Line{ID: fmt.Sprintf("in%d@%d", r, i), JSON: fmt.Appendf(nil, `{"n":%d,"s":"%s"}`, n, strings.Repeat("x", n))}
			lines = append(lines, l)
			want = append(want, l)
		}
		name, err := writeRun(ctx, dir, lines)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	slices.SortFunc(want, compareLines)
	var got []Line
	if err := mergeRuns(ctx, names, func(l Line) error { got = append(got, l); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(got, want, func(a, b Line) bool { return compareLines(a, b) == 0 }) {
		t.Fatalf("merged %d lines, not the %d written in order", len(got), len(want))
	}

	data, err := os.ReadFile(names[1])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(names[1], data[:len(data)-3], 0o644); err != nil {
		t.Fatal(err)
	}
	err = mergeRuns(ctx, names, func(Line) error { return nil })
	if err == nil || !strings.Contains(err.Error(), names[1]) {
		t.Errorf("merging a run cut short: %v, want an error naming %s", err, names[1])
	}

	if err := removeRuns(ctx, names); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if _, err := os.Stat(n); !os.IsNotExist(err) {
			t.Errorf("%s not removed: %v", n, err)
		}
	}
}
