package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExpectedMD(t *testing.T) {
	md := "# Expected\n\n## Conventions\n\n```json\n{\"headline\": \"not a page\"}\n```\n\n" +
		"## `testdata/html/a.html`\n\n| field | expected |\n|---|---|\n\n<details>\n\n```json\n" +
		"{\"headline\": \"A\", \"byline\": {\"authors\": [\"X. Y\"]}, \"sections\": [{\"heading\": \"\", \"paragraphs\": [\"p1\"]}]}\n```\n\n</details>\n\n" +
		"## Pages that are not articles\n\n### `testdata/html/notarticle/b.html`\n\nNo JSON here.\n"
	path := filepath.Join(t.TempDir(), "EXPECTED.md")
	require.NoError(t, os.WriteFile(path, []byte(md), 0o644))
	got, err := expectedMD(path)
	require.NoError(t, err)
	require.Len(t, got, 1)
	a := got["testdata/html/a.html"]
	require.NotNil(t, a)
	assert.Equal(t, "A", a.Headline)
	assert.Equal(t, []string{"X. Y"}, a.Byline.Authors)
	assert.Equal(t, "p1\n", a.Text())

	got, err = expectedMD(filepath.Join(t.TempDir(), "missing.md"))
	require.NoError(t, err)
	assert.Empty(t, got)

	require.NoError(t, os.WriteFile(path, []byte("## `testdata/x.html`\n```json\n{bad\n```\n"), 0o644))
	_, err = expectedMD(path)
	assert.ErrorContains(t, err, "testdata/x.html")
}
