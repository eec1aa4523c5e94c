package page

import (
	"bytes"
	"fmt"
	"github.com/newsingest/newslooks/page/internal/prescan"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestDropCode(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"script and style emptied",
			`<head><style>p{color:red}</style><script src=a.js>var a = "<p>x</p>";</script></head><p>Body`,
			`<head><style></style><script src=a.js></script></head><p>Body`},
		{"JSON-LD kept",
			`<script type="application/ld+json">{"headline":"H"}</script><script>x()</script>`,
			`<script type="application/ld+json">{"headline":"H"}</script><script></script>`},
		{"JSON-LD in upper case kept",
			`<SCRIPT TYPE="APPLICATION/LD+JSON">{}</SCRIPT>`,
			`<SCRIPT TYPE="APPLICATION/LD+JSON">{}</SCRIPT>`},
		{"a character reference in the tag keeps the script",
			`<script type="application/ld&#43;json">{}</script>`,
			`<script type="application/ld&#43;json">{}</script>`},
		{"end tags in any case, with attributes or a slash",
			`<Style>a</STYLE ><script>b</Script/><script>c</script	x>`,
			`<Style></STYLE ><script></Script/><script></script	x>`},
		{"a longer end tag name does not end the text",
			`<script>a</scripts>b</script>`,
			`<script></script>`},
		{"non-ASCII letters are not folded",
			`<style>a</ſtyle>b</style><p>c`,
			`<style></style><p>c`},
		{"a script in a comment is not a script",
			`<!-- <script> --><p>kept</p><script>x</script>`,
			`<!-- <script> --><p>kept</p><script></script>`},
		{"comments that end early",
			`<!--><script>a</script><!---><style>b</style><!-- x --!><script>c</script>`,
			`<!--><script></script><!---><style></style><!-- x --!><script></script>`},
		{"a script in an attribute value is not a script",
			`<div title="<script>" data-x='<style>'><p>kept</p></div><style>x</style>`,
			`<div title="<script>" data-x='<style>'><p>kept</p></div><style></style>`},
		{"a quote in an attribute name starts no value",
			`<div a"b><script>x</script>`,
			`<div a"b><script></script>`},
		{"raw text elements hold tags as text",
			`<textarea><script>x</script></textarea><title><style>y</style></title><noscript><style>z</style></noscript><script>w</script>`,
			`<textarea><script>x</script></textarea><title><style>y</style></title><noscript><style>z</style></noscript><script></script>`},
		{"an escaped script ends at its end tag",
			`<script><!-- a("</script>") --></script><p>p</p>`,
			`<script></script>") --></script><p>p</p>`},
		{"a double-escaped script holds an end tag",
			`<script><!--<script>a</script>b--></script><p>p</p><style>s</style>`,
			`<script></script><p>p</p><style></style>`},
		{"a script cut by the end of the page",
			`<p>p</p><script>var a = 1;`,
			`<p>p</p><script>`},
		{"a self-closed script still holds text",
			`<script src=a.js /><p>x</p></script><p>y</p>`,
			`<script src=a.js /></script><p>y</p>`},
		{"svg drawings are followed and left alone",
			`<svg viewBox="0 0 1 1"><title>Share</title><style>.a{fill:red}</style><path d="M0"/></svg><style>x</style>`,
			`<svg viewBox="0 0 1 1"><title>Share</title><style>.a{fill:red}</style><path d=""/></svg><style></style>`},
		{"an svg path's outline is emptied, in any quotes and case",
			`<svg><path fill="#000" d="M0 0L1 1z" class="a"/><PATH D='M2 2'></PATH><g><path data-d="x" d = "M3"/></g></svg><style>x</style>`,
			`<svg><path fill="#000" d="" class="a"/><PATH D=''></PATH><g><path data-d="x" d = ""/></g></svg><style></style>`},
		{"white space between tags is shortened to a line break or a space",
			"<div>\n    <p>a</p>   <p>b</p>\r\n\t<p>c</p>\t\t<p>d</p>\r  <p>e</p></div><style>s</style>",
			"<div>\n<p>a</p> <p>b</p>\n<p>c</p>\t\t<p>d</p>\r<p>e</p></div><style></style>"},
		{"white space in text, in <pre> and in raw text is kept",
			"<style>s</style><p>a   b</p>  x  <textarea>  </textarea>  <svg>  <g>  </g></svg> < \n <p>",
			"<style></style><p>a   b</p>  x  <textarea>  </textarea> <svg>  <g>  </g></svg> < \n <p>"},
		{"white space from the first <pre> on is kept",
			"<style>s</style><p>a</p>  <pre>\n  <b>x</b>\n  </pre>  <p>b</p>  <pre ></listing >  <p>",
			"<style></style><p>a</p> <pre>\n  <b>x</b>\n  </pre>  <p>b</p>  <pre ></listing >  <p>"},
		{"an outline without quotes, or outside svg, is kept",
			`<svg><path d=M0/><path d></svg><path d="M1"><style>x</style>`,
			`<svg><path d=M0/><path d></svg><path d="M1"><style></style>`},
		{"a self-closed svg opens nothing",
			`<svg/><style>x</style>`,
			`<svg/><style></style>`},
		{"nested svg and math",
			`<svg><svg><g></g></svg></svg><math><mi>x</mi></math><script>y</script>`,
			`<svg><svg><g></g></svg></svg><math><mi>x</mi></math><script></script>`},
		{"markup inside foreign content stops the scan",
			`<style>a</style><svg><foreignObject><style>b</style></foreignObject></svg><style>c</style>`,
			`<style></style><svg><foreignObject><style>b</style></foreignObject></svg><style>c</style>`},
		{"a tag inside an svg title stops the scan",
			`<svg><title><b>x</b></title></svg><style>c</style>`,
			`<svg><title><b>x</b></title></svg><style>c</style>`},
		{"an HTML tag breaking out of svg stops the scan",
			`<svg><p><style>c</style>`,
			`<svg><p><style>c</style>`},
		{"CDATA in svg stops the scan",
			`<svg><![CDATA[</svg>]]></svg><style>c</style>`,
			`<svg><![CDATA[</svg>]]></svg><style>c</style>`},
		{"plaintext stops the scan",
			`<plaintext><style>c</style>`,
			`<plaintext><style>c</style>`},
		{"an = that starts an attribute name starts no value",
			`<a ="x><style>y</style>"><a/="x><style>z</style>">`,
			`<a ="x><style></style>"><a/="x><style></style>">`},
		{"an end tag that is not one is a bogus comment",
			`<svg>0</</svg><style>s</style></><style>t</style>`,
			`<svg>0</</svg><style>s</style></><style>t</style>`},
		{"an end tag of no open foreign element leaves the drawing open",
			`<svg></mAth><sCript>0</sCript></svg><style>s</style>`,
			`<svg></mAth><sCript>0</sCript></svg><style>s</style>`},
		{"an outer end tag closes an inner foreign element",
			`<math><svg></math><style>s</style>`,
			`<math><svg></math><style>s</style>`},
		{"nested foreign elements closed in order",
			`<svg><math></math></svg><style>s</style>`,
			`<svg><math></math></svg><style></style>`},
		{"a < in text and a bogus comment",
			`a < b <? x > <!doctype html> <3 <style>c</style>`,
			`a < b <? x > <!doctype html> <3 <style></style>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := prescan.DropCode([]byte(tt.in))
			assert.Equal(t, tt.want, string(got))
			checkDropCode(t, []byte(tt.in))
		})
	}
}

// TestDropCodeKeepsTheTree checks, on every page this repository holds,
// that html.Parse makes the same tree of the page with and without
// prescan.DropCode, but for the emptied scripts and styles, and that it empties
// most of their text.
func TestDropCodeKeepsTheTree(t *testing.T) {
	var paths []string
	for _, pattern := range []string{"testdata/*.html", "testdata/html/*.html", "testdata/html/*/*.html", "testdata/pages/*/source.html"} {
		more, err := filepath.Glob(pattern)
		require.NoError(t, err)
		paths = append(paths, more...)
	}
	require.GreaterOrEqual(t, len(paths), 20)
	var code, dropped int
	for _, path := range paths {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		code += codeText(t, src)
		out := checkDropCode(t, src)
		dropped += len(src) - len(out)
	}
	// What prescan.DropCode left is the code of svg <style>s and of pages it
	// stopped on; on these pages that is little.
	assert.Greater(t, dropped, code*9/10, "dropped %d of %d bytes of code", dropped, code)
}

// checkDropCode checks that html.Parse of prescan.DropCode(src) is html.Parse of
// src with the text of some scripts and styles removed, never that of a
// JSON-LD script, and returns prescan.DropCode(src).
func checkDropCode(t testing.TB, src []byte) []byte {
	want, err := html.Parse(bytes.NewReader(src))
	require.NoError(t, err)
	out := prescan.DropCode(bytes.Clone(src))
	got, err := html.Parse(bytes.NewReader(out))
	require.NoError(t, err)
	if err := sameTree(want, got); err != nil {
		t.Fatalf("prescan.DropCode changed the tree of %.200q: %v\nafter prescan.DropCode: %.200q", src, err, out)
	}
	return out
}

// sameTree reports how the tree got differs from want other than by the
// emptied text of an HTML <script> (not JSON-LD) or <style>, the emptied
// d attribute of an svg <path>, or white space shortened in a text
// outside <pre> and the elements of raw text.
func sameTree(want, got *html.Node) error { return sameTreeIn(want, got, false) }

// sameTreeIn is sameTree where exact tells that the text under want is
// to be kept as it is; elsewhere a run of white space in a text may be
// shortened (see spaceRuns).
func sameTreeIn(want, got *html.Node, exact bool) error {
	data := want.Data
	if want.Type == html.TextNode && !exact && spaceRuns(want.Data) == spaceRuns(got.Data) {
		data = got.Data
	}
	if want.Type != got.Type || data != got.Data || want.Namespace != got.Namespace {
		return fmt.Errorf("node %q (type %d, %q) became %q (type %d, %q)",
			want.Data, want.Type, want.Namespace, got.Data, got.Type, got.Namespace)
	}
	wantAttr := want.Attr
	if want.Type == html.ElementNode && want.Namespace == "svg" && want.Data == "path" {
		// The outline of an svg path may be emptied.
		wantAttr = slices.Clone(wantAttr)
		for i, a := range wantAttr {
			if a.Namespace == "" && a.Key == "d" && i < len(got.Attr) && got.Attr[i].Key == "d" && got.Attr[i].Val == "" {
				wantAttr[i].Val = ""
			}
		}
	}
	if fmt.Sprint(wantAttr) != fmt.Sprint(got.Attr) {
		return fmt.Errorf("<%s> attributes %v became %v", want.Data, want.Attr, got.Attr)
	}
	emptiable := want.Type == html.ElementNode && want.Namespace == "" &&
		(want.DataAtom == atom.Style || want.DataAtom == atom.Script && !isJSONLD(attr(want, "type")))
	if emptiable && got.FirstChild == nil {
		return nil
	}
	exact = exact || want.Type == html.ElementNode && (want.Namespace != "" || keepsSpace[want.DataAtom])
	w, g := want.FirstChild, got.FirstChild
	for ; w != nil && g != nil; w, g = w.NextSibling, g.NextSibling {
		if err := sameTreeIn(w, g, exact); err != nil {
			return fmt.Errorf("in <%s>: %w", want.Data, err)
		}
	}
	if w != nil || g != nil {
		return fmt.Errorf("<%s> has a different number of children", want.Data)
	}
	return nil
}

// keepsSpace are the elements whose text DropCode keeps as it is, white
// space and all.
var keepsSpace = map[atom.Atom]bool{
	atom.Pre: true, atom.Listing: true, atom.Textarea: true, atom.Plaintext: true, atom.Xmp: true,
	atom.Script: true, atom.Style: true, atom.Title: true, atom.Noscript: true, atom.Iframe: true,
	atom.Noembed: true, atom.Noframes: true,
}

// spaceRuns returns s with each run of white space made one byte: a
// line break when the run holds one, else a space. DropCode may shorten
// the white space between tags to what spaceRuns leaves of it.
func spaceRuns(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && strings.IndexByte(" \t\n\f\r", s[j]) >= 0 {
			j++
		}
		if j == i {
			b.WriteByte(s[i])
			i++
			continue
		}
		if strings.ContainsAny(s[i:j], "\n\r") {
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
		i = j
	}
	return b.String()
}

// attr returns n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// codeText returns the bytes of text in the HTML scripts (not JSON-LD)
// and styles of the page src.
func codeText(t testing.TB, src []byte) int {
	root, err := html.Parse(bytes.NewReader(src))
	require.NoError(t, err)
	total := 0
	for n := range root.Descendants() {
		if n.Type == html.TextNode && n.Parent.Namespace == "" &&
			(n.Parent.DataAtom == atom.Style || n.Parent.DataAtom == atom.Script && !isJSONLD(attr(n.Parent, "type"))) {
			total += len(n.Data)
		}
	}
	return total
}

// FuzzDropCode checks that prescan.DropCode never changes html.Parse's tree of a
// page but for the text of scripts and styles. Its seeds are in
// testdata/fuzz/FuzzDropCode, with the cases of TestDropCode.
func FuzzDropCode(f *testing.F) {
	f.Add([]byte(`<script><!--<script>a</script>b--></script><svg><title>t</title></svg><style>s</style>`))
	f.Add([]byte(strings.Repeat(`<textarea><script>x</script></textarea><!-- <style> --!>`, 2)))
	f.Add([]byte(`<svg><path d="M0 0" fill='a'/><PATH D='x'></PATH><g><path d=M1></g></svg><style>s</style>`))
	f.Add([]byte("<table>\n  <tr>  <td>a</td>\r\n</tr>\n</table><pre>\n\n  x</pre>  <listing>\n </listing>\n\t<p>\t</p>  <style>s</style>"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkDropCode(t, src)
	})
}

// BenchmarkDropCode measures prescan.DropCode on the ten publisher pages and what
// it saves html.Parse: each step works on a fresh copy of every page, so
// step=copy is the floor of the others.
func BenchmarkDropCode(b *testing.B) {
	srcs, _, size := foreignBenchPages(b)
	buf := make([]byte, 0, 4<<20)
	steps := []struct {
		name string
		run  func(src []byte) error
	}{
		{"copy", func([]byte) error { return nil }},
		{"prescan.DropCode", func(src []byte) error { prescan.DropCode(src); return nil }},
		{"html.Parse", func(src []byte) error {
			_, err := html.Parse(bytes.NewReader(src))
			return err
		}},
		{"prescan.DropCode+html.Parse", func(src []byte) error {
			_, err := html.Parse(bytes.NewReader(prescan.DropCode(src)))
			return err
		}},
	}
	for _, step := range steps {
		b.Run("step="+step.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for _, src := range srcs {
					if err := step.run(append(buf[:0], src...)); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
