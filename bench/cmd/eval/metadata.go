package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/newsingest/newslooks/bench/internal/corpus"
	"github.com/newsingest/newslooks/bench/internal/extract"
	"github.com/newsingest/newslooks/bench/internal/report"
	"github.com/newsingest/newslooks/bench/internal/score"
)

// ---- one extraction per library and page ----

type extraction struct {
	res extract.Result
	err error
}

// extractions caches each library's result on each page, so that the
// sections that score the same page do not run the libraries again.
var extractions = map[string]extraction{}

func extractOnce(l extract.Lib, p corpus.Page) (extract.Result, error) {
	key := l.Name + "\x00" + p.Path
	if e, ok := extractions[key]; ok {
		return e.res, e.err
	}
	res, err := l.Extract(p.Source, p.URL)
	extractions[key] = extraction{res, err}
	return res, err
}

// ---- metadata against the hand-checked truth ----

// A metaField is one scored metadata field: how to show the extracted and
// the true value, and whether they agree by the rules of score/metadata.go.
type metaField struct {
	name string
	got  func(extract.Result) string
	want func(corpus.MetaTruth) string
	ok   func(extract.Result, corpus.MetaTruth, score.TruthDate) bool
}

var metaFields = []metaField{
	{
		name: "title",
		got:  func(r extract.Result) string { return r.Title },
		want: func(t corpus.MetaTruth) string { return t.Title },
		ok: func(r extract.Result, t corpus.MetaTruth, _ score.TruthDate) bool {
			return score.TitleMatches(r.Title, t.Title)
		},
	},
	{
		name: "authors",
		got:  func(r extract.Result) string { return showNames(r.Authors) },
		want: func(t corpus.MetaTruth) string { return showNames(t.Authors) },
		ok: func(r extract.Result, t corpus.MetaTruth, _ score.TruthDate) bool {
			return score.AuthorsMatch(r.Authors, t.Authors)
		},
	},
	{
		name: "published",
		got: func(r extract.Result) string {
			if r.Published.IsZero() {
				return ""
			}
			return r.Published.Format(time.RFC3339)
		},
		want: func(t corpus.MetaTruth) string { return t.Published },
		ok: func(r extract.Result, _ corpus.MetaTruth, d score.TruthDate) bool {
			return score.DateMatches(r.Published, d)
		},
	},
	{
		name: "publisher",
		got:  func(r extract.Result) string { return r.SiteName },
		want: func(t corpus.MetaTruth) string { return t.Publisher },
		ok: func(r extract.Result, t corpus.MetaTruth, _ score.TruthDate) bool {
			return score.PublisherMatches(r.SiteName, t.Publisher)
		},
	},
	{
		name: "language",
		got:  func(r extract.Result) string { return r.Language },
		want: func(t corpus.MetaTruth) string { return t.Language },
		ok: func(r extract.Result, t corpus.MetaTruth, _ score.TruthDate) bool {
			return score.LanguageMatches(r.Language, t.Language)
		},
	},
}

func showNames(names []string) string {
	if len(names) == 0 {
		return "[]"
	}
	return "[" + strings.Join(names, "; ") + "]"
}

// A metaMiss is one field of one page that newslooks got wrong.
type metaMiss struct {
	corpus, page, url, field, want, got, class, note string
}

// metaTally counts, per library and field, the pages a library got right.
type metaTally struct {
	right map[string]map[string]int // lib → field → pages right
	all   map[string]int            // lib → pages with every field right
	errs  map[string]int            // lib → pages it failed on
	n     int
}

func newMetaTally() *metaTally {
	return &metaTally{right: map[string]map[string]int{}, all: map[string]int{}, errs: map[string]int{}}
}

// metaGroup is the pages of one corpus with their truth.
type metaGroup struct {
	title string
	pages []corpus.Page
}

// scoreMetadata scores every library's metadata on the groups' pages and
// returns a tally per group (and one for all pages together, last) and
// newslooks's misses.
func scoreMetadata(groups []metaGroup, truth map[string]corpus.MetaTruth, libs []extract.Lib) ([]*metaTally, []metaMiss, error) {
	var tallies []*metaTally
	total := newMetaTally()
	var misses []metaMiss
	for _, g := range groups {
		t := newMetaTally()
		for _, p := range g.pages {
			tr, ok := truth[p.Name]
			if !ok {
				return nil, nil, fmt.Errorf("metadata truth: no entry for page %s", p.Name)
			}
			date, err := score.ParseTruthDate(tr.Published)
			if err != nil {
				return nil, nil, fmt.Errorf("metadata truth: %s: %w", p.Name, err)
			}
			t.n++
			total.n++
			for _, l := range libs {
				res, err := extractOnce(l, p)
				for _, tt := range []*metaTally{t, total} {
					if tt.right[l.Name] == nil {
						tt.right[l.Name] = map[string]int{}
					}
					if err != nil {
						tt.errs[l.Name]++
					}
				}
				allRight := err == nil
				for _, f := range metaFields {
					right := err == nil && f.ok(res, tr, date)
					if right {
						t.right[l.Name][f.name]++
						total.right[l.Name][f.name]++
					} else {
						allRight = false
					}
					if !right && l.Name == report.Subject {
						m := metaMiss{corpus: g.title, page: p.Name, url: tr.URL, field: f.name, want: f.want(tr), got: f.got(res), note: tr.Note}
						if err != nil {
							m.got, m.class = "error: "+err.Error(), "extraction failed"
						} else {
							m.class = missClass(f.name, res, tr, date)
						}
						misses = append(misses, m)
					}
				}
				if allRight {
					t.all[l.Name]++
					total.all[l.Name]++
				}
			}
		}
		tallies = append(tallies, t)
	}
	return append(tallies, total), misses, nil
}

// missClass names the kind of a wrong field, to group newslooks's misses.
func missClass(field string, r extract.Result, t corpus.MetaTruth, d score.TruthDate) string {
	switch field {
	case "title":
		g, w := score.MetaKey(r.Title), score.MetaKey(t.Title)
		switch {
		case g == "":
			return "title: none"
		case strings.HasPrefix(g, w) || strings.HasSuffix(g, w):
			return "title: truth plus extra text (site name, label)"
		case strings.HasPrefix(w, g) || strings.HasSuffix(w, g):
			return "title: part of the truth"
		default:
			return "title: another title (SEO <title>/og:title variant or wrong element)"
		}
	case "authors":
		g, w := keySet(r.Authors), keySet(t.Authors)
		switch {
		case len(g) == 0:
			return "authors: none found"
		case len(w) == 0:
			return "authors: names given where the page credits nobody"
		}
		common := 0
		for k := range g {
			if w[k] {
				common++
			}
		}
		switch {
		case common == len(w):
			return "authors: right names plus extra ones"
		case common == len(g):
			return "authors: some names missing"
		case common > 0:
			return "authors: some right, some wrong"
		default:
			return "authors: wrong names (unsplit byline, role, handle or other text)"
		}
	case "published":
		switch {
		case d.IsZero():
			return "published: a date where the page states none"
		case r.Published.IsZero():
			return "published: none"
		}
		diff := r.Published.Sub(d.T)
		if d.DateOnly {
			y, m, dd := r.Published.Date()
			diff = time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Sub(d.T)
		}
		if diff < 0 {
			diff = -diff
		}
		if diff <= 36*time.Hour {
			return "published: next or previous day (zone)"
		}
		return "published: another date (modified date or other)"
	case "publisher":
		if strings.TrimSpace(r.SiteName) == "" {
			return "publisher: none"
		}
		return "publisher: another name (domain form, abbreviation, host or suffix)"
	case "language":
		if strings.TrimSpace(r.Language) == "" {
			return "language: none"
		}
		return "language: wrong (declared <html lang> differs from the text)"
	}
	return field
}

func keySet(names []string) map[string]bool {
	s := map[string]bool{}
	for _, n := range names {
		if k := score.MetaKey(n); k != "" {
			s[k] = true
		}
	}
	return s
}

// writeMetadata writes the metadata tables: one per group and one for all
// pages, a row per library and a column per field.
func writeMetadata(b *strings.Builder, groups []metaGroup, tallies []*metaTally, libs []extract.Lib, truthPath, missesPath string, misses []metaMiss) {
	b.WriteString("### Metadata against hand-checked truth\n\n")
	fmt.Fprintf(b, "The reference is `%s`: for each of the %d pages (`shared/pages` and `shared/aeb-dev`), the title, authors, "+
		"publication date, publisher and language as a person reads them off the page (its visible header, byline, dateline and masthead; "+
		"the page's metadata consulted, the visible page deciding), with a note on each judgment call; see Notes, \"Metadata truth\". "+
		"A field is right or wrong on each page: **title** equal after folding Unicode white space, case, quotes and dashes; "+
		"**authors** the same set of names after the same folding (no names = no names); **published** the same calendar date "+
		"(read in the truth's zone when the page gives a time); **publisher** equal after the same folding, ignoring a leading \"The\"; "+
		"**language** the same primary subtag. Cells are pages right / pages (%%). `all 5`: pages with every field right. "+
		"The libraries' fields: newslooks `Headline`, `Byline.Authors`, `Published`, `Byline.Publisher`, `Language`; "+
		"go-readability `Title()`, `Byline()` (split into names), `PublishedTime()`, `SiteName()`, `Language()`; "+
		"go-trafilatura `Metadata.Title`, `Author` (split at `;`), `Date`, `Sitename`, `Language`. "+
		"A page a library fails on is wrong in every field.\n\n", benchPath(truthPath), tallies[len(tallies)-1].n)
	titles := make([]string, 0, len(groups)+1)
	for _, g := range groups {
		titles = append(titles, g.title)
	}
	titles = append(titles, "all pages")
	for i, t := range tallies {
		fmt.Fprintf(b, "%s (%d pages):\n\n", titles[i], t.n)
		tab := &report.Table{Header: []string{"library"}, Right: []bool{false}}
		for _, f := range metaFields {
			tab.Header = append(tab.Header, f.name)
			tab.Right = append(tab.Right, true)
		}
		tab.Header = append(tab.Header, "all 5", "errors")
		tab.Right = append(tab.Right, true, true)
		for _, l := range libs {
			row := []string{l.Name}
			for _, f := range metaFields {
				row = append(row, frac(t.right[l.Name][f.name], t.n))
			}
			row = append(row, frac(t.all[l.Name], t.n), fmt.Sprint(t.errs[l.Name]))
			tab.AddRow(row...)
		}
		b.WriteString(tab.Markdown())
		b.WriteString("\n")
	}
	if len(misses) > 0 {
		fmt.Fprintf(b, "newslooks's %d wrong fields, by kind: %s. Page by page in `%s` (written by this command).\n\n",
			len(misses), strings.Join(missSummary(misses), "; "), benchPath(missesPath))
	}
}

func frac(k, n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%d/%d (%.0f%%)", k, n, 100*float64(k)/float64(n))
}

// missSummary counts the misses by class, most frequent first.
func missSummary(misses []metaMiss) []string {
	counts := map[string]int{}
	for _, m := range misses {
		counts[m.class]++
	}
	classes := make([]string, 0, len(counts))
	for c := range counts {
		classes = append(classes, c)
	}
	sort.Slice(classes, func(i, j int) bool {
		if counts[classes[i]] != counts[classes[j]] {
			return counts[classes[i]] > counts[classes[j]]
		}
		return classes[i] < classes[j]
	})
	out := make([]string, len(classes))
	for i, c := range classes {
		out[i] = fmt.Sprintf("%s %d", c, counts[c])
	}
	return out
}

// writeMisses writes newslooks's wrong metadata fields, page by page, for
// the developers: what the truth says, what newslooks gave, and the
// truth's note on the page.
func writeMisses(path, truthPath string, misses []metaMiss, pages int) error {
	var b strings.Builder
	b.WriteString("# newslooks metadata misses\n\n")
	fmt.Fprintf(&b, "Written by `go run ./cmd/eval` in `bench/` (do not edit): every field of the %d pages where newslooks disagrees with "+
		"the hand-checked truth `%s`, by the rules in `bench/NOTES.md` (\"Metadata truth\"). %d wrong fields.\n\n", pages, benchPath(truthPath), len(misses))
	b.WriteString("## By kind\n\n")
	for _, s := range missSummary(misses) {
		b.WriteString("- " + s + "\n")
	}
	b.WriteString("\n## By field\n\n")
	for _, f := range metaFields {
		var rows []metaMiss
		for _, m := range misses {
			if m.field == f.name {
				rows = append(rows, m)
			}
		}
		fmt.Fprintf(&b, "### %s (%d)\n\n", f.name, len(rows))
		if len(rows) == 0 {
			b.WriteString("None.\n\n")
			continue
		}
		t := &report.Table{Header: []string{"page", "truth", "newslooks", "kind"}}
		for _, m := range rows {
			t.AddRow(fmt.Sprintf("[%s](%s) (%s)", shortName(m.page), m.url, m.corpus), cell(m.want), cell(m.got), m.class)
		}
		b.WriteString(t.Markdown())
		b.WriteString("\n")
	}
	b.WriteString("## The truth's notes on these pages\n\n")
	seen := map[string]bool{}
	for _, m := range misses {
		if seen[m.page] || m.note == "" {
			continue
		}
		seen[m.page] = true
		fmt.Fprintf(&b, "- `%s`: %s\n", shortName(m.page), m.note)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// benchPath names a path given relative to the bench module from the
// repository root.
func benchPath(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return "bench/" + filepath.ToSlash(p)
}

// shortName shortens the aeb-dev page IDs (64 hex digits) to 10.
func shortName(name string) string {
	if len(name) == 64 {
		return name[:10]
	}
	return name
}

func cell(s string) string {
	if s == "" {
		return "(none)"
	}
	s = strings.ReplaceAll(clip(s, 120), "|", "\\|")
	return "«" + s + "»"
}

// ---- the aeb-dev article bodies ----

// writeAebBody scores each library's body on the aeb-dev pages with the
// benchmark's own formula (score/shingle.go).
func writeAebBody(b *strings.Builder, pages []corpus.Page, bodies map[string]string, libs []extract.Lib) {
	b.WriteString("### aeb-dev: article body\n\n")
	fmt.Fprintf(b, "The %d pages of `shared/aeb-dev` (every third page of Zyte's article-extraction benchmark) against its hand-made "+
		"`articleBody`, scored as the benchmark scores: 4-token shingles of `\\w+` tokens, precision and recall per page over the multisets "+
		"of shingles, averaged over pages (precision over the pages with predicted shingles, recall over those with true ones), F1 of the "+
		"two averages. newslooks's body is its Quick Looks items, section headings and paragraphs in order, without headline or summary; "+
		"the peers' is their text. (Published on all 181 pages: go-trafilatura 0.960, go-readability 0.934.)\n\n", len(pages))
	t := &report.Table{Header: []string{"library", "body P", "body R", "body F1", "errors"}, Right: []bool{false, true, true, true, true}}
	for _, l := range libs {
		var s score.ShingleScore
		errs := 0
		for _, p := range pages {
			res, err := extractOnce(l, p)
			if err != nil {
				errs++
			}
			s.Add(score.CompareShingles(res.Body(), bodies[p.Name]))
		}
		prf := s.PRF()
		t.AddRow(l.Name, fmt.Sprintf("%.3f", prf.Precision), fmt.Sprintf("%.3f", prf.Recall), fmt.Sprintf("%.3f", prf.F1), fmt.Sprint(errs))
	}
	b.WriteString(t.Markdown())
	b.WriteString("\n")
}
