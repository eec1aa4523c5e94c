package pipeline

import (
	"context"
	"testing"
)

// TestResolveChains: B copies A, C copies B (not A), D is an exact copy of
// C; all three point at A. E met both A and B: the earlier, A, wins.
func TestResolveChains(t *testing.T) {
	meta := func(id string, pub int64) Meta {
		return Meta{ID: id, Ref: "https://" + id + ".example/", Source: id, HasPublished: true, PublishedNs: pub}
	}
	a, b, c := meta("a", 1), meta("b", 2), meta("c", 3)
	edges := []Edge{
		{ID: "c", Of: b},
		{ID: "b", Of: a},
		{ID: "d", Of: c, Exact: true},
		{ID: "e", Of: b},
		{ID: "e", Of: a},
	}
	got := map[string]string{}
	resolve(context.Background(), edges, func(id, ref string) { got[id] = ref })
	for _, id := range []string{"b", "c", "d", "e"} {
		if got[id] != a.Ref {
			t.Errorf("%s: duplicate_of %q, want %q", id, got[id], a.Ref)
		}
	}
	if len(got) != 4 {
		t.Errorf("got %v", got)
	}
}
