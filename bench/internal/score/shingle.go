package score

import (
	"strings"
	"unicode"
)

// The article-body score of the article-extraction benchmark (Zyte's, from
// which shared/aeb-dev comes), re-implemented from its description in
// shared/aeb-dev/README.md:
//
//   - tokens are the matches of Python's Unicode \w+: maximal runs of
//     letters, digits (Unicode categories L and N) and underscores, case
//     kept;
//   - shingles are the 4-token windows; a text of 1 to 3 tokens is one
//     shingle of all its tokens, and an empty text has none;
//   - per page, over the multisets of shingles, tp = Σ min(true,
//     predicted), fp = the predicted ones left over, fn = the true ones
//     missing; precision = tp/(tp+fp), recall = tp/(tp+fn), with
//     precision = recall = 1 when fp = fn = 0, and 0 when the divisor is 0
//     otherwise (the benchmark also divides tp, fp and fn by their sum,
//     which changes neither ratio);
//   - precision is averaged over the pages that have predicted shingles,
//     recall over the pages that have true shingles, and F1 is the
//     harmonic mean of the two averages.

// WordTokens returns the \w+ tokens of s, as Python's re module finds them
// in Unicode mode: runs of letters, numbers and '_'. Marks do not join
// words (Python's \w has no combining marks), and case is kept.
func WordTokens(s string) []string {
	var toks []string
	start := -1
	for i, r := range s {
		if r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			toks = append(toks, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		toks = append(toks, s[start:])
	}
	return toks
}

// Shingles counts the 4-token shingles of s (one shingle of all tokens
// when s has 1 to 3, none when it has none).
func Shingles(s string) map[string]int {
	toks := WordTokens(s)
	out := map[string]int{}
	if len(toks) == 0 {
		return out
	}
	if len(toks) < 4 {
		out[strings.Join(toks, "\x00")]++
		return out
	}
	for i := 0; i+4 <= len(toks); i++ {
		out[strings.Join(toks[i:i+4], "\x00")]++
	}
	return out
}

// ShingleCounts are one page's shingle matches.
type ShingleCounts struct {
	TP, FP, FN int
}

// CompareShingles counts the predicted text's shingles against the true
// text's.
func CompareShingles(predicted, truth string) ShingleCounts {
	p, t := Shingles(predicted), Shingles(truth)
	var c ShingleCounts
	for k, n := range p {
		m := min(n, t[k])
		c.TP += m
		c.FP += n - m
	}
	for k, n := range t {
		c.FN += n - min(n, p[k])
	}
	return c
}

// Precision is tp/(tp+fp): 1 when nothing is extra or missing, 0 when
// nothing was predicted.
func (c ShingleCounts) Precision() float64 {
	if c.FP == 0 && c.FN == 0 {
		return 1
	}
	if c.TP+c.FP == 0 {
		return 0
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Recall is tp/(tp+fn): 1 when nothing is extra or missing, 0 when the
// truth is empty and something was predicted.
func (c ShingleCounts) Recall() float64 {
	if c.FP == 0 && c.FN == 0 {
		return 1
	}
	if c.TP+c.FN == 0 {
		return 0
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// ShingleScore averages pages' shingle counts as the benchmark does.
type ShingleScore struct {
	pSum, rSum float64
	pN, rN     int
}

// Add counts one page: its precision when it has predicted shingles, its
// recall when it has true shingles.
func (s *ShingleScore) Add(c ShingleCounts) {
	if c.TP+c.FP > 0 {
		s.pSum += c.Precision()
		s.pN++
	}
	if c.TP+c.FN > 0 {
		s.rSum += c.Recall()
		s.rN++
	}
}

// PRF returns the mean precision, the mean recall and the F1 of the two.
func (s *ShingleScore) PRF() PRF {
	var p, r float64
	if s.pN > 0 {
		p = s.pSum / float64(s.pN)
	}
	if s.rN > 0 {
		r = s.rSum / float64(s.rN)
	}
	return PRF{p, r, f1(p, r)}
}
