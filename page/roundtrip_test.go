package page

import (
	"bytes"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/newsingest/newslooks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bodyText returns an article's body as one run of text in reading order:
// its headings and paragraphs, without their structure.
func bodyText(a *newslooks.Article) []string {
	var out []string
	for _, s := range a.Sections {
		if s.Heading != "" {
			out = append(out, s.Heading)
		}
		out = append(out, s.Paragraphs...)
	}
	return out
}

// TestPageRoundTrip checks what Article.WriteTo promises for articles read
// from web pages: the canonical text form keeps the headline, the Quick
// Looks block and the body's text in order. The byline, the summary, the
// split between headings and paragraphs and so the dateline come back
// only where their values have the shapes the text form gives them, which
// a publisher's page need not: the test logs where.
func TestPageRoundTrip(t *testing.T) {
	paths := append(htmlFixtures(t), samplePage)
	for _, p := range foreignPages {
		paths = append(paths, filepath.Join(foreignDir(p), "source.html"))
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			a := parseHTMLFile(t, path, "")
			var buf bytes.Buffer
			_, err := a.WriteTo(&buf)
			require.NoError(t, err)
			b, err := newslooks.Parse(&buf)
			require.NoError(t, err)
			assert.Equal(t, a.Headline, b.Headline)
			assert.Equal(t, a.QuickLooks, b.QuickLooks)
			assert.Equal(t, bodyText(a), bodyText(b))
			if !reflect.DeepEqual(a.Byline, b.Byline) || a.Summary != b.Summary || len(a.Sections) != len(b.Sections) {
				t.Logf("lossy where the text form reads by shape: byline %q -> %q, summary same %v, sections %d -> %d",
					a.Byline, b.Byline, a.Summary == b.Summary, len(a.Sections), len(b.Sections))
			}
		})
	}
}
