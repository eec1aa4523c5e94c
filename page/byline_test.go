package page

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestBylineLabels checks the byline labels of the languages of the
// evaluation set, and that a label word that is also a name particle
// stays when no capitalised name follows.
func TestBylineLabels(t *testing.T) {
	for in, want := range map[string]string{
		"Von Frank Hahn":             "Frank Hahn",
		"Veröffentlicht von HansG":   "HansG",
		"Geschrieben von: Anna Berg": "Anna Berg",
		"par Claire Dupont":          "Claire Dupont",
		"Publicado por Ana Ruiz":     "Ana Ruiz",
		"di Marco Rossi":             "Marco Rossi",
		"door Jan de Vries":          "Jan de Vries",
		"Skrevet av Ola Nordmann":    "Ola Nordmann",
		"Autor: Karl Weber":          "Karl Weber",
		"von der Leyen":              "von der Leyen",
		"Walter von Aachen":          "Walter von Aachen",
		"di maio":                    "di maio",
		"By A. Writer":               "A. Writer",
	} {
		assert.Equal(t, want, stripBylinePrefix(in), in)
	}
	assert.True(t, opensByline("Von"))
	assert.True(t, opensByline("Von Irmela Schwab"))
	assert.False(t, opensByline("von der Leyen sagte"))
	assert.False(t, opensByline("With"))
}

// TestPersonNamesLabels checks that labels printed where a name was
// missing are no authors, and that "von X; X" is one author.
func TestPersonNamesLabels(t *testing.T) {
	for _, label := range []string{"Posted on", "Published by", "No Author", "Text", "Letzte Aktualisierung"} {
		assert.Empty(t, personNames([]string{label}, nil), label)
	}
	assert.Equal(t, []string{"Christian Thiele"}, authors(&pageMeta{ld: jsonLD{authors: []string{"Von Christian Thiele", "Christian Thiele"}}}, &survey{}, nil))
	assert.Equal(t, []string{"Grant Tinsley"}, personNames([]string{"Grant Tinsley, PhD"}, nil))
}
