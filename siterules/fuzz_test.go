package siterules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// FuzzParseFiveFilters reads arbitrary site configs: the reader returns a
// rule or a *FileError, never panics, and a rule it returns can be
// applied to a page.
func FuzzParseFiveFilters(f *testing.F) {
	for _, dir := range []string{"testdata/ff", "testdata/badff"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		files2, _ := filepath.Glob(filepath.Join(dir, ".*.txt"))
		for _, name := range append(files, files2...) {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(string(b))
		}
	}
	f.Add("replace_string(a:b): c\nfind_string: x\nreplace_string: y\n")
	f.Add("title: string(//h1)\nbody: //*[count(p) > 2]\nnext_page_link: //link[@rel='next']/@href\n")
	page, err := html.Parse(strings.NewReader(`<html><body><h1>T</h1><div class="story"><p>a</p><p>b</p><p>c</p></div><a class="next" href="/2">2</a></body></html>`))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		r, _, err := ParseFiveFilters(strings.NewReader(src), "fuzz.txt")
		if err != nil {
			if _, ok := err.(*FileError); !ok {
				t.Fatalf("error %T is not a *FileError: %v", err, err)
			}
			return
		}
		r.Extract(page)
		r.NextPage(page)
		r.Rewrite([]byte(src))
	})
}
