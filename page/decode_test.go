package page

import (
	"bytes"
	"github.com/newsingest/newslooks"

	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// charsetCases are pages in the encodings that news sites still serve,
// each with a headline and a paragraph in the script it is made for.
var charsetCases = []struct {
	name, label string
	enc         encoding.Encoding
	headline    string
	para        string
}{
	{"ISO-8859-5", "iso-8859-5", charmap.ISO8859_5, "Москва отвечает", "МОСКВА - Кремль ответил в понедельник."},
	{"windows-1251", "windows-1251", charmap.Windows1251, "Київ святкує", "КИЇВ — Місто святкувало в неділю."},
	{"Shift_JIS", "shift_jis", japanese.ShiftJIS, "東京で新しい橋が開通", "東京 - 新しい橋が月曜日に開通した。"},
	{"GB18030", "gb18030", simplifiedchinese.GB18030, "北京举行会谈", "北京 — 双方周一举行会谈。"},
	{"UTF-16 with BOM", "utf-16", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "Café Owners Meet", "PARIS — “Non,” said Renée."},
}

func encodePage(t *testing.T, enc encoding.Encoding, metaCharset, headline, para string) []byte {
	t.Helper()
	meta := ""
	if metaCharset != "" {
		meta = `<meta charset="` + metaCharset + `">`
	}
	src := "<html><head>" + meta + siteName + "</head><body><article><h1>" + headline + "</h1><p>" + para + "</p></article></body></html>"
	b, err := enc.NewEncoder().Bytes([]byte(src))
	require.NoError(t, err)
	return b
}

// TestDecodeCharsets checks each encoding declared in the page, declared
// only by the HTTP header, and declared wrongly in the page but rightly in
// the header, which wins as it does in browsers.
func TestDecodeCharsets(t *testing.T) {
	for _, tc := range charsetCases {
		t.Run(tc.name, func(t *testing.T) {
			for how, run := range map[string]func() (string, string){
				"meta": func() (string, string) {
					return string(encodePage(t, tc.enc, tc.label, tc.headline, tc.para)), ""
				},
				"header only": func() (string, string) {
					return string(encodePage(t, tc.enc, "", tc.headline, tc.para)), "text/html; charset=" + tc.label
				},
				"wrong meta, right header": func() (string, string) {
					return string(encodePage(t, tc.enc, "windows-1252", tc.headline, tc.para)), "text/html; charset=" + strings.ToUpper(tc.label)
				},
			} {
				src, contentType := run()
				if tc.label == "utf-16" && how != "header only" {
					// The byte-order mark decides for UTF-16 whatever is declared.
					contentType = ""
				}
				a, err := new(Parser).ParseResponse(strings.NewReader(src), "", contentType)
				require.NoError(t, err, how)
				assert.Equal(t, tc.headline, a.Headline, how)
				require.NotEmpty(t, a.Sections, how)
				assert.Equal(t, tc.para, a.Sections[0].Paragraphs[0], how)
			}
		})
	}
}

// TestDecodeTextResponse checks that a text copy served in another
// charset than UTF-8 is decoded by DecodeText for the text parser.
func TestDecodeTextResponse(t *testing.T) {
	text := "Москва отвечает/ Newslooks/ MOSCOW/ A. Petrova/ Morning Edition/ Кремль ответил.\n\nMOSCOW — Кремль ответил в понедельник.\n"
	b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(text))
	require.NoError(t, err)
	a, err := newslooks.Parse(DecodeText(strings.NewReader(string(b)), "text/plain; charset=windows-1251"))
	require.NoError(t, err)
	assert.Equal(t, "Москва отвечает", a.Headline)
	assert.Equal(t, "MOSCOW — Кремль ответил в понедельник.", a.Sections[0].Paragraphs[0])
}

// FuzzDeclaresUTF8 checks the shortcut of decode against what it stands
// for: wherever declaresUTF8 says a page opens with a UTF-8 declaration,
// x/net's charset.DetermineEncoding, which decode otherwise calls, names
// UTF-8 for it too.
func FuzzDeclaresUTF8(f *testing.F) {
	for _, seed := range []string{
		"<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n<meta charset=\"UTF-8\">\n<title>T</title>",
		"<meta charset='utf-8'/>",
		"  <HTML><HEAD data-x='a\"b'><META\tCHARSET=\"Utf-8\" / >",
		"<html lang=en><meta charset=\"utf-8\">",
		"<html lang=\"en\"x=\"y\"><meta charset=\"utf-8\">",
		"<!doctype html><head><meta charset=\"iso-8859-1\">",
		"<!-- <meta charset=\"windows-1252\"> --><meta charset=\"utf-8\">",
		"<html\x01><meta charset=\"utf-8\">",
		"<meta charset=\"utf-8\r",
		"<meta charset=\"utf-8\"",
		"\xef\xbb\xbf<meta charset=\"utf-8\">",
		"<head lang=\"" + strings.Repeat("x", 1010) + "\"><meta charset=\"utf-8\">",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if !declaresUTF8(src) {
			return
		}
		if _, name, _ := charset.DetermineEncoding(src, ""); name != "utf-8" {
			t.Fatalf("declaresUTF8 is true but DetermineEncoding names %q for %q", name, src)
		}
	})
}

// TestDeclaresUTF8 checks which openings the shortcut takes: the common
// page's, and not one whose first declaration is another charset or
// hidden in a comment, or that a tokenizer would read differently.
func TestDeclaresUTF8(t *testing.T) {
	for src, want := range map[string]bool{
		"<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n<meta charset=\"UTF-8\">": true,
		"<meta charset='utf-8'/>":                                                   true,
		"<html><head><meta charset=\"utf-8\" >":                                     true,
		"<!doctype html><head><meta charset=\"iso-8859-1\">":                        false,
		"<!-- x --><meta charset=\"utf-8\">":                                        false,
		"<html lang=en><meta charset=\"utf-8\">":                                    false,
		"<title>x</title><meta charset=\"utf-8\">":                                  false,
		"<meta name=\"x\" content=\"y\"><meta charset=\"utf-8\">":                   false,
		"<meta charset=\"utf-8\"":                                                   false,
		"\xef\xbb\xbf<meta charset=\"utf-8\">":                                      false,
		"<html\x01><meta charset=\"utf-8\">":                                        false,
		"<head lang=\"" + strings.Repeat("x", 1010) + "\"><meta charset=\"utf-8\">": false,
	} {
		if got := declaresUTF8([]byte(src)); got != want {
			t.Errorf("declaresUTF8(%.60q) = %v, want %v", src, got, want)
		}
		if want {
			if _, name, _ := charset.DetermineEncoding([]byte(src), ""); name != "utf-8" {
				t.Errorf("DetermineEncoding(%.60q) names %q", src, name)
			}
		}
	}
}

// FuzzDecodeWindows1252 checks decodeWindows1252 against x/text's
// windows-1252 decoder.
func FuzzDecodeWindows1252(f *testing.F) {
	f.Add([]byte("caf\xe9 \x80 \x81 \x9d \xff plain"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, src []byte) {
		want, err := charmap.Windows1252.NewDecoder().Bytes(src)
		if err != nil {
			t.Skip()
		}
		if got := decodeWindows1252(src); !bytes.Equal(got, want) {
			t.Fatalf("decodeWindows1252(%q) = %q, want %q", src, got, want)
		}
	})
}

// TestDecodeLateDeclaration checks a page whose <meta> declaration comes
// after the prescan's 1024 bytes, behind the scripts a web archive puts
// at the top of its copy: the declaration is read from the head, and the
// page is not taken for windows-1252. A declaration in the body, or after
// the head, is not read.
func TestDecodeLateDeclaration(t *testing.T) {
	preamble := `<script src="https://archive.example.org/static/bundle.js"></script>
<script>` + strings.Repeat("window.example_archive_values.push({k: 1});\n", 30) + `</script>`
	page := func(where string) []byte {
		head, body := `<title>北京举行会谈</title>`, `<h1>北京举行会谈</h1><p>北京 — 双方周一举行会谈。</p>`
		meta := `<meta http-equiv="Content-Type" content="text/html; charset=gb2312"/>`
		if where == "head" {
			head = meta + head
		} else {
			body = meta + body
		}
		src := "<html><head>" + preamble + head + "</head><body>" + body + "</body></html>"
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(src))
		require.NoError(t, err)
		require.Greater(t, bytes.Index(b, []byte("<meta")), prescanLen)
		return b
	}
	assert.Contains(t, string(decode(page("head"), "")), "北京 — 双方周一举行会谈。")
	assert.NotContains(t, string(decode(page("body"), "")), "北京")
	// A declaration of UTF-8 or of the default changes nothing.
	latin := []byte("<html><head>" + preamble + `<meta charset="utf-8"></head><body><p>Caf` + "\xe9" + `</p></body></html>`)
	assert.Contains(t, string(decode(latin, "")), "Café")
}

// TestLateDeclarationReadsOnlyCharsetMetas checks that the search for a
// late declaration prescans only the <meta> tags that name a charset: a
// windows-1252 page's head of description, robots and Open Graph tags
// costs no prescan (each one allocates; the Newslooks windows-1252
// fixture, with 19 such tags, took 1.5× its time when they were all
// prescanned).
func TestLateDeclarationReadsOnlyCharsetMetas(t *testing.T) {
	head := `<html><head><meta charset="windows-1252">` +
		strings.Repeat(`<meta property="og:description" content="Caf`+"\xe9"+` owners push back">`, 40) +
		`</head><body><p>Caf` + "\xe9" + `</p></body></html>`
	src := []byte(head)
	assert.Nil(t, lateDeclaration(src))
	allocs := testing.AllocsPerRun(20, func() { lateDeclaration(src) })
	assert.LessOrEqual(t, allocs, 200.0, "one prescan, of the charset meta, not 41")
	assert.True(t, namesCharset([]byte(`<meta http-equiv="Content-Type" CONTENT="text/html; CharSet=gb2312"/>`)))
	assert.False(t, namesCharset([]byte(`<meta name="description" content="x"> charset`)))
}
