package page

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/newsingest/newslooks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseAuto(t *testing.T) {
	page := readFile(t, samplePage)
	text := readSample(t)
	fromHTML := parseHTMLFile(t, samplePage, sampleURL)
	fromText, err := newslooks.Parse(bytes.NewReader(text))
	require.NoError(t, err)

	for name, wrap := range map[string]func(io.Reader) io.Reader{
		"whole":         func(r io.Reader) io.Reader { return r },
		"one byte":      iotest.OneByteReader,
		"half":          iotest.HalfReader,
		"data with EOF": iotest.DataErrReader,
	} {
		t.Run(name, func(t *testing.T) {
			p := new(Parser)
			a, err := p.ParseAuto(wrap(bytes.NewReader(page)), sampleURL)
			require.NoError(t, err)
			assert.Equal(t, fromHTML, a)

			a, err = p.ParseAuto(wrap(bytes.NewReader(text)), "")
			require.NoError(t, err)
			assert.Equal(t, fromText, a)
		})
	}

	t.Run("short page", func(t *testing.T) {
		a, err := new(Parser).ParseAuto(strings.NewReader(page0), "")
		require.NoError(t, err)
		assert.Equal(t, "Harbor Tunnel Reopens", a.Headline)
	})
	t.Run("unknown goes to the text parser", func(t *testing.T) {
		_, err := new(Parser).ParseAuto(strings.NewReader("Just some prose.\n"), "")
		assert.ErrorIs(t, err, newslooks.ErrNotArticle)
		assert.Contains(t, err.Error(), "no header line")
		_, err = new(Parser).ParseAuto(strings.NewReader(""), "")
		assert.ErrorIs(t, err, newslooks.ErrEmpty)
	})
	t.Run("read error", func(t *testing.T) {
		_, err := new(Parser).ParseAuto(iotest.ErrReader(iotest.ErrTimeout), "")
		assert.ErrorIs(t, err, iotest.ErrTimeout)
	})
	t.Run("each parser says when it was given the other form", func(t *testing.T) {
		_, err := ParseHTML(bytes.NewReader(text), "")
		assert.ErrorIs(t, err, newslooks.ErrNotArticle)
		assert.Contains(t, err.Error(), "use newslooks.Parse")
		_, err = newslooks.Parse(bytes.NewReader(page))
		assert.ErrorIs(t, err, newslooks.ErrNotArticle)
		assert.Contains(t, err.Error(), "use page.ParseHTML")
	})
}

// page0 is the smallest Newslooks page.
const page0 = `<html><head><meta property="og:site_name" content="Newslooks"></head><body>` + plainBody

// readSample returns the sample article's text form, which the page
// fixtures must match.
func readSample(tb testing.TB) []byte { return readFile(tb, "../testdata/xi-putin.txt") }
