package htmlx

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestNextWalksInDocumentOrder(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<div id=a><p id=b>x</p><p id=c></p></div><span id=d></span>`))
	require.NoError(t, err)
	body := Child(Child(doc, atom.Html), atom.Body)
	require.NotNil(t, body)
	var got []string
	for n := Next(body, body); n != nil; n = Next(n, body) {
		if id := Attr(n, "id"); id != "" {
			got = append(got, id)
		} else {
			got = append(got, n.Data)
		}
	}
	assert.Equal(t, []string{"a", "b", "x", "c", "d"}, got)
	// A subtree's walk stops at its end, and an empty one yields nothing.
	a := body.FirstChild
	var inA []string
	for n := Next(a, a); n != nil; n = Next(n, a) {
		inA = append(inA, n.Data)
	}
	assert.Equal(t, []string{"p", "x", "p"}, inA)
	c := a.LastChild
	assert.Nil(t, Next(c, c))
	assert.Nil(t, Child(nil, atom.Head))
}
