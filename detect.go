package newslooks

import (
	"bytes"

	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/textform"
)

// A Format is the form an input is in.
type Format int

const (
	// FormatUnknown is an input that Detect cannot place: empty, or
	// neither markup nor a header line.
	FormatUnknown Format = iota
	// FormatText is the Newslooks text form: it starts with a header line.
	FormatText
	// FormatHTML is a web page: it starts with markup.
	FormatHTML
)

// String returns "unknown", "text" or "html".
func (f Format) String() string {
	switch f {
	case FormatText:
		return "text"
	case FormatHTML:
		return "html"
	}
	return "unknown"
}

// SniffLen is how much of an input Detect needs, and package source
// peeks.
const SniffLen = 4 << 10

// Detect tells the form of an input from its first bytes (SniffLen of them
// are plenty; a shorter prefix works). It skips a byte-order mark and
// white space, then looks for markup: a doctype, a comment, an XML
// declaration followed by <html>, or any tag ("<html", "<head", "<body",
// "<meta", "<div", ...). Otherwise an input whose first line is a header
// line ("HEADLINE/ PUBLISHER/ ...") is text, and one that holds a doctype
// or an <html> tag after some stray text is HTML. Detect only sniffs: the
// parser that reads the input validates it.
func Detect(prefix []byte) Format {
	b := prefix
	switch {
	case bytes.HasPrefix(b, []byte(bom)):
		b = b[len(bom):]
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		b = fromUTF16(b[2:], b[0] == 0xFE)
	}
	b = bytes.TrimLeft(b, " \t\r\n\f")
	if len(b) == 0 {
		return FormatUnknown
	}
	if b[0] == '<' {
		if isMarkup(b) {
			return FormatHTML
		}
		return FormatUnknown
	}
	first, _, _ := bytes.Cut(b, []byte("\n"))
	if _, ok := textform.ParseHeader(string(bytes.TrimSpace(first)), false); ok {
		return FormatText
	}
	// A page saved with something before its markup: a stray line, a
	// server's warning.
	lower := bytes.ToLower(b)
	if bytes.Contains(lower, []byte("<!doctype html")) || bytes.Contains(lower, []byte("<html")) {
		return FormatHTML
	}
	return FormatUnknown
}

// isMarkup reports whether b, which starts with '<', opens an HTML
// document.
func isMarkup(b []byte) bool {
	if len(b) < 2 {
		return false
	}
	switch c := b[1]; {
	case c == '!':
		return true // <!doctype html> or <!-- comment -->
	case c == '?':
		// An XML declaration: XHTML when an <html> element follows,
		// anything else (a feed) otherwise.
		return bytes.Contains(bytes.ToLower(b), []byte("<html"))
	case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		// Any start tag: "<html", "<head", "<body", "<meta", "<div",
		// "<p" and the rest, but not "<foo/ bar" prose.
		i := 2
		for i < len(b) && isTagNameByte(b[i]) {
			i++
		}
		return i == len(b) || b[i] == '>' || b[i] == '/' || clean.IsHTMLSpace(b[i])
	}
	return false
}

func isTagNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == ':'
}
