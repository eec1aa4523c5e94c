package page

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/newsingest/newslooks"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// checkHTML rejects input that is empty, or is text rather than a page.
func checkHTML(src []byte) error {
	prefix := src[:min(len(src), newslooks.SniffLen)]
	switch newslooks.Detect(prefix) {
	case newslooks.FormatHTML:
		return nil
	case newslooks.FormatText:
		return &newslooks.ParseError{Err: fmt.Errorf("%w: the input is Newslooks text, not HTML (use newslooks.Parse)", newslooks.ErrNotArticle)}
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, []byte(bom)))) == 0 {
		return &newslooks.ParseError{Err: newslooks.ErrEmpty}
	}
	if bytes.IndexByte(prefix, '<') < 0 {
		return &newslooks.ParseError{Err: fmt.Errorf("%w: the input is not HTML", newslooks.ErrNotArticle)}
	}
	return nil
}

// decodeHTML returns src in UTF-8. The encoding is the one a byte-order
// mark or a <meta> declaration in the first 1024 bytes names. Without a
// declaration, or when it says windows-1252 (which covers ISO-8859-1 and
// ASCII), a page that is valid UTF-8 is taken as UTF-8 and any other as
// windows-1252. A page declared UTF-8 that is not valid UTF-8 is
// windows-1252 when it holds no UTF-8 sequence at all (a wrong
// declaration), and otherwise has its stray bytes replaced by U+FFFD.
func decode(src []byte, contentType string) []byte {
	if contentType == "" && declaresUTF8(src) && utf8.Valid(src) {
		// What charset.DetermineEncoding would decide, without its
		// tokenizer: no byte-order mark (src starts with "<" or white
		// space), no header, and its <meta> prescan's first answer is
		// UTF-8.
		return src
	}
	e, name, certain := charset.DetermineEncoding(src, contentType)
	if name == "utf-8" || name == "windows-1252" && !certain {
		if utf8.Valid(src) {
			return bytes.TrimPrefix(src, []byte(bom))
		}
		if name == "utf-8" && hasUTF8Sequence(src) {
			return bytes.TrimPrefix(bytes.ToValidUTF8(src, []byte("\uFFFD")), []byte(bom))
		}
		e = charmap.Windows1252
		if !certain {
			if late := lateDeclaration(src); late != nil {
				e = late
			}
		}
	}
	if e == charmap.Windows1252 {
		return bytes.TrimPrefix(decodeWindows1252(src), []byte(bom))
	}
	out, err := e.NewDecoder().Bytes(src)
	if err != nil {
		return bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	return bytes.TrimPrefix(out, []byte(bom))
}

// decodeWindows1252 returns src decoded from windows-1252 (the encoding
// of pages declared ISO-8859-1 or US-ASCII too), as its x/text decoder
// decodes it, in one allocation of the exact size: the decoder's output
// grows by doubling, and its bytes were a third of what parsing such a
// page allocates. ASCII bytes stand for themselves, and each other byte
// for its rune (FuzzDecodeWindows1252 checks it against the decoder).
func decodeWindows1252(src []byte) []byte {
	size := len(src)
	for _, c := range src {
		if c >= utf8.RuneSelf {
			size += utf8.RuneLen(charmap.Windows1252.DecodeByte(c)) - 1
		}
	}
	out := make([]byte, 0, size)
	for len(src) > 0 {
		i := 0
		for i < len(src) && src[i] < utf8.RuneSelf {
			i++
		}
		out = append(out, src[:i]...)
		if i == len(src) {
			break
		}
		out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(src[i]))
		src = src[i+1:]
	}
	return out
}

// lateDeclaration returns the encoding that a <meta> declaration of the
// page's head names after the first prescanLen bytes, where the standard
// prescan stops looking, or nil when there is none or it names UTF-8 or
// windows-1252. A web archive's copy of a page opens with the archive's own
// scripts and styles, which push the page's declaration ("<meta
// http-equiv=Content-Type content='text/html; charset=gb2312'>") out of
// the prescan's reach. Each of the first maxLateMetas <meta> tags of the
// head's first maxLateHead bytes that names a charset is prescanned as the
// start of a page (the others declare nothing, and a prescan of each
// would cost as much as decoding a small page).
func lateDeclaration(src []byte) encoding.Encoding {
	head := src[:min(len(src), maxLateHead)]
	if end := indexFold(head, "</head"); end >= 0 {
		head = head[:end]
	}
	for i, tries := 0, 0; tries < maxLateMetas; tries++ {
		j := indexFold(head[i:], "<meta")
		if j < 0 {
			return nil
		}
		i += j
		if !namesCharset(head[i:]) {
			i += len("<meta")
			continue
		}
		// Without a declaration the prescan answers windows-1252, the
		// default, so a declaration of windows-1252 is read on past: it
		// would decode the page as the default does.
		e, name, _ := charset.DetermineEncoding(head[i:], "")
		switch name {
		case "utf-8":
			return nil
		case "windows-1252":
		default:
			return e
		}
		i += len("<meta")
	}
	return nil
}

// namesCharset reports whether the tag that opens s holds "charset", in
// any case, before its first '>'.
func namesCharset(s []byte) bool {
	if end := bytes.IndexByte(s, '>'); end >= 0 {
		s = s[:end]
	}
	return containsFold(s, "charset")
}

// The bounds of lateDeclaration's search.
const (
	maxLateHead  = 64 << 10
	maxLateMetas = 64
)

// indexFold returns the index of the first instance of pattern, in lower
// case, in s with its ASCII letters in any case, or -1.
func indexFold(s []byte, pattern string) int {
	for i := 0; i+len(pattern) <= len(s); i++ {
		j := bytes.IndexByte(s[i:], '<')
		if j < 0 {
			return -1
		}
		i += j
		if hasPrefixFold(s[i:], pattern) {
			return i
		}
	}
	return -1
}

// prescanLen is how much of a page charset.DetermineEncoding's <meta>
// prescan reads.
const prescanLen = 1024

// declaresUTF8 reports whether src opens, within its first prescanLen
// bytes, with markup whose first encoding declaration x/net's charset
// prescan certainly reads as UTF-8: white space, a doctype and <html> and
// <head> start tags whose attribute values are all quoted, then
// <meta charset="utf-8">. It is a shortcut for the common page, not a
// parser: any other opening (a comment, another tag, an unquoted value,
// a meta tag of another kind) returns false, and the page goes through
// charset.DetermineEncoding. FuzzDeclaresUTF8 checks it against that.
func declaresUTF8(src []byte) bool {
	s := src[:min(len(src), prescanLen)]
	i := 0
	for {
		i = skipHTMLSpace(s, i)
		if i >= len(s) || s[i] != '<' {
			return false
		}
		switch rest := s[i+1:]; {
		case hasPrefixFold(rest, "!doctype"):
			end := bytes.IndexByte(rest, '>')
			if end < 0 {
				return false
			}
			i += 1 + end + 1
		case hasPrefixFold(rest, "html") || hasPrefixFold(rest, "head"):
			end := quotedAttrsEnd(s, i+1+len("html"))
			if end < 0 {
				return false
			}
			i = end
		case hasPrefixFold(rest, "meta"):
			return isUTF8CharsetMeta(s[i+1+len("meta"):])
		default:
			return false
		}
	}
}

// quotedAttrsEnd reads a start tag's attributes from s[i], just past the
// tag name, and returns the index past its '>', or -1 unless every
// attribute is a name, alone or with "=" and a quoted value, each after
// white space.
func quotedAttrsEnd(s []byte, i int) int {
	for {
		j := skipHTMLSpace(s, i)
		if j < len(s) && s[j] == '>' {
			return j + 1
		}
		if j == i {
			return -1
		}
		i = j
		for i < len(s) && isAttrNameByte(s[i]) {
			i++
		}
		if i == j || i >= len(s) {
			return -1
		}
		if s[i] != '=' {
			continue
		}
		i++
		if i >= len(s) || s[i] != '"' && s[i] != '\'' {
			return -1
		}
		end := bytes.IndexByte(s[i+1:], s[i])
		if end < 0 {
			return -1
		}
		i += 1 + end + 1
	}
}

// isUTF8CharsetMeta reports whether s, what follows "<meta", is
// ` charset="utf-8">` in any case, with either quote, any white space
// before charset, and white space or a "/" before the '>'.
func isUTF8CharsetMeta(s []byte) bool {
	i := skipHTMLSpace(s, 0)
	if i == 0 || !hasPrefixFold(s[i:], "charset=") {
		return false
	}
	i += len("charset=")
	if i >= len(s) || s[i] != '"' && s[i] != '\'' {
		return false
	}
	q := s[i]
	i++
	if !hasPrefixFold(s[i:], "utf-8") || i+len("utf-8") >= len(s) || s[i+len("utf-8")] != q {
		return false
	}
	i = skipHTMLSpace(s, i+len("utf-8")+1)
	if i < len(s) && s[i] == '/' {
		i++
	}
	return i < len(s) && s[i] == '>'
}

// skipHTMLSpace returns the index of the first byte of s from i that is
// not HTML white space.
func skipHTMLSpace(s []byte, i int) int {
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\f':
			i++
		default:
			return i
		}
	}
	return i
}

// isAttrNameByte reports whether c may be in an attribute name here: an
// ASCII letter, digit, '-', '_' or ':'.
func isAttrNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == ':'
}

// hasPrefixFold reports whether s begins with prefix, which is in lower
// case, with its ASCII letters in any case.
func hasPrefixFold[T string | []byte](s T, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

func hasUTF8Sequence(b []byte) bool {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || size > 1 {
			return true
		}
		i++
	}
	return false
}

// bom is the UTF-8 encoding of U+FEFF.
const bom = "\uFEFF"

// DecodeText returns a reader of r's text in UTF-8, for text that came
// with an HTTP Content-Type header: when the header names a charset other
// than UTF-8 (or US-ASCII, a subset), r is decoded from it as it is read;
// otherwise, or for a charset this package does not know, r is returned
// as it is, for the text parser to judge. Use it to read a text copy
// served as, say, "text/plain; charset=windows-1251" with
// newslooks.Parser.Articles.
func DecodeText(r io.Reader, contentType string) io.Reader {
	cs := charsetParam(contentType)
	if cs == "" || strings.EqualFold(cs, "utf-8") || strings.EqualFold(cs, "us-ascii") {
		return r
	}
	e, _ := charset.Lookup(cs)
	if e == nil {
		return r
	}
	return transform.NewReader(r, e.NewDecoder())
}
