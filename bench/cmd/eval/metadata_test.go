package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/newsingest/newslooks/bench/internal/corpus"
	"github.com/newsingest/newslooks/bench/internal/extract"
	"github.com/newsingest/newslooks/bench/internal/score"
)

func TestMissClass(t *testing.T) {
	tr := corpus.MetaTruth{Title: "Attack stokes fears", Authors: []string{"Erin Cunningham"}, Publisher: "The Washington Post", Language: "en"}
	d, _ := score.ParseTruthDate("2015-03-18")
	class := func(field string, r extract.Result) string { return missClass(field, r, tr, d) }

	assert.Equal(t, "title: truth plus extra text (site name, label)", class("title", extract.Result{Title: "Attack stokes fears - The Washington Post"}))
	assert.Equal(t, "title: none", class("title", extract.Result{}))
	assert.Equal(t, "title: another title (SEO <title>/og:title variant or wrong element)", class("title", extract.Result{Title: "Gunmen storm museum"}))
	assert.Equal(t, "authors: none found", class("authors", extract.Result{}))
	assert.Equal(t, "authors: right names plus extra ones", class("authors", extract.Result{Authors: []string{"Erin Cunningham", "AFP"}}))
	assert.Equal(t, "authors: wrong names (unsplit byline, role, handle or other text)", class("authors", extract.Result{Authors: []string{"By Erin Cunningham"}}))
	assert.Equal(t, "published: none", class("published", extract.Result{}))
	assert.Equal(t, "published: next or previous day (zone)", class("published", extract.Result{Published: time.Date(2015, 3, 19, 1, 0, 0, 0, time.UTC)}))
	assert.Equal(t, "published: another date (modified date or other)", class("published", extract.Result{Published: time.Date(2015, 4, 2, 0, 0, 0, 0, time.UTC)}))
	assert.Equal(t, "publisher: none", class("publisher", extract.Result{}))
	assert.Equal(t, "language: wrong (declared <html lang> differs from the text)", class("language", extract.Result{Language: "de"}))

	none := corpus.MetaTruth{}
	assert.Equal(t, "authors: names given where the page credits nobody", missClass("authors", extract.Result{Authors: []string{"admin"}}, none, d))
}

func TestMissSummary(t *testing.T) {
	got := missSummary([]metaMiss{{class: "b"}, {class: "a"}, {class: "b"}, {class: "c"}})
	assert.Equal(t, []string{"b 2", "a 1", "c 1"}, got)
}
