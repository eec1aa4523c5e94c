package feed

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// xmlDecl matches an XML declaration that names an encoding; the
// submatch is the encoding's name.
var xmlDecl = regexp.MustCompile(`^<\?xml[ \t\r\n][^>]*?encoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z0-9._:-]+)["']`)

// toUTF8 converts a feed's body, served with the given Content-Type
// header value, to valid UTF-8. The charset is, in this order: the one a
// byte-order mark gives; the charset parameter of the Content-Type header;
// UTF-8 when the body is valid UTF-8 and not plain ASCII; the encoding
// named by an XML declaration at the start of the body; and windows-1252
// otherwise.
func toUTF8(body []byte, contentType string) []byte {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if !certain {
		if utf8.Valid(body) && hasNonASCII(body) {
			// DetermineEncoding looks at the first 1024 bytes only:
			// a UTF-8 page with no declaration and no accent that
			// early would be read as windows-1252.
			name = "utf-8"
		} else if m := xmlDecl.FindSubmatch(body); m != nil {
			if e, n := charset.Lookup(string(m[1])); e != nil {
				enc, name = e, n
			}
		}
	}

	out := body
	if name != "utf-8" {
		if decoded, err := enc.NewDecoder().Bytes(body); err == nil {
			out = decoded
		}
	}
	out = bytes.TrimPrefix(out, []byte("\uFEFF"))
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}

	// Say UTF-8 in the XML declaration, lest an XML parser decode the
	// converted text a second time.
	if m := xmlDecl.FindSubmatchIndex(out); m != nil && !strings.EqualFold(string(out[m[2]:m[3]]), "utf-8") {
		rewritten := make([]byte, 0, len(out))
		rewritten = append(rewritten, out[:m[2]]...)
		rewritten = append(rewritten, "UTF-8"...)
		out = append(rewritten, out[m[3]:]...)
	}
	return out
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}
