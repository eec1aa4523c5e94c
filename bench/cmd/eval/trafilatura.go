package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/newsingest/newslooks/bench/internal/corpus"
	"github.com/newsingest/newslooks/bench/internal/extract"
	"github.com/newsingest/newslooks/bench/internal/report"
	"github.com/newsingest/newslooks/bench/internal/score"
)

// trafTally is one library's score on the development half.
type trafTally struct {
	counts                  score.SnippetCounts
	authors, authorPages    int
	dates, datePages        int
	refused, empty, entries int
}

// trafPage is what one library made of one page, for -trafdetail.
type trafPage struct {
	URL         string   `json:"url"`
	Lib         string   `json:"lib"`
	Err         string   `json:"err,omitempty"`
	Missed      []string `json:"missed,omitempty"`   // expected snippets not found
	Unwanted    []string `json:"unwanted,omitempty"` // unwanted snippets found
	Author      string   `json:"author,omitempty"`
	WantAuthor  string   `json:"want_author,omitempty"`
	Date        string   `json:"date,omitempty"`
	WantDate    string   `json:"want_date,omitempty"`
	AuthorRight bool     `json:"author_right"`
	DateRight   bool     `json:"date_right"`
}

// scoreTrafilaturaDev scores each library on the development half of
// trafilatura's evaluation set as the set's comparison script scores body
// text and authors, and dates by calendar day; date-only libraries (go-htmldate)
// score dates alone. detail, when set, gets every page's misses as JSON
// lines (development pages only).
func scoreTrafilaturaDev(b *strings.Builder, libs []extract.Lib, dateLibs []extract.Lib, detail string) error {
	b.WriteString("### trafilatura's evaluation set, development half: body, authors, dates\n\n")
	dir, err := corpus.ModuleDir()
	if err != nil {
		fmt.Fprintf(b, "Not scored: %v.\n\n", err)
		return nil
	}
	entries, missing, err := corpus.TrafilaturaDev(dir)
	if err != nil {
		return err
	}
	var withAuthors, withDates int
	for _, e := range entries {
		if len(e.Authors) > 0 {
			withAuthors++
		}
		if e.Date != "" {
			withDates++
		}
	}
	fmt.Fprintf(b, "The development half of the evaluation set that ships in go-trafilatura's module "+
		"(`scripts/comparison/data.go`, pages in `test-files/comparison` and `test-files/mock`): the entries whose URL's SHA-256 hex digest "+
		"ends in 0–7, %d pages (%d with authors, %d with a date); the other half is held out and never read. "+
		"**Body** is scored as the set's own script (`scripts/comparison/content.go`) scores it: each expected snippet found byte for byte "+
		"(`strings.Contains`, no normalisation) in the library's main text is a true positive, each missing one a false negative, each "+
		"unwanted snippet found a false positive; P = TP/(TP+FP), R = TP/(TP+FN), F = 2TP/(2TP+FP+FN) over the summed counts. "+
		"One departure: where the script drops a page a library returns an error on, it counts here as an empty text (its expected snippets "+
		"are missed), so that refusing a page costs what returning nothing costs. "+
		"**Authors** as the script's `author` command: right when the names joined by `; ` equal the set's list joined the same way "+
		"(newslooks's names; go-trafilatura's author string; go-readability's byline). **Dates**: right when the date the library gives "+
		"(on its own clock) is the set's calendar day; go-htmldate asked for the original date, with and without its extensive search. "+
		"**Refused**: pages the library returned an error on; **empty**: pages with no error and no text.\n\n",
		len(entries), withAuthors, withDates)
	if len(missing) > 0 {
		fmt.Fprintf(b, "Development entries whose page the module does not ship (skipped, as the script skips them): %d.\n\n", len(missing))
	}
	var out *json.Encoder
	if detail != "" {
		f, err := os.Create(detail)
		if err != nil {
			return err
		}
		defer f.Close()
		out = json.NewEncoder(f)
	}
	t := &report.Table{
		Header: []string{"library", "body F", "body P", "body R", "authors right", "dates right", "refused", "empty"},
		Right:  []bool{false, true, true, true, true, true, true, true},
	}
	for _, l := range append(append([]extract.Lib{}, libs...), dateLibs...) {
		dateOnly := l.Module == extract.HTMLDateFast.Module
		var tl trafTally
		for _, e := range entries {
			res, err := extractOnce(l, e.Page)
			tl.entries++
			p := trafPage{URL: e.URL, Lib: l.Name}
			if err != nil {
				tl.refused++
				p.Err = err.Error()
				res = extract.Result{}
			} else if res.Text == "" && !dateOnly {
				tl.empty++
			}
			text := res.Body()
			tl.counts.Add(score.CompareSnippets(text, e.With, e.Without))
			for _, s := range e.With {
				if !strings.Contains(text, s) {
					p.Missed = append(p.Missed, s)
				}
			}
			for _, s := range e.Without {
				if text != "" && strings.Contains(text, s) {
					p.Unwanted = append(p.Unwanted, s)
				}
			}
			if len(e.Authors) > 0 {
				tl.authorPages++
				p.WantAuthor, p.Author = strings.Join(e.Authors, "; "), res.Author
				if p.Author == p.WantAuthor {
					tl.authors++
					p.AuthorRight = true
				}
			}
			if e.Date != "" {
				tl.datePages++
				p.WantDate = e.Date
				if !res.Published.IsZero() {
					p.Date = res.Published.Format("2006-01-02")
				}
				if p.Date == e.Date {
					tl.dates++
					p.DateRight = true
				}
			}
			if out != nil {
				if err := out.Encode(p); err != nil {
					return err
				}
			}
		}
		prf := tl.counts.PRF()
		row := []string{l.Name}
		if dateOnly {
			row = append(row, "", "", "", "")
		} else {
			row = append(row, fmt.Sprintf("%.3f", prf.F1), fmt.Sprintf("%.3f", prf.Precision), fmt.Sprintf("%.3f", prf.Recall),
				pct(tl.authors, tl.authorPages))
		}
		row = append(row, pct(tl.dates, tl.datePages))
		if dateOnly {
			row = append(row, fmt.Sprint(tl.refused), "")
		} else {
			row = append(row, fmt.Sprint(tl.refused), fmt.Sprint(tl.empty))
		}
		t.AddRow(row...)
	}
	b.WriteString(t.Markdown())
	b.WriteString("\n")
	return nil
}

func pct(k, n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%% (%d/%d)", 100*float64(k)/float64(n), k, n)
}
