package clean

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSpace(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "",
		"plain":                  "plain",
		"a b":                    "a b",
		"  lead and trail  ":     "lead and trail",
		"a\t\tb\nc\r\nd":         "a b c d",
		"no\u00a0break":          "no break",   // U+00A0, the most common on pages
		"thin\u2009space":        "thin space", // U+2009
		"ideographic\u3000space": "ideographic space",
		"zero\u200bwidth":        "zero\u200bwidth", // U+200B is not space
		"\u00a0\u00a0only\u00a0": "only",
		"é and ü":                "é and ü",
		"x  \u00a0 \u2003 y":     "x y",
	} {
		assert.Equal(t, want, Space(in), "%q", in)
		assert.Equal(t, want, SpaceBytes([]byte(in)), "%q as bytes", in)
	}
}

func TestAppendSpacePieces(t *testing.T) {
	// Text nodes of one paragraph collapse as if they were one string.
	var b []byte
	pending := false
	for _, piece := range []string{"  Hello", " ", "\u00a0world ", "", "again  "} {
		b, pending = AppendSpace(b, piece, pending)
	}
	assert.Equal(t, "Hello world again", string(b))
	assert.True(t, pending, "a trailing space stays pending, unwritten")
}

func TestStripTitleSuffix(t *testing.T) {
	site := []string{"The Site", "example.com"}
	for _, tc := range []struct {
		title string
		names []string
		loose bool
		want  string
	}{
		{"Title here | The Site", site, false, "Title here"},
		{"Title here - Ann Lee", []string{"Ann Lee"}, false, "Title here"},
		{"Title - with a dash", site, false, "Title - with a dash"},
		{"Plain", nil, false, "Plain"},
		{"Headline | Section | The Site", site, false, "Headline | Section"},
		{"Headline | Section | The Site", site, true, "Headline"},
		{"Headline — THE SITE", site, false, "Headline"},
		{"Headline :: example.com", site, false, "Headline"},
		{"Headline · The Site", site, false, "Headline"},
		{"Headline | Not a site name but a long tail of words", site, true, "Headline | Not a site name but a long tail of words"},
		{"  Spaced   out | The Site ", site, false, "Spaced out"},
		{"| The Site", site, false, "| The Site"}, // nothing before the separator
	} {
		assert.Equal(t, tc.want, StripTitleSuffix(tc.title, tc.names, tc.loose), "%q loose=%v", tc.title, tc.loose)
	}
}

func TestTitleSeparatorsStartWithSpace(t *testing.T) {
	// mayHoldSeparator looks for a space and the byte after it.
	for _, sep := range TitleSeparators {
		assert.True(t, len(sep) > 1 && sep[0] == ' ', "%q", sep)
	}
	assert.False(t, mayHoldSeparator("No separator here, nor-there|there"))
	assert.True(t, mayHoldSeparator("Headline — Site"))
}

func TestDedupe(t *testing.T) {
	assert.Equal(t, []string{"A", "b"}, Dedupe([]string{" A ", "", "a", "b", "B"}, 10))
	assert.Equal(t, []string{"A"}, Dedupe([]string{"A", "b"}, 1))
	assert.Nil(t, Dedupe([]string{"", " "}, 10))
	assert.Nil(t, Dedupe(nil, 10))
}

func TestNonEmpty(t *testing.T) {
	in := []string{"a", "b"}
	assert.Equal(t, in, NonEmpty(in))
	assert.Equal(t, []string{"a", "c"}, NonEmpty([]string{"a", "", " ", "c"}))
}

func TestHasLetterAndFirstOf(t *testing.T) {
	assert.True(t, HasLetter("14 dead"))
	assert.False(t, HasLetter("14 — ***"))
	assert.Equal(t, "b", FirstOf("", "b", "c"))
	assert.Equal(t, "", FirstOf())
}
