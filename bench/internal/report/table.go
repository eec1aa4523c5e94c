// Package report renders the evaluation's tables as Markdown and reads the
// output of `go test -bench` into per-page, per-library figures and the
// ratios between libraries.
package report

import (
	"strings"
	"unicode/utf8"
)

// A Table is a Markdown table. Columns whose Right flag is set are
// right-aligned (numbers); the others are left-aligned.
type Table struct {
	Header []string
	Right  []bool
	Rows   [][]string
}

// AddRow appends a row. Missing cells are rendered empty; cells past the
// header's width are dropped.
func (t *Table) AddRow(cells ...string) { t.Rows = append(t.Rows, cells) }

// Markdown renders the table as GitHub-flavoured Markdown, padding every
// column to its widest cell so that the source reads as plain text too.
// Pipes inside cells are escaped; runs of white space, newlines included,
// become one space.
func (t *Table) Markdown() string {
	n := len(t.Header)
	cell := func(row []string, i int) string {
		if i >= len(row) {
			return ""
		}
		s := strings.ReplaceAll(row[i], "|", `\|`)
		return strings.Join(strings.Fields(s), " ")
	}
	width := make([]int, n)
	for i := range n {
		width[i] = max(3, utf8.RuneCountInString(cell(t.Header, i)))
		for _, r := range t.Rows {
			width[i] = max(width[i], utf8.RuneCountInString(cell(r, i)))
		}
	}
	right := func(i int) bool { return i < len(t.Right) && t.Right[i] }
	var b strings.Builder
	line := func(row []string) {
		b.WriteString("|")
		for i := range n {
			s := cell(row, i)
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(s))
			if right(i) {
				b.WriteString(" " + pad + s + " |")
			} else {
				b.WriteString(" " + s + pad + " |")
			}
		}
		b.WriteString("\n")
	}
	line(t.Header)
	b.WriteString("|")
	for i := range n {
		if right(i) {
			b.WriteString(" " + strings.Repeat("-", width[i]-1) + ": |")
		} else {
			b.WriteString(" " + strings.Repeat("-", width[i]) + " |")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		line(r)
	}
	return b.String()
}
