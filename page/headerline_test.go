package page

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHeaderLineKicker checks FORMAT.md's HTML form: a page whose first
// body paragraph is the text form's header line, in a kicker that is
// otherwise page furniture, gives its location and edition, and the line
// is neither the summary nor a paragraph.
func TestHeaderLineKicker(t *testing.T) {
	const header = `Harbor Tunnel Reopens/ Newslooks/ BOSTON/ J. Mansour/ Morning Edition/ The tunnel reopened after repairs.`
	for _, class := range []string{"kicker", "eyebrow", "header-line"} {
		t.Run(class, func(t *testing.T) {
			src := `<!DOCTYPE html><html lang="en"><head><title>Harbor Tunnel Reopens</title></head><body><article>` +
				`<h1>Harbor Tunnel Reopens</h1><p class="` + class + `">` + header + `</p>` +
				`<p>BOSTON — The harbor tunnel reopened on Monday after three weeks of repairs to its ventilation.</p>` +
				`<p>Officials said traffic was back to normal by the evening rush.</p></article></body></html>`
			a, err := ParseHTML(strings.NewReader(src), "")
			require.NoError(t, err)
			assert.Equal(t, "BOSTON", a.Byline.Location)
			assert.Equal(t, "Morning Edition", a.Byline.Edition)
			assert.Equal(t, []string{"J. Mansour"}, a.Byline.Authors)
			assert.Equal(t, "The tunnel reopened after repairs.", a.Summary)
			assert.NotContains(t, a.Text(), "Newslooks/")
			assert.True(t, strings.HasPrefix(a.Text(), "BOSTON — The harbor tunnel"), a.Text())
		})
	}
}
