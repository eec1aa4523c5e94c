package score

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTokenize(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"   \n\t", nil},
		{"Hello, World!", []string{"hello", "world"}},
		{"Russia’s 2022 invasion—of “Ukraine”", []string{"russia", "s", "2022", "invasion", "of", "ukraine"}},
		{"U.S. and EU", []string{"u", "s", "and", "eu"}},
		{"Māori tribes", []string{"māori", "tribes"}},
		{"Le député a été élu", []string{"le", "député", "a", "été", "élu"}},
		{"end", []string{"end"}},
		{"30-day visa-free", []string{"30", "day", "visa", "free"}},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, Tokenize(c.in), "Tokenize(%q)", c.in)
	}
}

func approx(t *testing.T, want, got float64, msg string) {
	t.Helper()
	if math.Abs(want-got) > 1e-9 {
		t.Errorf("%s: got %.6f, want %.6f", msg, got, want)
	}
}

func TestTokenPRF(t *testing.T) {
	// reference: 4 tokens; candidate: 5 tokens, 3 of them in the reference.
	ref := []string{"a", "b", "c", "d"}
	cand := []string{"a", "b", "c", "x", "y"}
	got := TokenPRF(cand, ref)
	approx(t, 3.0/5, got.Precision, "precision")
	approx(t, 3.0/4, got.Recall, "recall")
	approx(t, 2*(0.6*0.75)/(0.6+0.75), got.F1, "F1")

	// Multiset: a repeated token matches only as often as the reference has it.
	got = TokenPRF([]string{"the", "the", "the"}, []string{"the", "cat"})
	approx(t, 1.0/3, got.Precision, "repeated precision")
	approx(t, 1.0/2, got.Recall, "repeated recall")

	// Order does not matter.
	assert.Equal(t, TokenPRF([]string{"b", "a"}, []string{"a", "b"}), PRF{1, 1, 1})

	// Empty cases.
	assert.Equal(t, PRF{1, 1, 1}, TokenPRF(nil, nil), "both empty")
	assert.Equal(t, PRF{}, TokenPRF(nil, ref), "empty candidate")
	assert.Equal(t, PRF{}, TokenPRF(cand, nil), "empty reference")
	assert.Equal(t, PRF{}, TokenPRF([]string{"x"}, []string{"y"}), "disjoint")

	// The inputs are not modified.
	assert.Equal(t, []string{"a", "b", "c", "d"}, ref)
}

func TestTextPRF(t *testing.T) {
	got := TextPRF("Xi hosted Putin. Share this!", "Xi hosted Putin")
	approx(t, 3.0/5, got.Precision, "precision")
	approx(t, 1, got.Recall, "recall")
}

func TestNormalizeEqual(t *testing.T) {
	assert.Equal(t, `xi's "old friend" - putin...`, Normalize("  Xi’s  “Old Friend”\u00a0— Putin…\n"))
	assert.True(t, Equal("Trump’s Tariffs Reshape Alignments", "trump's tariffs  reshape alignments"))
	assert.False(t, Equal("Xi, Putin Deepen Ties", "Xi, Putin Deepen Ties - Newslooks"))
}

func TestListF1(t *testing.T) {
	approx(t, 1, ListF1(nil, nil), "both empty")
	approx(t, 0, ListF1([]string{"A"}, nil), "spurious")
	approx(t, 0, ListF1(nil, []string{"A"}), "missing")
	approx(t, 1, ListF1([]string{"J. Mansour "}, []string{"j. mansour"}), "normalised")
	// 2 of 3 found, 1 spurious of 3 given: P = R = 2/3.
	approx(t, 2.0/3, ListF1([]string{"A", "B", "X"}, []string{"A", "B", "C"}), "partial")
	// Blank items are ignored.
	approx(t, 1, ListF1([]string{"A", " "}, []string{"A"}), "blank")
}

func TestAuthorsF1(t *testing.T) {
	approx(t, 1, AuthorsF1([]string{"J Mansour"}, []string{"J. Mansour"}), "punctuation ignored")
	approx(t, 1, AuthorsF1([]string{"R. Méndez"}, []string{"r méndez"}), "case and accents kept")
	approx(t, 0, AuthorsF1([]string{"R. Mendez"}, []string{"R. Méndez"}), "a different letter is a different name")
	approx(t, 0, AuthorsF1([]string{"A. Reyes and P. Lin"}, []string{"A. Reyes", "P. Lin"}), "an unsplit byline matches neither name")
}

func TestSplitAuthors(t *testing.T) {
	assert.Equal(t, []string{"Erin Cunningham"}, SplitAuthors("By Erin Cunningham"))
	assert.Equal(t, []string{"A. Reyes", "P. Lin", "K. Wu"}, SplitAuthors("A. Reyes, P. Lin & K. Wu"))
	assert.Equal(t, []string{"A. Reyes", "P. Lin"}, SplitAuthors("by A. Reyes and P. Lin"))
	assert.Equal(t, []string{"Ann Smith", "Bob Jones"}, SplitAuthors("Ann Smith; Bob Jones"))
	assert.Equal(t, []string{"Byron Anderson"}, SplitAuthors("Byron Anderson"))
	assert.Nil(t, SplitAuthors("  "))
}

func TestSameDayParseTime(t *testing.T) {
	want, ok := ParseTime("2015-07-24T05:36:09+01:00")
	require.True(t, ok)
	assert.True(t, SameDay(time.Date(2015, 7, 24, 4, 36, 9, 0, time.UTC), want))
	// 23:30 UTC on the 23rd is 00:30 on the 24th at +01:00.
	assert.True(t, SameDay(time.Date(2015, 7, 23, 23, 30, 0, 0, time.UTC), want))
	// A bare date is that day.
	assert.True(t, SameDay(time.Date(2015, 7, 24, 0, 0, 0, 0, time.UTC), want))
	assert.False(t, SameDay(time.Date(2015, 7, 25, 12, 0, 0, 0, time.UTC), want))
	assert.False(t, SameDay(time.Time{}, want))

	got, ok := ParseTime("2017-11-03 03:01:00.000000")
	require.True(t, ok)
	assert.Equal(t, time.Date(2017, 11, 3, 3, 1, 0, 0, time.UTC), got)
	_, ok = ParseTime("yesterday")
	assert.False(t, ok)
}

func TestHTMLText(t *testing.T) {
	got, err := HTMLText(strings.NewReader(`<div><h2>Deals</h2><p>Gazprom <b>signed</b> a memo.</p>` +
		`<script>var x = "no";</script><p>Visa-free<br>entry</p><ul><li>one</li><li>two</li></ul></div>`))
	require.NoError(t, err)
	assert.Equal(t, "Deals\nGazprom signed a memo.\nVisa-free\nentry\none\ntwo", got)
	assert.Equal(t, []string{"deals", "gazprom", "signed", "a", "memo", "visa", "free", "entry", "one", "two"}, Tokenize(got))
}
