package page

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/newsingest/newslooks"
	"golang.org/x/net/html/charset"
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
	e, name, certain := charset.DetermineEncoding(src, contentType)
	if name == "utf-8" || name == "windows-1252" && !certain {
		if utf8.Valid(src) {
			return bytes.TrimPrefix(src, []byte(bom))
		}
		if name == "utf-8" && hasUTF8Sequence(src) {
			return bytes.TrimPrefix(bytes.ToValidUTF8(src, []byte("\uFFFD")), []byte(bom))
		}
		e = charmap.Windows1252
	}
	out, err := e.NewDecoder().Bytes(src)
	if err != nil {
		return bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	return bytes.TrimPrefix(out, []byte(bom))
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
