package newslooks

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/newsingest/newslooks/internal/parseopt"
	"github.com/newsingest/newslooks/internal/textform"
)

// DefaultMaxBytes is the size limit of a Parser whose MaxBytes is zero.
const DefaultMaxBytes = parseopt.DefaultMaxBytes

// DefaultChrome returns the lines of site chrome that a Parser whose Chrome
// is nil drops: comment and share prompts that the web page added around
// the article. Each call returns a new slice, which the caller may extend
// and assign to Parser.Chrome.
func DefaultChrome() []string { return parseopt.DefaultChrome() }

// A Parser parses Newslooks articles. Its exported fields are options; the
// zero value is ready to use with the defaults. A Parser is safe for
// concurrent use as long as its fields are not changed.
type Parser struct {
	// MaxBytes limits the size of one article's input; a larger input is
	// an ErrTooLarge error. Zero means DefaultMaxBytes.
	MaxBytes int64
	// Strict makes every warning an error wrapping ErrStrict.
	Strict bool
	// Chrome lists the lines of site chrome that are dropped wherever they
	// stand, compared without regard to case or surrounding space. Nil
	// means DefaultChrome(); an empty, non-nil slice drops nothing.
	Chrome []string
}

// isChrome reports whether line is a line of site chrome under p's
// Chrome option.
func (p *Parser) isChrome(line string) bool { return parseopt.IsChrome(p.Chrome, line) }

// checkWarnings returns the error that p's options make of an article's
// warnings: nil, unless p is strict and there is a warning; then a
// *ParseError wrapping ErrStrict with the first warning's line and
// message.
func (p *Parser) checkWarnings(warnings []Warning) error {
	if !p.Strict || len(warnings) == 0 {
		return nil
	}
	w := warnings[0]
	return &ParseError{Line: w.Line, Err: fmt.Errorf("%w: %s", ErrStrict, w.Message)}
}

// limit returns the size limit of one input.
func (p *Parser) limit() int64 { return parseopt.Limit(p.MaxBytes) }

// Parse parses exactly one article from r with the default options.
func Parse(r io.Reader) (*Article, error) { return new(Parser).Parse(r) }

// ParseString parses exactly one article from s with the default options.
func ParseString(s string) (*Article, error) { return new(Parser).ParseString(s) }

// Parse reads r to its end and parses the one article it holds. A stream
// that holds a second article is an error (ErrMultipleArticles) whose Line
// is where the second begins. Parse does not close r.
func (p *Parser) Parse(r io.Reader) (*Article, error) {
	src, err := readLimited(r, p.limit())
	if err != nil {
		return nil, err
	}
	if isUTF16, big := utf16Order(src); isUTF16 {
		src = fromUTF16(src[2:], big)
	}
	// src is never written again, so the article's strings can share its
	// memory instead of a copy, as strings.Builder does.
	return p.parseDocument(unsafe.String(unsafe.SliceData(src), len(src)), 1)
}

// ParseString parses the one article that s holds, as Parse does.
func (p *Parser) ParseString(s string) (*Article, error) {
	if int64(len(s)) > p.limit() {
		return nil, tooLarge(p.limit())
	}
	if isUTF16, big := utf16Order([]byte(s[:min(len(s), 2)])); isUTF16 {
		return p.parseDocument(string(fromUTF16([]byte(s[2:]), big)), 1)
	}
	return p.parseDocument(s, 1)
}

func tooLarge(limit int64) error {
	return &ParseError{Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)}
}

// readLimited reads r to its end, failing with ErrTooLarge past limit
// bytes.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := parseopt.AppendLimited(nil, r, limit)
	switch {
	case err == parseopt.ErrOverLimit:
		return nil, tooLarge(limit)
	case err != nil:
		return nil, readError(err)
	}
	return b, nil
}

// readError wraps an error of the input's reader: it is not the input's
// fault, so it is no *ParseError, but errors.Is still finds the reader's
// error through it.
func readError(err error) error { return fmt.Errorf("reading input: %w", err) }

// A line is one line of input, trimmed of its line end and of white space
// at both ends.
type line struct {
	text string
	num  int // 1-based, counted from the start of the stream
}

// splitLines splits src into trimmed lines numbered from first. Lines end
// in LF or CRLF; a lone CR, as in old Mac files, also ends a line, which
// keeps the number of the LF-ended line it stands in.
func splitLines(src string, first int) []line {
	lines := make([]line, 0, strings.Count(src, "\n")+1)
	cr := strings.IndexByte(src, '\r') >= 0 // else skip the per-line search
	for n := first; src != ""; n++ {
		t, rest, _ := strings.Cut(src, "\n")
		t = strings.TrimSpace(t)
		for cr && strings.IndexByte(t, '\r') >= 0 {
			var before string
			before, t, _ = strings.Cut(t, "\r")
			lines = append(lines, line{strings.TrimSpace(before), n})
			t = strings.TrimSpace(t)
		}
		lines = append(lines, line{t, n})
		src = rest
	}
	return lines
}

// bom is the UTF-8 encoding of U+FEFF, which some copies start with.
const bom = "\uFEFF"

// parseDocument parses the one article that src holds; src's first line is
// line first of the stream.
func (p *Parser) parseDocument(src string, first int) (*Article, error) {
	src = strings.TrimPrefix(src, bom)
	if err := checkText(src, first); err != nil {
		return nil, err
	}
	lines := splitLines(src, first)
	a, next, err := p.parseLines(lines)
	if err != nil {
		return nil, err
	}
	if next < len(lines) {
		return nil, &ParseError{Line: lines[next].num, Err: fmt.Errorf(
			"%w: a second header line begins another article (read many with Parser.Articles)", ErrMultipleArticles)}
	}
	return a, nil
}

// checkText rejects binary data and invalid UTF-8, naming the line.
func checkText(src string, first int) error {
	if i := strings.IndexByte(src, 0); i >= 0 {
		return &ParseError{Line: first + strings.Count(src[:i], "\n"),
			Err: fmt.Errorf("%w: binary data (a NUL byte)", ErrNotArticle)}
	}
	if utf8.ValidString(src) {
		return nil
	}
	for n := first; ; n++ {
		t, rest, _ := strings.Cut(src, "\n")
		if !utf8.ValidString(t) {
			col := 1
			for len(t) > 0 {
				r, size := utf8.DecodeRuneInString(t)
				if r == utf8.RuneError && size == 1 {
					break
				}
				t = t[size:]
				col++
			}
			return &ParseError{Line: n, Err: fmt.Errorf("%w at column %d", ErrInvalidUTF8, col)}
		}
		src = rest
	}
}

// parseLines parses the article that begins at the first non-blank line.
// It returns the article and the index of the line where a second article
// begins, or len(lines).
func (p *Parser) parseLines(lines []line) (*Article, int, error) {
	i := 0
	for i < len(lines) && lines[i].text == "" {
		i++
	}
	if i == len(lines) {
		return nil, 0, &ParseError{Err: ErrEmpty} // no line applies
	}
	hl := lines[i]
	h, ok := textform.ParseHeader(hl.text, false)
	if !ok {
		what := "no header line (HEADLINE/ PUBLISHER/ LOCATION/ AUTHORS/ EDITION/ SUMMARY)"
		if strings.HasPrefix(hl.text, "<") {
			what = "the input is HTML, not text (use page.ParseHTML)"
		}
		return nil, 0, &ParseError{Line: hl.num, Err: fmt.Errorf("%w: %s", ErrNotArticle, what)}
	}
	a := &Article{Headline: h.Headline, Byline: bylineOf(h), Summary: h.Summary}
	var warn warnings
	if h.Summary == "" {
		warn.add(hl.num, "the header line has no summary")
	}

	// The article ends where the next header line begins.
	body := lines[i+1:]
	end := len(body)
	for j, l := range body {
		if textform.IsHeaderLine(l.text) {
			end = j
			break
		}
	}
	next := i + 1 + end
	body = body[:end]
	wrapped := isWrapped(body)

	j := skipBlank(body, 0)
	if j < len(body) && textform.IsQuickLooksTitle(body[j].text) {
		ql, n := parseQuickLooks(body[j:], wrapped)
		if len(ql.Items) == 0 {
			warn.add(body[j].num, "the Quick Looks block has no items")
		}
		a.QuickLooks = ql
		j += n
	} else {
		ln := hl.num
		if j < len(body) {
			ln = body[j].num
		}
		warn.add(ln, "no Quick Looks block")
	}

	// The repeated headline and "Deep Look", each optional and in that
	// order, mark the start of the body.
	j = skipBlank(body, j)
	if j < len(body) && strings.EqualFold(body[j].text, a.Headline) {
		j = skipBlank(body, j+1)
	}
	if j < len(body) && strings.EqualFold(body[j].text, "Deep Look") {
		j++
	}
	p.parseBody(a, body[j:], wrapped)
	if len(a.Sections) == 0 {
		return nil, 0, &ParseError{Line: hl.num, Err: fmt.Errorf("%w: the header line is followed by no body text", ErrNotArticle)}
	}
	first := a.Sections[0].Paragraphs
	if len(first) > 0 {
		a.Dateline = textform.Dateline(first[0])
	}
	if a.Dateline == "" {
		warn.add(0, "the first paragraph has no dateline")
	}
	if err := p.checkWarnings(warn); err != nil {
		return nil, 0, err
	}
	a.Warnings = warn
	return a, next, nil
}

type warnings []Warning

func (w *warnings) add(line int, msg string) { *w = append(*w, Warning{line, msg}) }

func skipBlank(lines []line, i int) int {
	for i < len(lines) && lines[i].text == "" {
		i++
	}
	return i
}

// wrapWidth is the longest line, in characters, of a hard-wrapped copy.
// Copies with one paragraph a line have longer lines than this.
const wrapWidth = 100

// isWrapped reports whether the body is hard-wrapped: no line is longer
// than wrapWidth and a blank line separates paragraphs, so that
// consecutive lines belong to one paragraph. The blank line that ends the
// Quick Looks block does not count: the canonical form has it too.
func isWrapped(body []line) bool {
	blankBetween, joined := false, false
	prev := "" // the last non-blank line
	for k, l := range body {
		if l.text == "" {
			if _, bullet := textform.BulletItem(prev); prev != "" && !bullet && !textform.IsQuickLooksTitle(prev) {
				blankBetween = true
			}
			continue
		}
		if len(l.text) > wrapWidth && longerThan(l.text, wrapWidth) {
			return false
		}
		if k > 0 && body[k-1].text != "" {
			joined = true
		}
		prev = l.text
	}
	return blankBetween && joined
}

// longerThan reports whether s has more than n characters, counting no
// further than it must.
func longerThan(s string, n int) bool {
	if len(s) > utf8.UTFMax*n {
		return true
	}
	return utf8.RuneCountInString(s) > n
}

// parseBody fills a.Sections from the body lines.
func (p *Parser) parseBody(a *Article, body []line, wrapped bool) {
	b := SectionBuilder{KeepEmpty: true}
	b.Grow(len(body))
	add := func(t string) {
		if p.isChrome(t) { // in a wrapped copy, chrome can span lines
			return
		}
		if textform.IsHeading(t) {
			b.Heading(t)
		} else {
			b.Paragraph(t)
		}
	}

	if !wrapped {
		for _, l := range body {
			if l.text != "" {
				add(l.text)
			}
		}
		a.Sections = b.Sections()
		return
	}
	for k := 0; k < len(body); {
		// A block is a run of non-blank lines; chrome lines stand apart
		// from it.
		for k < len(body) && (body[k].text == "" || p.isChrome(body[k].text)) {
			k++
		}
		e := k
		for e < len(body) && body[e].text != "" && !p.isChrome(body[e].text) {
			e++
		}
		if e == k {
			break
		}
		block := body[k:e]
		k = e
		// A heading can sit directly above its first paragraph: a short
		// heading-shaped line that no wrapped line would be.
		if len(block) > 1 && textform.IsHeading(block[0].text) && len(block[0].text) < wrapWidth*6/10 {
			if rest := joinLines(block[1:]); !textform.IsHeading(rest) && !p.isChrome(rest) && !textform.IsHeaderLine(rest) {
				b.Heading(block[0].text)
				b.Paragraph(rest)
				continue
			}
		}
		if t := joinLines(block); !textform.IsHeaderLine(t) {
			add(t)
			continue
		}
		// Joined, the lines would read as a header line, and the
		// canonical form would start a new article with them.
		for _, l := range block {
			add(l.text)
		}
	}
	a.Sections = b.Sections()
}

// joinLines joins the lines of a hard-wrapped paragraph with one space.
func joinLines(block []line) string {
	if len(block) == 1 {
		return block[0].text
	}
	n := len(block) - 1
	for _, l := range block {
		n += len(l.text)
	}
	var b strings.Builder
	b.Grow(n)
	for k, l := range block {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(l.text)
	}
	return b.String()
}
