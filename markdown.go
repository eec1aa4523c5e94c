package newslooks

import (
	"io"
	"strings"

	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/textform"
)

// WriteMarkdown writes the article as CommonMark: the headline as a level-1
// heading, an italic byline line ("*By J. Mansour — Newslooks, WASHINGTON —
// Morning Edition*", with only the parts the article has), the summary
// (unless the body's first paragraph is the same text, as a page's
// standfirst is: it is written once, in the body), the Quick Looks block as a level-2 heading over a "- " list closed by a
// "---" rule when the opening section follows it, and then each
// section as a level-2 heading followed by its paragraphs. The opening
// section, whose Heading is empty, has no heading line. Blocks are
// separated by one blank line; a part the article lacks is left out.
//
// Text is written as it is, except where it would change the structure of
// the document: a paragraph, item or heading that starts like Markdown block
// syntax ("# ", "- ", "+ ", "* ", "1. ", "---", ">" and the like) has its
// marker escaped with a backslash, so "# Not a heading" is written as
// "\# Not a heading"; a heading's trailing run of "#" is escaped; and line
// breaks inside a field become spaces.
func (a *Article) WriteMarkdown(w io.Writer) error {
	var blocks []string
	if h := mdInline(a.Headline); h != "" {
		blocks = append(blocks, "# "+mdHeading(h))
	}
	if by := mdByline(&a.Byline); by != "" {
		blocks = append(blocks, by)
	}
	if s := mdInline(a.Summary); s != "" && !a.bodyOpensWith(a.Summary) {
		blocks = append(blocks, mdEscapeLead(s))
	}
	if a.QuickLooks.Present() {
		items := clean.NonEmpty(a.QuickLooks.Items)
		blocks = append(blocks, "## "+mdHeading(mdInline(a.QuickLooks.DisplayTitle())))
		if len(items) > 0 {
			var b strings.Builder
			for i, item := range items {
				if i > 0 {
					b.WriteByte('\n')
				}
				b.WriteString("- ")
				b.WriteString(mdEscapeLead(mdInline(item)))
			}
			blocks = append(blocks, b.String())
		}
		if len(a.Sections) > 0 && a.Sections[0].Heading == "" {
			// A rule ends the list, so that in the document's outline
			// the opening paragraphs do not fall under Quick Looks.
			blocks = append(blocks, "---")
		}
	}
	for _, s := range a.Sections {
		if h := mdInline(s.Heading); h != "" {
			blocks = append(blocks, "## "+mdHeading(h))
		}
		for _, p := range s.Paragraphs {
			if p := mdInline(p); p != "" {
				blocks = append(blocks, mdEscapeLead(p))
			}
		}
	}
	if len(blocks) == 0 {
		return nil
	}
	_, err := io.WriteString(w, strings.Join(blocks, "\n\n")+"\n")
	return err
}

// bodyOpensWith reports whether the body's first paragraph is the text
// s, white space aside: a page's standfirst that the body keeps as its
// first paragraph and the Summary holds too is written once, where the
// body has it.
func (a *Article) bodyOpensWith(s string) bool {
	for _, sec := range a.Sections {
		if len(sec.Paragraphs) > 0 {
			return clean.Space(sec.Paragraphs[0]) == clean.Space(s)
		}
	}
	return false
}

// mdByline returns the byline line, "*By AUTHORS — PUBLISHER, LOCATION —
// EDITION*", with only the parts that are present, or "" when none is.
func mdByline(b *Byline) string {
	var parts []string
	if by := mdInline(textform.JoinAuthors(clean.NonEmpty(b.Authors))); by != "" {
		parts = append(parts, "By "+by)
	}
	var where []string
	for _, f := range [...]string{b.Publisher, b.Location} {
		if f = mdInline(f); f != "" {
			where = append(where, f)
		}
	}
	if len(where) > 0 {
		parts = append(parts, strings.Join(where, ", "))
	}
	if e := mdInline(b.Edition); e != "" {
		parts = append(parts, e)
	}
	if len(parts) == 0 {
		return ""
	}
	// mdInline escaped "*" and "\\", which could close the emphasis.
	return "*" + strings.Join(parts, " — ") + "*"
}

// mdInline makes s fit on one Markdown line as text: line breaks become
// spaces, the white space at both ends is dropped (leading spaces would
// otherwise start an indented code block), and every character that could
// start inline syntax gets a backslash: "\\", "`" (code), "*", "_" and
// "~" (emphasis and strikethrough), "[" and "]" (links and images, so "[x](javascript:...)"
// stays text), "<" (raw HTML and autolinks, so "<script>" and
// "<img onerror=...>" stay text), and "&" where it would start an entity
// ("&lt;" stays those four characters). A CommonMark or GFM renderer
// shows the text as it was and renders no link, image or HTML from it.
func mdInline(s string) string {
	if strings.ContainsAny(s, "\r\n") {
		s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), " ")
	}
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, mdInlineSyntax) {
		s = mdEscaper.Replace(s)
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = escapeEntities(s)
	}
	return s
}

// mdInlineSyntax are the characters mdInline always escapes.
const mdInlineSyntax = "\\`*_[]<~"

// mdEscaper puts a backslash before each of mdInlineSyntax.
var mdEscaper = strings.NewReplacer("\\", `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, "~", `\~`)

// escapeEntities puts a backslash before each "&" that starts what a
// Markdown renderer would read as an entity or character reference:
// "&name;", "&#123;", "&#x1F;".
func escapeEntities(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		if isEntity(s[i+1:]) {
			b.WriteByte('\\')
		}
		b.WriteByte('&')
		s = s[i+1:]
	}
}

// isEntity reports whether s, which follows an "&", starts with the rest of
// a reference: "#" and digits, "#x" and hex digits, or a name, then ";".
func isEntity(s string) bool {
	i := 0
	if strings.HasPrefix(s, "#x") || strings.HasPrefix(s, "#X") {
		i = 2
	} else if strings.HasPrefix(s, "#") {
		i = 1
	}
	start := i
	for i < len(s) && i < 40 && (isASCIILetter(s[i]) || '0' <= s[i] && s[i] <= '9') {
		i++
	}
	return i > start && i < len(s) && s[i] == ';'
}

// mdEscapeLead escapes the start of a block of text where Markdown would
// read it as block syntax rather than text: an ATX heading ("# "), a bullet
// ("- ", "+ ", "* "), a thematic break ("---", "***", "___"), a block quote
// (">"), a code fence ("```", "~~~"), an HTML block ("<div"), a link
// reference definition ("[x]: ...") or an ordered-list number ("1. ",
// "2) "). The leading character gets a backslash, or for a number the "."
// or ")" after it ("1\. "). Other text is returned unchanged.
func mdEscapeLead(s string) string {
	if s == "" {
		return s
	}
	c := s[0]
	switch c {
	case '#':
		n := len(s) - len(strings.TrimLeft(s, "#"))
		if n <= 6 && endsMarker(s, n) {
			return `\` + s
		}
	case '-', '+', '*', '_':
		if c != '_' && endsMarker(s, 1) || c != '+' && isThematicBreak(s, c) {
			return `\` + s
		}
	case '>':
		return `\` + s
	case '`', '~':
		if strings.HasPrefix(s, strings.Repeat(string(c), 3)) {
			return `\` + s
		}
	case '<':
		if len(s) > 1 && (isASCIILetter(s[1]) || strings.IndexByte("/!?", s[1]) >= 0) {
			return `\` + s
		}
	case '[':
		if strings.Contains(s, "]:") {
			return `\` + s
		}
	}
	n := 0
	for n < len(s) && n < 10 && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	if 0 < n && n < 10 && n < len(s) && (s[n] == '.' || s[n] == ')') && endsMarker(s, n+1) {
		return s[:n] + `\` + s[n:]
	}
	return s
}

// endsMarker reports whether a block marker of n bytes at the start of s
// stands alone: s ends there or a space or tab follows.
func endsMarker(s string, n int) bool {
	return len(s) == n || s[n] == ' ' || s[n] == '\t'
}

// isThematicBreak reports whether s is a line of three or more c with only
// spaces and tabs between them.
func isThematicBreak(s string, c byte) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// mdHeading escapes the text of an ATX heading: its start as mdEscapeLead
// does, and a trailing run of "#" after a space, which Markdown would drop
// as a closing sequence ("Ranked #" stays "Ranked #").
func mdHeading(s string) string {
	s = mdEscapeLead(s)
	t := strings.TrimRight(s, "#")
	if t != s && (t == "" || t[len(t)-1] == ' ') {
		s = t + `\` + s[len(t):]
	}
	return s
}
