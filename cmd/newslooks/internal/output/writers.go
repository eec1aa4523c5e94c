package output

import (
	"bytes"
	"io"

	"github.com/newsingest/newslooks"
)

// A Status says what writing an article to a folder did.
type Status int

const (
	// Streamed: the article went to standard output.
	Streamed Status = iota
	// Created: a new file holds the article.
	Created
	// Existing: a file from an earlier run already held the same bytes,
	// as after a crash or a rerun; nothing was written.
	Existing
	// Shared: a file this run wrote for another article already held the
	// same bytes (the format leaves out what told them apart); nothing was
	// written.
	Shared
)

// A Result is what writing one article did, and the file it is in.
type Result struct {
	Status Status
	Path   string
}

// A Writer writes the run's articles in order.
type Writer interface {
	Write(a *newslooks.Article) (Result, error)
	// Close ends the output: a JSON array is closed, even when the run
	// was interrupted.
	Close() error
}

// New returns the writer for a format (one of Formats): to stdout, or one
// file per article in dir when dir is set.
func New(name, dir string, stdout io.Writer) (Writer, error) {
	f := formats[name]
	switch {
	case dir != "":
		return newDirWriter(dir, f)
	case name == "json" || name == "ninjs":
		return &arrayWriter{w: stdout, render: f.render}, nil
	}
	sep := ""
	if name == "markdown" || name == "text" {
		sep = "\n"
	}
	return &streamWriter{w: stdout, render: f.render, sep: sep}, nil
}

// A streamWriter writes articles one after another, separated by sep:
// JSON lines, Markdown, text.
type streamWriter struct {
	w      io.Writer
	render func(*newslooks.Article, io.Writer) error
	sep    string
	n      int
}

func (s *streamWriter) Write(a *newslooks.Article) (Result, error) {
	var buf bytes.Buffer
	if s.n > 0 {
		buf.WriteString(s.sep)
	}
	if err := s.render(a, &buf); err != nil {
		return Result{}, err
	}
	s.n++
	_, err := s.w.Write(buf.Bytes())
	return Result{}, err
}

func (s *streamWriter) Close() error { return nil }

// An arrayWriter writes one JSON array of the articles, whatever their
// number: "[]" for none. Each element is written as soon as it comes.
type arrayWriter struct {
	w      io.Writer
	render func(*newslooks.Article, io.Writer) error
	n      int
}

func (d *arrayWriter) Write(a *newslooks.Article) (Result, error) {
	var js bytes.Buffer
	if err := d.render(a, &js); err != nil {
		return Result{}, err
	}
	var b bytes.Buffer
	if d.n == 0 {
		b.WriteString("[\n")
	} else {
		b.WriteString(",\n")
	}
	d.n++
	b.WriteString("  ")
	b.Write(bytes.ReplaceAll(bytes.TrimSuffix(js.Bytes(), []byte("\n")), []byte("\n"), []byte("\n  ")))
	_, err := d.w.Write(b.Bytes())
	return Result{}, err
}

func (d *arrayWriter) Close() error {
	end := "\n]\n"
	if d.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(d.w, end)
	return err
}
