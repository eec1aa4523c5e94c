package source

import (
	"errors"
	"strconv"
	"strings"
	"unicode"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/warc"
)

// An Error is an error a Reader yields: it names the input and where in
// it the error applies, and wraps the cause.
type Error struct {
	// Input is the name of the input (Input.Name).
	Input string
	// Line is the 1-based line of the input where the error applies (an
	// article of the text form, a JSON line); 0 when no line applies.
	Line int
	// Offset is the byte offset of the web archive record that failed;
	// -1 when the error is not a record's (a corrupt stretch of an
	// archive is a *warc.CorruptError, which names its own offset).
	Offset int64
	// URL is the address of the archive record's page; "" when none.
	URL string
	// Err is the cause: a *newslooks.ParseError, a *fetch.Error, a
	// *warc.CorruptError, a file system, JSON or read error, or the
	// context's cause.
	Err error
}

// Error formats the error as "INPUT:LINE: message", "INPUT: record at
// offset N (URL): message" or "INPUT: message", on one line: an input
// name or message that holds a control character (a newline in a file
// name) is quoted, Go-style, so that it cannot split the line.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(oneLine(e.Input))
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Offset >= 0 {
		b.WriteString("record at offset ")
		b.WriteString(strconv.FormatInt(e.Offset, 10))
		if e.URL != "" {
			b.WriteString(" (" + e.URL + ")")
		}
		b.WriteString(": ")
	}
	msg := e.Err
	if pe, ok := e.Err.(*newslooks.ParseError); ok && pe.Line > 0 && pe.Line == e.Line {
		msg = pe.Err // the line is named already
	}
	if msg != nil {
		b.WriteString(oneLine(msg.Error()))
	}
	return b.String()
}

// oneLine returns s, or s quoted if it holds a control character.
func oneLine(s string) string {
	if strings.ContainsFunc(s, unicode.IsControl) {
		return strconv.Quote(s)
	}
	return s
}

// Unwrap returns the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// A Skip is a record of a web archive that holds no article (a request,
// a redirect, an image, ...), which a Reader leaves out and reports to
// Reader.Skipped.
type Skip struct {
	// Input is the name of the archive's input.
	Input string
	// Offset is the record's byte offset in the archive.
	Offset int64
	// URL is the record's target, if any.
	URL string
	// Reason says why the record holds no article.
	Reason warc.SkipReason
}

// fail returns the *Error of err, met at rec (Source, Offset and, for an
// archive record, PageURL say where); the line is err's, if it has one.
func (rec *Record) fail(err error) error {
	e := &Error{Input: rec.Source, Offset: rec.Offset, Err: err}
	if rec.Offset >= 0 {
		e.URL = rec.PageURL
	}
	var pe *newslooks.ParseError
	if errors.As(err, &pe) {
		e.Line = pe.Line
	}
	return e
}
