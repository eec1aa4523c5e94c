// Command eval scores newslooks, go-readability and go-trafilatura (with
// and without its fallback) on the Newslooks page fixtures and on the real
// news pages of shared/pages, scores their metadata on shared/pages and
// shared/aeb-dev against the hand-checked truth of
// testdata/metadata-truth.json and their article bodies on aeb-dev with
// that benchmark's formula, scores body, authors and dates on the
// development half of trafilatura's evaluation set (in go-trafilatura's
// module) as that set's own comparison script does, with go-htmldate's
// dates beside them, prints the tables, and writes them with the
// machine, the Go and library versions and the commands to reproduce as
// BENCHMARKS.md, and newslooks's metadata misses, page by page, as
// metadata-misses.md. Given the output of the benchmarks (-bench), it adds
// the speed tables: first the side-by-side ratios the speed
// targets are judged on (BenchmarkSideBySide), then each benchmark's
// libraries page by page.
//
// Run it from the bench directory:
//
//	go run ./cmd/eval [-bench bench.txt] [-out ../BENCHMARKS.md] [-misses metadata-misses.md]
//
// The quick check of a rule change on every development set, newslooks
// alone:
//
//	go run ./cmd/eval -libs newslooks -out '' -misses '' [-trafdetail misses.jsonl]
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/newsingest/newslooks"

	"github.com/newsingest/newslooks/bench/internal/corpus"
	"github.com/newsingest/newslooks/bench/internal/extract"
	"github.com/newsingest/newslooks/bench/internal/report"
	"github.com/newsingest/newslooks/bench/internal/score"
)

func main() {
	testdata := flag.String("testdata", corpus.DefaultTestdata, "the newslooks testdata directory")
	pages := flag.String("pages", "", "directory of the shared pages; default $"+corpus.EnvPages+" or "+corpus.DefaultPages)
	out := flag.String("out", "../BENCHMARKS.md", "where to write the Markdown report; empty: do not write")
	benchFile := flag.String("bench", "", "output of `go test -bench` to include as the speed section")
	notes := flag.String("notes", "NOTES.md", "Markdown notes to include verbatim, if the file exists")
	aeb := flag.String("aeb", "", "directory of the aeb-dev pages; default $"+corpus.EnvAeb+" or "+corpus.DefaultAeb)
	truth := flag.String("truth", corpus.DefaultMetaTruth, "the hand-checked metadata truth")
	misses := flag.String("misses", "metadata-misses.md", "where to write newslooks's metadata misses page by page; empty: do not write")
	libs := flag.String("libs", "", "comma-separated names of the libraries to score (default all); newslooks alone is the quick check of a rule change on every development set")
	flag.StringVar(&trafDetail, "trafdetail", "", "where to write, as JSON lines, each library's misses on each page of trafilatura's development half; empty: do not write")
	flag.Parse()
	if *libs != "" {
		only = map[string]bool{}
		for _, n := range strings.Split(*libs, ",") {
			only[strings.TrimSpace(n)] = true
		}
	}

	doc, err := run(*testdata, corpus.PagesDir(*pages), corpus.AebDir(*aeb), *truth, *misses, *benchFile, *notes)
	if err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(1)
	}
	fmt.Print(doc)
	if *out != "" {
		if err := os.WriteFile(*out, []byte(doc), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "eval:", err)
			os.Exit(1)
		}
		fmt.Fprintln(os.Stderr, "eval: wrote", *out)
	}
}

func run(testdata, pagesDir, aebDir, truthPath, missesPath, benchFile, notesFile string) (string, error) {
	var b strings.Builder
	b.WriteString("# Benchmarks: newslooks against the field\n\n")
	b.WriteString("Written by `go run ./cmd/eval` in `bench/` (do not edit by hand: edit `bench/NOTES.md` or the command). " +
		"It compares `page.ParseHTML` with the Go libraries a user would otherwise pick, " +
		"[go-readability](https://codeberg.org/readeck/go-readability) and " +
		"[go-trafilatura](https://github.com/markusmobius/go-trafilatura), for speed and for accuracy.\n\n")
	machine(&b, testdata)

	if benchFile != "" {
		if err := speed(&b, benchFile); err != nil {
			return "", err
		}
	} else {
		b.WriteString("## Speed\n\nNot measured in this run: pass the benchmark output with `-bench` (see Reproduce).\n\n")
	}

	nl, err := newslooksCorpus(testdata)
	if err != nil {
		return "", err
	}
	sh, err := sharedCorpus(pagesDir)
	if err != nil {
		return "", err
	}
	b.WriteString("## Accuracy\n\n")
	b.WriteString("Scores: **exact** columns count the pages where the field equals the reference after folding case, " +
		"white space and typographic quotes and dashes (k/n); **list** columns (authors, quick-look items, section headings) " +
		"are the F1 of the normalised items, averaged over pages (author names are compared by their words alone, punctuation ignored; " +
		"a peer's byline string is split into names at commas, semicolons, `&` and `and`); **body** is token-level precision, recall and F1 " +
		"(lower-cased runs of letters and digits, compared as bags of words), averaged over pages. " +
		"`n/a`: the library has no such field. A page a library fails on scores zero in every column.\n\n")
	for _, c := range []*evalCorpus{nl, sh} {
		c.score()
		c.write(&b)
	}
	if err := metadataAndAeb(&b, pagesDir, aebDir, truthPath, missesPath); err != nil {
		return "", err
	}
	if err := scoreTrafilaturaDev(&b, extractors(), selected([]extract.Lib{extract.HTMLDateFast, extract.HTMLDateExtensive}), trafDetail); err != nil {
		return "", err
	}
	if notesFile != "" {
		if n, err := os.ReadFile(notesFile); err == nil {
			b.WriteString("## Notes\n\n")
			b.Write(bytes.TrimSpace(n))
			b.WriteString("\n\n")
		}
	}
	reproduce(&b)
	return b.String(), nil
}

// only, when set, names the libraries to score (-libs).
var only map[string]bool

// trafDetail is the -trafdetail file.
var trafDetail string

// extractors are the libraries the evaluation scores, subject first, as
// -libs selects them.
func extractors() []extract.Lib { return selected(extract.Extractors()) }

func selected(libs []extract.Lib) []extract.Lib {
	if only == nil {
		return libs
	}
	var out []extract.Lib
	for _, l := range libs {
		if only[l.Name] {
			out = append(out, l)
		}
	}
	return out
}

// ---- the corpora and their references ----

// A column is one scored field.
type column struct {
	name  string
	kind  int // exact, list or body
	field func(extract.Result) any
	// structured columns are n/a for libraries that are not Structured.
	structured bool
}

const (
	exact = iota
	list
	bodyP
	bodyR
	bodyF
)

// A reference is the expected value of each column of one page; a column
// missing from it is not scored on that page.
type reference struct {
	page   corpus.Page
	source string // where the reference came from
	values map[string]any
	body   string
}

type evalCorpus struct {
	title   string
	about   string
	columns []column
	refs    []reference
	skipped []string // pages with no reference, and why
	libs    []extract.Lib
	scores  map[string]map[string]*agg              // lib → column → aggregate
	pages   map[string]map[string]map[string]string // page → lib → column → cell
	errs    map[string][]string                     // lib → errors
	misses  []string                                // newslooks's wrong fields
	checks  []string                                // disagreements between references
	// notArticles are pages that are not articles, which newslooks
	// should reject.
	notArticles []corpus.Page
}

type agg struct {
	sum float64
	n   int
}

func bodyColumns() []column {
	return []column{{name: "body P", kind: bodyP}, {name: "body R", kind: bodyR}, {name: "body F1", kind: bodyF}}
}

func newslooksCorpus(testdata string) (*evalCorpus, error) {
	c := &evalCorpus{
		title: "Newslooks pages",
		columns: append([]column{
			{name: "headline", kind: exact, field: func(r extract.Result) any { return r.Title }},
			{name: "authors", kind: list, field: func(r extract.Result) any { return r.Authors }},
			{name: "summary", kind: exact, field: func(r extract.Result) any { return r.Summary }},
			{name: "quick looks", kind: list, structured: true, field: func(r extract.Result) any { return r.QuickLooks }},
			{name: "headings", kind: list, structured: true, field: func(r extract.Result) any { return r.Headings }},
		}, bodyColumns()...),
	}
	pages, err := corpus.Newslooks(testdata)
	if err != nil {
		return nil, err
	}
	expected, err := expectedMD(filepath.Join(testdata, "html", "EXPECTED.md"))
	if err != nil {
		return nil, err
	}
	var sources []string
	for _, p := range pages {
		a, src, err := newslooksReference(testdata, p, expected)
		if err != nil {
			return nil, err
		}
		if a == nil {
			c.skipped = append(c.skipped, fmt.Sprintf("%s: %s", p.Name, src))
			continue
		}
		ref := articleReference(a)
		ref.page, ref.source = p, src
		c.refs = append(c.refs, *ref)
		sources = append(sources, fmt.Sprintf("`%s` from %s", p.Name, src))
		// Cross-check the reference with EXPECTED.md, where it came from
		// elsewhere.
		if e := expected[expectedKey(testdata, p)]; e != nil && !strings.Contains(src, "EXPECTED.md") {
			if diff := differ(a, e); len(diff) > 0 {
				c.checks = append(c.checks, fmt.Sprintf("`%s`: the reference (%s) and EXPECTED.md differ in %s", p.Name, src, strings.Join(diff, ", ")))
			}
		}
	}
	c.about = fmt.Sprintf("The Newslooks page fixtures of `testdata` (%d scored). References: %s. "+
		"The body reference is the article's body: its section headings and paragraphs, one a line (`Article.Text`); "+
		"the quick-look block, header line, markers and chrome are not body.",
		len(c.refs), strings.Join(sources, "; "))
	if len(c.checks) == 0 && len(expected) > 0 {
		c.about += " Every reference taken from elsewhere agrees with EXPECTED.md on the scored fields."
	}
	c.notArticles, err = corpus.NotArticles(testdata)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// expectedKey is a page's heading in EXPECTED.md: "testdata/html/x.html".
func expectedKey(testdata string, p corpus.Page) string {
	rel, err := filepath.Rel(testdata, p.Path)
	if err != nil {
		return ""
	}
	return "testdata/" + filepath.ToSlash(rel)
}

// newslooksReference finds the expected article of a Newslooks fixture:
// for xi-putin.html, the text form parsed by newslooks.Parse; for the
// others, the golden JSON beside the page when there is one, else the
// complete JSON of its section of EXPECTED.md, else a text form beside the
// page. A nil article comes with the reason.
func newslooksReference(testdata string, p corpus.Page, expected map[string]*newslooks.Article) (*newslooks.Article, string, error) {
	if filepath.Base(p.Path) == "xi-putin.html" {
		txt := filepath.Join(testdata, "..", "..", "testdata", "xi-putin.txt")
		data, err := os.ReadFile(txt)
		if err != nil {
			return nil, "", err
		}
		a, err := newslooks.ParseString(string(data))
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", txt, err)
		}
		return a, "the text form `xi-putin.txt` (newslooks.Parse)", nil
	}
	golden := strings.TrimSuffix(p.Path, ".html") + ".golden.json"
	if data, err := os.ReadFile(golden); err == nil {
		var a newslooks.Article
		if err := json.Unmarshal(data, &a); err != nil {
			return nil, "", fmt.Errorf("%s: %w", golden, err)
		}
		return &a, "its golden JSON `" + filepath.Base(golden) + "`", nil
	}
	if a := expected[expectedKey(testdata, p)]; a != nil {
		return a, "its JSON in `EXPECTED.md`", nil
	}
	if txt := strings.TrimSuffix(p.Path, ".html") + ".txt"; fileExists(txt) {
		data, err := os.ReadFile(txt)
		if err != nil {
			return nil, "", err
		}
		a, err := newslooks.ParseString(string(data))
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", txt, err)
		}
		return a, "its text form `" + filepath.Base(txt) + "` (newslooks.Parse)", nil
	}
	return nil, "no golden JSON, no entry in EXPECTED.md, no text form", nil
}

// differ lists the scored fields in which two references differ.
func differ(a, b *newslooks.Article) []string {
	var d []string
	if !score.Equal(a.Headline, b.Headline) {
		d = append(d, "headline")
	}
	if score.AuthorsF1(a.Byline.Authors, b.Byline.Authors) < 1 {
		d = append(d, "authors")
	}
	if !score.Equal(a.Summary, b.Summary) {
		d = append(d, "summary")
	}
	if score.ListF1(a.QuickLooks.Items, b.QuickLooks.Items) < 1 {
		d = append(d, "quick looks")
	}
	if score.ListF1(extract.Headings(a), extract.Headings(b)) < 1 {
		d = append(d, "headings")
	}
	if score.TextPRF(a.Text(), b.Text()).F1 < 1 {
		d = append(d, "body")
	}
	return d
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func articleReference(a *newslooks.Article) *reference {
	return &reference{
		values: map[string]any{
			"headline":    a.Headline,
			"authors":     a.Byline.Authors,
			"summary":     a.Summary,
			"quick looks": a.QuickLooks.Items,
			"headings":    extract.Headings(a),
		},
		body: a.Text(),
	}
}

func sharedCorpus(dir string) (*evalCorpus, error) {
	c := &evalCorpus{
		title: "Other publishers' pages (shared/pages)",
		columns: append([]column{
			{name: "title", kind: exact, field: func(r extract.Result) any { return r.Title }},
			{name: "author", kind: list, field: func(r extract.Result) any { return r.Authors }},
			{name: "excerpt", kind: exact, field: func(r extract.Result) any { return r.Summary }},
			{name: "site name", kind: exact, field: func(r extract.Result) any { return r.SiteName }},
			{name: "published", kind: exact, field: func(r extract.Result) any { return r.Published }},
		}, bodyColumns()...),
	}
	pages, err := corpus.Shared(dir)
	if err != nil {
		c.about = fmt.Sprintf("Not scored: %v.", err)
		return c, nil
	}
	for _, p := range pages {
		pdir := filepath.Dir(p.Path)
		data, err := os.ReadFile(filepath.Join(pdir, "expected-metadata.json"))
		if err != nil {
			return nil, err
		}
		var m struct {
			Title, Byline, Excerpt, SiteName, PublishedTime *string
		}
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", p.Name, err)
		}
		f, err := os.Open(filepath.Join(pdir, "expected.html"))
		if err != nil {
			return nil, err
		}
		body, err := score.HTMLText(f)
		f.Close()
		if err != nil {
			return nil, err
		}
		ref := reference{page: p, source: "expected-metadata.json, expected.html", values: map[string]any{}, body: body}
		set := func(col string, v *string) {
			if v != nil && *v != "" {
				ref.values[col] = *v
			}
		}
		set("title", m.Title)
		set("excerpt", m.Excerpt)
		set("site name", m.SiteName)
		if m.Byline != nil && *m.Byline != "" {
			ref.values["author"] = score.SplitAuthors(*m.Byline)
		}
		if m.PublishedTime != nil {
			if t, ok := score.ParseTime(*m.PublishedTime); ok {
				ref.values["published"] = t
			}
		}
		c.refs = append(c.refs, ref)
	}
	c.about = fmt.Sprintf("The %d pages of `shared/pages` (Mozilla Readability's test pages). References: `expected-metadata.json` "+
		"(a null field is not scored on that page; the byline is split into names; published counts as right on the same calendar day) "+
		"and the text of `expected.html`. Both are **Readability.js's output**, not human ground truth, so go-readability, "+
		"a port of it, is at home here; newslooks structures these pages with go-readability too.", len(c.refs))
	return c, nil
}

// ---- scoring ----

func (c *evalCorpus) score() {
	c.libs = extractors()
	c.scores = map[string]map[string]*agg{}
	c.pages = map[string]map[string]map[string]string{}
	c.errs = map[string][]string{}
	for _, l := range c.libs {
		c.scores[l.Name] = map[string]*agg{}
		for _, col := range c.columns {
			c.scores[l.Name][col.name] = &agg{}
		}
	}
	for _, ref := range c.refs {
		c.pages[ref.page.Name] = map[string]map[string]string{}
		for _, l := range c.libs {
			res, err := extractOnce(l, ref.page)
			if err != nil {
				c.errs[l.Name] = append(c.errs[l.Name], fmt.Sprintf("%s: %v", ref.page.Name, err))
				if l.Name == report.Subject {
					c.misses = append(c.misses, fmt.Sprintf("`%s`: failed: %v", ref.page.Name, err))
				}
			}
			cells := map[string]string{}
			c.pages[ref.page.Name][l.Name] = cells
			prf := score.TextPRF(res.Text, ref.body)
			for _, col := range c.columns {
				if col.structured && !l.Structured {
					cells[col.name] = "n/a"
					continue
				}
				var v float64
				switch col.kind {
				case bodyP:
					v = prf.Precision
				case bodyR:
					v = prf.Recall
				case bodyF:
					v = prf.F1
				default:
					want, ok := ref.values[col.name]
					if !ok {
						cells[col.name] = "–"
						continue
					}
					got := col.field(res)
					v = compare(col.name, got, want)
					if l.Name == report.Subject && v < 1 && err == nil {
						c.misses = append(c.misses, fmt.Sprintf("`%s` %s: got %s, want %s", ref.page.Name, col.name, show(got), show(want)))
					}
				}
				if err != nil {
					v = 0
				}
				a := c.scores[l.Name][col.name]
				a.sum += v
				a.n++
				if col.kind == exact {
					cells[col.name] = map[bool]string{true: "✓", false: "✗"}[v == 1]
				} else {
					cells[col.name] = fmt.Sprintf("%.2f", v)
				}
			}
		}
	}
}

// compare scores one field: 1 or 0 for a string or a time, the list F1
// for a list.
func compare(name string, got, want any) float64 {
	switch w := want.(type) {
	case string:
		if score.Equal(got.(string), w) {
			return 1
		}
	case []string:
		if name == "authors" || name == "author" {
			return score.AuthorsF1(got.([]string), w)
		}
		return score.ListF1(got.([]string), w)
	case time.Time:
		if score.SameDay(got.(time.Time), w) {
			return 1
		}
	}
	return 0
}

func show(v any) string {
	switch x := v.(type) {
	case string:
		if x == "" {
			return "(empty)"
		}
		return "«" + clip(x, 90) + "»"
	case []string:
		if len(x) == 0 {
			return "(none)"
		}
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = "«" + clip(s, 50) + "»"
		}
		return fmt.Sprintf("%d items %s", len(x), clip(strings.Join(parts, ", "), 200))
	case time.Time:
		if x.IsZero() {
			return "(none)"
		}
		return x.Format(time.RFC3339)
	}
	return fmt.Sprint(v)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// ---- writing ----

func (c *evalCorpus) write(b *strings.Builder) {
	fmt.Fprintf(b, "### %s\n\n%s\n\n", c.title, c.about)
	if len(c.refs) == 0 {
		return
	}
	if len(c.skipped) > 0 {
		fmt.Fprintf(b, "Not scored: %s.\n\n", strings.Join(c.skipped, "; "))
	}
	t := &report.Table{Header: []string{"library"}, Right: []bool{false}}
	for _, col := range c.columns {
		t.Header = append(t.Header, col.name)
		t.Right = append(t.Right, true)
	}
	t.Header = append(t.Header, "errors")
	t.Right = append(t.Right, true)
	for _, l := range c.libs {
		row := []string{l.Name}
		for _, col := range c.columns {
			a := c.scores[l.Name][col.name]
			switch {
			case col.structured && !l.Structured:
				row = append(row, "n/a")
			case a.n == 0:
				row = append(row, "–")
			case col.kind == exact:
				row = append(row, fmt.Sprintf("%d/%d", int(a.sum+0.5), a.n))
			default:
				row = append(row, fmt.Sprintf("%.3f", a.sum/float64(a.n)))
			}
		}
		row = append(row, fmt.Sprint(len(c.errs[l.Name])))
		t.AddRow(row...)
	}
	b.WriteString(t.Markdown())
	b.WriteString("\n")

	// Where newslooks loses a column.
	var losses []string
	for _, col := range c.columns {
		if col.structured {
			continue
		}
		mine := c.scores[report.Subject][col.name]
		if mine.n == 0 {
			continue
		}
		for _, l := range c.libs[1:] {
			other := c.scores[l.Name][col.name]
			if other.n > 0 && other.sum/float64(other.n) > mine.sum/float64(mine.n)+1e-9 {
				losses = append(losses, fmt.Sprintf("%s (%s beats it)", col.name, l.Name))
				break
			}
		}
	}
	if len(losses) > 0 {
		fmt.Fprintf(b, "newslooks loses: %s. See Notes for why.\n\n", strings.Join(losses, "; "))
	} else {
		b.WriteString("newslooks loses no column here.\n\n")
	}
	for _, l := range c.libs {
		if errs := c.errs[l.Name]; len(errs) > 0 {
			fmt.Fprintf(b, "%s failed on: %s.\n\n", l.Name, strings.Join(errs, "; "))
		}
	}

	for _, ch := range c.checks {
		fmt.Fprintf(b, "Reference check: %s.\n\n", ch)
	}
	c.writeNotArticles(b)

	b.WriteString("<details><summary>Per page</summary>\n\n")
	pt := &report.Table{Header: []string{"page", "library"}, Right: []bool{false, false}}
	for _, col := range c.columns {
		pt.Header = append(pt.Header, col.name)
		pt.Right = append(pt.Right, true)
	}
	for _, ref := range c.refs {
		for _, l := range c.libs {
			row := []string{ref.page.Name, l.Name}
			for _, col := range c.columns {
				row = append(row, c.pages[ref.page.Name][l.Name][col.name])
			}
			pt.AddRow(row...)
		}
	}
	b.WriteString(pt.Markdown())
	if len(c.misses) > 0 {
		b.WriteString("\nnewslooks's wrong fields:\n\n")
		for _, m := range c.misses {
			b.WriteString("- " + m + "\n")
		}
	}
	b.WriteString("\n</details>\n\n")
}

// writeNotArticles says what each library makes of the pages that are not
// articles: newslooks reads one with a text as its PageType, and rejects
// one without with ErrNotArticle; a peer that returns text there hands
// its caller a non-article as an article.
func (c *evalCorpus) writeNotArticles(b *strings.Builder) {
	if len(c.notArticles) == 0 {
		return
	}
	t := &report.Table{Header: []string{"not an article"}}
	for _, l := range c.libs {
		t.Header = append(t.Header, l.Name)
	}
	for _, p := range c.notArticles {
		row := []string{p.Name}
		for _, l := range c.libs {
			res, err := l.Extract(p.Source, p.URL)
			switch {
			case errors.Is(err, newslooks.ErrNotArticle):
				row = append(row, "rejected (ErrNotArticle)")
			case err != nil:
				row = append(row, "error: "+clip(err.Error(), 40))
			case res.PageType != "" && res.PageType != newslooks.PageArticle:
				row = append(row, fmt.Sprintf("a %s of %d words", res.PageType, len(score.Tokenize(res.Text))))
			default:
				row = append(row, fmt.Sprintf("an article of %d words", len(score.Tokenize(res.Text))))
			}
		}
		t.AddRow(row...)
	}
	b.WriteString("Pages that are not articles (`testdata/html/notarticle`): newslooks reads one that has a text and says what it is " +
		"(`Article.PageType`), and rejects one with no text with `ErrNotArticle`; a peer that returns text there hands its caller a non-article as an article:\n\n")
	b.WriteString(t.Markdown())
	b.WriteString("\n")
}

func speed(b *strings.Builder, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	set, err := report.Parse(f)
	if err != nil {
		return err
	}
	st, _ := f.Stat()
	b.WriteString("## Speed\n\n")
	fmt.Fprintf(b, "From `%s` (%s; cpu: %s). Figures are medians over the runs (`-count`); "+
		"MB/s over a corpus is all its bytes over the time to parse each page once; `spread` is the largest distance of a run from the median. "+
		"`÷ floor` is the library's throughput as a fraction of bare `html.Parse`'s; `newslooks speed ×` is newslooks's throughput "+
		"over the library's (above 1: newslooks is faster); `newslooks alloc ×` is newslooks's allocated bytes over the library's (below 1: newslooks allocates less).\n\n",
		filepath.Base(file), st.ModTime().UTC().Format("2006-01-02 15:04 UTC"), set.Config["cpu"])
	report.WriteSideBySide(b, set.SideBySide())
	groups := set.Groups()
	if len(groups) == 0 {
		b.WriteString("No page benchmarks in the file.\n\n")
	}
	for _, g := range groups {
		report.WriteGroup(b, g)
	}
	return nil
}

func machine(b *strings.Builder, testdata string) {
	b.WriteString("## Machine and versions\n\n")
	cpu := "unknown"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	fmt.Fprintf(b, "- Machine: %s/%s, %d CPUs (nproc), %s; shared with other work, so compare ratios within one run.\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpu)
	fmt.Fprintf(b, "- Go: %s\n", runtime.Version())
	fmt.Fprintf(b, "- Written: %s\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	info, ok := debug.ReadBuildInfo()
	if !ok {
		b.WriteString("- Library versions: no build information\n\n")
		return
	}
	want := map[string]bool{}
	for _, l := range extract.All() {
		want[l.Module] = true
	}
	for _, m := range info.Deps {
		if !want[m.Path] {
			continue
		}
		v := m.Version
		if m.Replace != nil {
			v = "local " + m.Replace.Path + vcs(testdata)
		}
		fmt.Fprintf(b, "- %s %s\n", m.Path, v)
	}
	b.WriteString("\n")
}

// vcs describes the commit of the newslooks work tree, best effort.
func vcs(testdata string) string {
	dir := filepath.Dir(filepath.Clean(testdata))
	head, err := exec.Command("git", "-C", dir, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return ""
	}
	s := " at commit " + strings.TrimSpace(string(head))
	if st, err := exec.Command("git", "-C", dir, "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench", ":!BENCHMARKS.md").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		s += " with uncommitted changes"
	}
	return s
}

func reproduce(b *strings.Builder) {
	b.WriteString("## Reproduce\n\nFrom the repository root, with `shared/` beside it (or `NEWSLOOKS_PAGES` / `-pages` pointing at the pages and `NEWSLOOKS_AEB` / `-aeb` at aeb-dev):\n\n")
	b.WriteString("```sh\ncd bench\n" +
		"go test -c -o bench.test .\n" +
		"# 5 passes over every page and library, so that outside load hits one pass of each rather than 5 runs of one\n" +
		"for i in 1 2 3 4 5; do ./bench.test -test.run '^$' -test.bench . -test.benchtime 1s; done | tee bench.txt\n" +
		"# (or, with the 5 runs of each benchmark back to back: go test -run '^$' -bench . -benchtime 1s -count 5 -timeout 90m . | tee bench.txt)\n" +
		"# the side-by-side ratios the targets are judged on, 3 passes a corpus (the loop above makes 1 a run)\n" +
		"./bench.test -test.run '^$' -test.bench SideBySide -test.benchtime 3x | tee -a bench.txt\n" +
		"go run ./cmd/benchreport bench.txt          # the speed tables alone\n" +
		"go run ./cmd/eval -bench bench.txt          # accuracy + speed, writes ../BENCHMARKS.md\n" +
		"```\n\n")
	b.WriteString("Where newslooks's time goes:\n\n```sh\ncd bench\n" +
		"go test -run '^$' -bench 'Newslooks/.*/lib=newslooks$' -benchtime 5s -cpuprofile cpu.out -memprofile mem.out .\n" +
		"go tool pprof -top -cum bench.test cpu.out | head -40\n" +
		"go tool pprof -top -sample_index=alloc_space bench.test mem.out | head -20\n" +
		"```\n\n")
	b.WriteString("With benchstat (`go install golang.org/x/perf/cmd/benchstat@latest`), per-page ratios with confidence intervals: " +
		"`benchstat -col /lib -row /page bench.txt`.\n")
}

// metadataAndAeb writes the metadata tables (shared/pages, aeb-dev and
// both, against the hand-checked truth), newslooks's misses to missesPath,
// and the aeb-dev body scores. A corpus that is not there is said to be
// missing, not an error; a truth that does not cover a page is an error.
func metadataAndAeb(b *strings.Builder, pagesDir, aebDir, truthPath, missesPath string) error {
	var groups []metaGroup
	var missing []string
	if pages, err := corpus.Shared(pagesDir); err == nil {
		groups = append(groups, metaGroup{"shared/pages", pages})
	} else {
		missing = append(missing, err.Error())
	}
	aebPages, bodies, err := corpus.Aeb(aebDir)
	if err == nil {
		groups = append(groups, metaGroup{"aeb-dev", aebPages})
	} else {
		missing = append(missing, err.Error())
	}
	libs := extractors()
	truth, terr := corpus.LoadMetaTruth(truthPath)
	switch {
	case terr != nil:
		fmt.Fprintf(b, "### Metadata against hand-checked truth\n\nNot scored: %v.\n\n", terr)
	case len(groups) == 0:
		fmt.Fprintf(b, "### Metadata against hand-checked truth\n\nNot scored: %s.\n\n", strings.Join(missing, "; "))
	default:
		tallies, misses, err := scoreMetadata(groups, truth, libs)
		if err != nil {
			return err
		}
		writeMetadata(b, groups, tallies, libs, truthPath, missesPath, misses)
		if len(missing) > 0 {
			fmt.Fprintf(b, "Not scored: %s.\n\n", strings.Join(missing, "; "))
		}
		if missesPath != "" {
			if err := writeMisses(missesPath, truthPath, misses, tallies[len(tallies)-1].n); err != nil {
				return err
			}
			fmt.Fprintln(os.Stderr, "eval: wrote", missesPath)
		}
	}
	if aebPages != nil {
		writeAebBody(b, aebPages, bodies, libs)
	}
	return nil
}
