// Package output renders the command's articles and writes them: to
// standard output as one stream or document, or to a folder as one file
// per article.
package output

import (
	"encoding/json"
	"io"
	"slices"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/ninjs"
)

// A format renders one article and names the file ending used with --out.
type format struct {
	render func(a *newslooks.Article, w io.Writer) error
	ext    string
}

var formats = map[string]format{
	"json":     {renderJSON, ".json"},
	"jsonl":    {renderJSONL, ".json"},
	"markdown": {func(a *newslooks.Article, w io.Writer) error { return a.WriteMarkdown(w) }, ".md"},
	"text":     {func(a *newslooks.Article, w io.Writer) error { _, err := a.WriteTo(w); return err }, ".txt"},
	"ninjs":    {func(a *newslooks.Article, w io.Writer) error { return IndentJSON(w, ninjs.FromArticle(a)) }, ".ninjs.json"},
}

// Formats lists the names of the formats, sorted.
func Formats() []string {
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Valid reports whether name is a format.
func Valid(name string) bool { _, ok := formats[name]; return ok }

// renderJSON writes the article as an indented document. Like the
// library's JSON it leaves out "source", which jsonl sets.
func renderJSON(a *newslooks.Article, w io.Writer) error {
	c := *a
	c.Source = ""
	return IndentJSON(w, &c)
}

// IndentJSON writes v as JSON indented by two spaces, without escaping
// HTML characters.
func IndentJSON(w io.Writer, v any) error {
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
