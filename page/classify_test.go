package page

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// BenchmarkClassify measures classify on every element of the ten
// publisher pages.
func BenchmarkClassify(b *testing.B) {
	srcs, _, _ := foreignBenchPages(b)
	var elems []*html.Node
	for _, src := range srcs {
		root, err := html.Parse(bytes.NewReader(src))
		require.NoError(b, err)
		for n := range root.Descendants() {
			if n.Type == html.ElementNode {
				elems = append(elems, n)
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range elems {
			classify(n)
		}
	}
}
