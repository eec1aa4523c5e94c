package feed

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFeedCharset checks how a feed's body is decoded before gofeed reads
// it.
func TestFeedCharset(t *testing.T) {
	// “Café” in windows-1252: curly quotes are 0x93 and 0x94, é is 0xE9.
	const cp1252 = "\x93Caf\xe9\x94"
	const want = "“Café”"
	// Pad so that the first non-ASCII byte lies beyond the 1024 bytes
	// that charset.DetermineEncoding looks at.
	pad := "<!-- " + strings.Repeat("padding ", 150) + "-->"

	for _, tc := range []struct {
		name, contentType, body, want string
	}{
		{"header", "text/html; charset=windows-1252",
			"<p>" + cp1252 + "</p>", "<p>" + want + "</p>"},
		{"header latin1", "text/plain; charset=ISO-8859-1",
			cp1252, want},
		{"meta charset", "text/html",
			`<html><head><meta charset="windows-1252"></head><body><p>` + cp1252 + "</p></body></html>",
			`<html><head><meta charset="windows-1252"></head><body><p>` + want + "</p></body></html>"},
		{"meta http-equiv", "text/html",
			`<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>` + cp1252,
			`<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>` + want},
		{"undeclared windows-1252", "text/html",
			"<p>" + cp1252 + "</p>", "<p>" + want + "</p>"},
		{"undeclared utf-8, late accent", "text/html",
			pad + "<p>" + want + "</p>", pad + "<p>" + want + "</p>"},
		{"header beats meta", "text/html; charset=utf-8",
			`<meta charset="windows-1252"><p>` + want, `<meta charset="windows-1252"><p>` + want},
		{"utf-8 BOM", "text/html",
			"\ufeff<p>" + want, "<p>" + want},
		{"invalid utf-8", "text/html; charset=utf-8",
			"<p>a\xffb", "<p>a\ufffdb"},
		{"utf-16 BOM", "text/plain",
			"\xff\xfeC\x00a\x00f\x00\xe9\x00", "Café"},
		{"xml declaration", "application/rss+xml",
			`<?xml version="1.0" encoding="ISO-8859-1"?><rss>` + cp1252 + "</rss>",
			`<?xml version="1.0" encoding="UTF-8"?><rss>` + want + "</rss>"},
		{"xml declaration and header", "text/xml; charset=windows-1252",
			`<?xml version='1.0' encoding='windows-1252' ?><a>` + cp1252 + "</a>",
			`<?xml version='1.0' encoding='UTF-8' ?><a>` + want + "</a>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, string(toUTF8([]byte(tc.body), tc.contentType)))
		})
	}
}
