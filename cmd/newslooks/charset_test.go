package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsingest/newslooks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// A charsetPage is a web page in a legacy charset.
type charsetPage struct {
	name, headline, para string
	enc                  encoding.Encoding
	meta                 string // the charset the page declares
	header               string // the HTTP Content-Type it is served with
}

var charsetPages = []charsetPage{
	{"iso-8859-5", "Новости дня: рынок растёт", "Рынок вырос на три процента за неделю, и аналитики ждут продолжения роста.", charmap.ISO8859_5, "iso-8859-5", "text/html"},
	{"shift_jis", "東京で新しい市場が開く", "東京の新しい市場は月曜日に開き、多くの買い物客が朝早くから集まりました。", japanese.ShiftJIS, "shift_jis", "text/html"},
	{"gb18030", "北京市场今日开放", "北京的新市场今天开放，许多顾客一早就来到这里购物，商家说生意很好。", simplifiedchinese.GB18030, "gb18030", "text/html"},
	{"windows-1251", "Москва: новый рынок открылся", "Новый рынок в Москве открылся в понедельник, и покупатели пришли рано утром.", charmap.Windows1251, "windows-1251", "text/html"},
	{"utf-16", "Ελληνικά νέα: η αγορά ανοίγει", "Η νέα αγορά άνοιξε τη Δευτέρα και πολλοί αγοραστές ήρθαν νωρίς το πρωί.", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "utf-16", "text/html"},
	// The page says ISO-8859-5 and is wrong; the server is right.
	{"wrong-meta", "Киев: цены на хлеб выросли", "Цены на хлеб в Киеве выросли на пять процентов, сообщили в понедельник пекари.", charmap.Windows1251, "iso-8859-5", "text/html; charset=windows-1251"},
}

// bytes renders the page and encodes it in its charset.
func (p charsetPage) bytes(t *testing.T) []byte {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html><head><meta charset=\"%s\"><title>%s</title></head>\n<body><article><h1>%s</h1>\n", p.meta, p.headline, p.headline)
	for range 6 {
		fmt.Fprintf(&b, "<p>%s %s</p>\n", p.para, p.para)
	}
	b.WriteString("</article></body></html>\n")
	out, err := p.enc.NewEncoder().Bytes([]byte(b.String()))
	require.NoError(t, err, p.name)
	return out
}

// TestCharsetsEndToEnd: pages in legacy charsets give the right
// headline read from a file, from standard input and from a URL, and a
// page whose <meta> is wrong is read as its HTTP header says.
func TestCharsetsEndToEnd(t *testing.T) {
	dir := t.TempDir()
	mux := http.NewServeMux()
	for _, p := range charsetPages {
		body := p.bytes(t)
		require.NoError(t, os.WriteFile(filepath.Join(dir, p.name+".html"), body, 0o644))
		mux.HandleFunc("/"+p.name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", p.header)
			w.Write(body)
		})
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, p := range charsetPages {
		t.Run(p.name, func(t *testing.T) {
			file := filepath.Join(dir, p.name+".html")
			ways := map[string][]string{"url": {"parse", "--format", "jsonl", srv.URL + "/" + p.name}}
			if p.name != "wrong-meta" { // a file has no header to correct it
				ways["file"] = []string{"parse", "--format", "jsonl", file}
				ways["stdin"] = []string{"parse", "--format", "jsonl", "-"}
			}
			for way, args := range ways {
				stdin := ""
				if way == "stdin" {
					stdin = readFile(t, file)
				}
				code, out, errOut := runCmd(t, stdin, args...)
				require.Equal(t, 0, code, "%s: %s", way, errOut)
				var a newslooks.Article
				require.NoError(t, json.Unmarshal([]byte(out), &a), way)
				assert.Equal(t, p.headline, a.Headline, way)
				assert.Contains(t, a.Text(), p.para, way)
			}
		})
	}
}
