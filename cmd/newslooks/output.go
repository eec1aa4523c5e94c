package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/ninjs"
)

// formats maps each --format to the function that renders one article and
// the file ending used with --out.
var formats = map[string]struct {
	render func(a *newslooks.Article, w io.Writer) error
	ext    string
}{
	"json":     {renderJSON, ".json"},
	"jsonl":    {renderJSONL, ".json"},
	"markdown": {func(a *newslooks.Article, w io.Writer) error { return a.WriteMarkdown(w) }, ".md"},
	"text":     {func(a *newslooks.Article, w io.Writer) error { _, err := a.WriteTo(w); return err }, ".txt"},
	"ninjs":    {func(a *newslooks.Article, w io.Writer) error { return indentJSON(w, ninjs.FromArticle(a)) }, ".ninjs.json"},
}

// renderJSON writes the article as an indented document. Like the
// library's JSON it leaves out "source", which jsonl sets.
func renderJSON(a *newslooks.Article, w io.Writer) error {
	c := *a
	c.Source = ""
	return indentJSON(w, &c)
}

func indentJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func renderJSONL(a *newslooks.Article, w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(a)
}

// An articleWriter writes the run's articles in order.
type articleWriter interface {
	write(a *newslooks.Article) error
	close() error
}

// newWriter returns the writer for a format: to stdout, or one file per
// article in dir when dir is set.
func newWriter(format, dir string, stdout io.Writer) articleWriter {
	f := formats[format]
	switch {
	case dir != "":
		return &dirWriter{dir: dir, render: f.render, ext: f.ext}
	case format == "json" || format == "ninjs":
		return &documentWriter{w: stdout, render: f.render}
	}
	sep := ""
	if format == "markdown" || format == "text" {
		sep = "\n"
	}
	return &streamWriter{w: stdout, render: f.render, sep: sep}
}

// A streamWriter writes articles one after another, separated by sep:
// JSON lines, Markdown, text.
type streamWriter struct {
	w      io.Writer
	render func(*newslooks.Article, io.Writer) error
	sep    string
	n      int
}

func (s *streamWriter) write(a *newslooks.Article) error {
	var buf bytes.Buffer
	if s.n > 0 {
		buf.WriteString(s.sep)
	}
	if err := s.render(a, &buf); err != nil {
		return err
	}
	s.n++
	_, err := s.w.Write(buf.Bytes())
	return err
}

func (s *streamWriter) close() error { return nil }

// A documentWriter writes one JSON document: the article when there is
// one, else an array of them. It holds back only the first article until
// it knows which.
type documentWriter struct {
	w      io.Writer
	render func(*newslooks.Article, io.Writer) error
	first  []byte
	n      int
}

func (d *documentWriter) write(a *newslooks.Article) error {
	var buf bytes.Buffer
	if err := d.render(a, &buf); err != nil {
		return err
	}
	d.n++
	switch d.n {
	case 1:
		d.first = buf.Bytes()
		return nil
	case 2:
		if _, err := io.WriteString(d.w, "[\n"); err != nil {
			return err
		}
		if err := d.element(d.first, false); err != nil {
			return err
		}
		d.first = nil
	}
	return d.element(buf.Bytes(), true)
}

// element writes one indented array element.
func (d *documentWriter) element(js []byte, comma bool) error {
	var b bytes.Buffer
	if comma {
		b.WriteString(",\n")
	}
	js = bytes.TrimSuffix(js, []byte("\n"))
	b.WriteString("  ")
	b.Write(bytes.ReplaceAll(js, []byte("\n"), []byte("\n  ")))
	_, err := d.w.Write(b.Bytes())
	return err
}

func (d *documentWriter) close() error {
	var err error
	switch d.n {
	case 0:
		_, err = io.WriteString(d.w, "[]\n")
	case 1:
		_, err = d.w.Write(d.first)
	default:
		_, err = io.WriteString(d.w, "\n]\n")
	}
	return err
}

// A dirWriter writes each article to a file of its own, named from a slug
// of its headline. A file of that name holding a different article is
// never overwritten: the name takes a number instead.
type dirWriter struct {
	dir    string
	render func(*newslooks.Article, io.Writer) error
	ext    string
}

func (d *dirWriter) write(a *newslooks.Article) error {
	var buf bytes.Buffer
	if err := d.render(a, &buf); err != nil {
		return err
	}
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return err
	}
	base := slug(a.Headline)
	for n := 1; ; n++ {
		name := base
		if n > 1 {
			name += "-" + strconv.Itoa(n)
		}
		path := filepath.Join(d.dir, name+d.ext)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			old, rerr := os.ReadFile(path)
			if rerr == nil && bytes.Equal(old, buf.Bytes()) {
				return nil // the same article, written by an earlier run
			}
			continue
		}
		if err != nil {
			return err
		}
		if _, err := f.Write(buf.Bytes()); err != nil {
			f.Close()
			return fmt.Errorf("writing %s: %w", path, err)
		}
		return f.Close()
	}
}

func (d *dirWriter) close() error { return nil }

// slug makes a file name from a headline: lower-case letters and digits
// joined by hyphens, at most 80 bytes, "article" when nothing is left.
func slug(headline string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(headline) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			sep := dash && b.Len() > 0
			dash = false
			if sep {
				if b.Len()+1+utf8.RuneLen(r) > 80 {
					break
				}
				b.WriteByte('-')
			} else if b.Len()+utf8.RuneLen(r) > 80 {
				break
			}
			b.WriteRune(r)
			continue
		}
		if r == '’' || r == '\'' {
			continue // "Trump’s" gives "trumps"
		}
		dash = true
	}
	if b.Len() == 0 {
		return "article"
	}
	return b.String()
}
