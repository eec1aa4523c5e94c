package newslooks

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/newsingest/newslooks"

// layers gives each package of the module its layer, as the package
// documentation draws them: a package imports only packages of lower
// layers. A package below one of these (crawl/statetest, store/internal/…,
// cmd/newslooks/internal/…) is of its parent's group, and may import its
// group and what the group may. The module's internal/ packages are
// layer 0.
var layers = map[string]int{
	"":          0,
	"internal":  0,
	"siterules": 0,
	"page":      1,
	"ninjs":     1,
	"dedup":     1,
	"fetch":     1,
	"warc":      1,
	"feed":      2,
	"multipage": 2,
	"source":    3,
	"crawl":     3,
	"store":     3,
	"cmd":       5,
	// The crawl state kept in the store's database: over both.
	"crawl/crawlsql": 4,
}

// sideways lists the imports allowed between packages of one layer, with
// the reason.
var sideways = map[[2]string]string{
	// The store keeps the crawl's state (store/crawlstate.go) until it
	// moves to a package of its own above both (issue 21, the crawler's
	// part); then this entry goes.
	{"store", "crawl"}: "crawl state",
}

// group returns the top-level name of a package path inside the module:
// "" for the root package.
// group is the entry of the table for the package rel: its own, or its
// top folder's.
func group(rel string) string {
	if _, ok := layers[rel]; ok {
		return rel
	}
	g, _, _ := strings.Cut(rel, "/")
	return g
}

// TestLayers checks that every import between the module's packages points
// down the layers, and that the root package depends on the standard
// library only, from what go list says of the packages as they build.
func TestLayers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports,Deps,Standard", "./...")
	out, err := cmd.Output()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		t.Fatalf("go list: %v\n%s", err, ee.Stderr)
	}
	require.NoError(t, err)
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := 0
	for {
		var p struct {
			ImportPath    string
			Imports, Deps []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else {
			require.NoError(t, err)
		}
		seen++
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		from, ok := layers[group(rel)]
		if !assert.True(t, ok, "package %s has no layer: add it to the table in layers_test.go and to the drawing in doc.go", p.ImportPath) {
			continue
		}
		for _, imp := range p.Imports {
			if imp != module && !strings.HasPrefix(imp, module+"/") {
				continue
			}
			irel := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
			to := layers[group(irel)]
			if group(irel) == group(rel) || to < from || group(irel) == "internal" {
				continue
			}
			if _, ok := sideways[[2]string{group(rel), group(irel)}]; ok {
				continue
			}
			t.Errorf("%s (layer %d) imports %s (layer %d): imports point down the layers (see doc.go)", p.ImportPath, from, imp, to)
		}
		if rel == "" {
			for _, d := range p.Deps {
				if strings.Contains(strings.Split(d, "/")[0], ".") && !strings.HasPrefix(d, module+"/internal/") {
					t.Errorf("the root package depends on %s: it must depend on the standard library only", d)
				}
			}
		}
	}
	assert.Greater(t, seen, 10, "go list listed too few packages")
}
