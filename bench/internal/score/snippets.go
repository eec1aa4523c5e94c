package score

import "strings"

// SnippetCounts are the counts of trafilatura's comparison script
// (scripts/comparison/content.go in go-trafilatura): over a page's
// expected snippets, each found in the extracted text is a true positive
// and each missing a false negative; over its unwanted snippets, each found
// is a false positive and each missing a true negative. Snippets are
// matched as the script matches them: byte for byte (strings.Contains),
// with no normalisation.
type SnippetCounts struct {
	TP, FN, FP, TN int
}

// CompareSnippets counts one page as the script's evaluateEntry does; an
// empty text finds nothing.
func CompareSnippets(text string, with, without []string) SnippetCounts {
	var c SnippetCounts
	if text == "" {
		c.FN, c.TN = len(with), len(without)
		return c
	}
	for _, s := range with {
		if strings.Contains(text, s) {
			c.TP++
		} else {
			c.FN++
		}
	}
	for _, s := range without {
		if strings.Contains(text, s) {
			c.FP++
		} else {
			c.TN++
		}
	}
	return c
}

// Add sums counts over pages (the script's applyEvaluation).
func (c *SnippetCounts) Add(o SnippetCounts) {
	c.TP += o.TP
	c.FN += o.FN
	c.FP += o.FP
	c.TN += o.TN
}

// PRF is the script's calculatePerformance: precision TP/(TP+FP), recall
// TP/(TP+FN), F = 2TP/(2TP+FP+FN), over the summed counts.
func (c SnippetCounts) PRF() PRF {
	tp, fn, fp := float64(c.TP), float64(c.FN), float64(c.FP)
	var p PRF
	if tp+fp > 0 {
		p.Precision = tp / (tp + fp)
	}
	if tp+fn > 0 {
		p.Recall = tp / (tp + fn)
	}
	if 2*tp+fp+fn > 0 {
		p.F1 = 2 * tp / (2*tp + fp + fn)
	}
	return p
}
