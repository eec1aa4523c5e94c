package page

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

func metaOf(t *testing.T, head string) *pageMeta {
	t.Helper()
	root, err := html.Parse(strings.NewReader("<html><head>" + head + "</head><body></body></html>"))
	require.NoError(t, err)
	return readMeta(root)
}

// TestMetaTagWithSeveralKeys checks that a <meta> tag counts under each
// key it carries: themes write property and itemprop on one tag.
func TestMetaTagWithSeveralKeys(t *testing.T) {
	m := metaOf(t, `<meta property="article:published_time" itemprop="datePublished" content="2024-05-01T10:00:00Z">`)
	assert.Equal(t, "2024-05-01T10:00:00Z", m.articlePublished)
	assert.Equal(t, "2024-05-01T10:00:00Z", m.itemPublished)

	m = metaOf(t, `<meta itemprop="dateModified" content="2024-05-02"><meta name="description" content="">`)
	assert.Equal(t, "2024-05-02", m.itemModified)
	assert.Empty(t, m.description, "an empty content says nothing")
}

// TestMetaFirstValueWins checks the rule for single-valued keys, and that
// repeated keys collect.
func TestMetaFirstValueWins(t *testing.T) {
	m := metaOf(t, `<meta property="og:title" content="First"><meta property="OG:TITLE" content="Second">`+
		`<meta property="article:tag" content="a"><meta property="article:tag" content="b">`+
		`<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Ann Lee">`+
		`<meta http-equiv="Content-Language" content="de">`)
	assert.Equal(t, "First", m.ogTitle)
	assert.Equal(t, []string{"a", "b"}, m.articleTags)
	assert.Equal(t, "Ann Lee", m.writtenBy)
	assert.Equal(t, "de", m.contentLanguage)
}

func TestWrittenByLabels(t *testing.T) {
	for _, label := range []string{"Written by", "Verfasst von", "Geschrieben von", "Écrit par", "Escrito por"} {
		assert.True(t, isWrittenByLabel(label), label)
	}
	for _, label := range []string{"Geschätzte Lesezeit", "Est. reading time", ""} {
		assert.False(t, isWrittenByLabel(label), label)
	}
}
