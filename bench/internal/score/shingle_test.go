package score

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWordTokens(t *testing.T) {
	assert.Equal(t, []string{"Russia", "s", "2022", "invasion_plan", "of", "Ukraine"}, WordTokens("Russia’s 2022 invasion_plan—of “Ukraine”"))
	assert.Equal(t, []string{"Le", "député", "a", "été", "élu"}, WordTokens("Le député a été élu."), "case kept, letters with accents are letters")
	assert.Equal(t, []string{"Мастера", "вкуса", "23"}, WordTokens("Мастера вкуса: 23"))
	assert.Nil(t, WordTokens(" — … "))
	// Python's \w has no combining marks: a decomposed é splits the word.
	assert.Equal(t, []string{"cafe", "s"}, WordTokens("cafe\u0301s"))
}

func TestShingles(t *testing.T) {
	assert.Empty(t, Shingles(""))
	assert.Equal(t, map[string]int{"a\x00b": 1}, Shingles("a b"), "under 4 tokens: one shingle of all")
	assert.Equal(t, map[string]int{"a\x00b\x00c\x00d": 1, "b\x00c\x00d\x00e": 1}, Shingles("a b c d e"))
	assert.Equal(t, map[string]int{"a\x00a\x00a\x00a": 2}, Shingles("a a a a a"), "repeats counted")
}

func TestCompareShingles(t *testing.T) {
	truth := "one two three four five six" // 3 shingles
	pred := "zero one two three four five" // 3 shingles, 2 shared
	c := CompareShingles(pred, truth)
	assert.Equal(t, ShingleCounts{TP: 2, FP: 1, FN: 1}, c)
	assert.InDelta(t, 2.0/3, c.Precision(), 1e-9)
	assert.InDelta(t, 2.0/3, c.Recall(), 1e-9)

	// Case counts: the benchmark does not fold it.
	c = CompareShingles("One two three four", "one two three four")
	assert.Equal(t, ShingleCounts{TP: 0, FP: 1, FN: 1}, c)

	same := CompareShingles(truth, truth)
	assert.Equal(t, 1.0, same.Precision())
	assert.Equal(t, 1.0, same.Recall())
	both := CompareShingles("", "")
	assert.Equal(t, 1.0, both.Precision(), "nothing extra, nothing missing")
	empty := CompareShingles("", truth)
	assert.Equal(t, 0.0, empty.Precision())
	assert.Equal(t, 0.0, empty.Recall())
}

func TestShingleScore(t *testing.T) {
	var s ShingleScore
	s.Add(ShingleCounts{TP: 3, FP: 1, FN: 0}) // P 0.75, R 1
	s.Add(ShingleCounts{TP: 1, FP: 0, FN: 3}) // P 1, R 0.25
	s.Add(ShingleCounts{TP: 0, FP: 0, FN: 5}) // nothing predicted: out of the precision mean, R 0
	got := s.PRF()
	assert.InDelta(t, (0.75+1)/2, got.Precision, 1e-9)
	assert.InDelta(t, (1+0.25+0)/3, got.Recall, 1e-9)
	p, r := (0.75+1)/2, (1+0.25+0)/3
	assert.InDelta(t, 2*p*r/(p+r), got.F1, 1e-9)

	var none ShingleScore
	assert.Equal(t, PRF{}, none.PRF())
	assert.False(t, math.IsNaN(none.PRF().F1))
}
