package newslooks

import (
	"errors"
	"strconv"
)

// These are the values of ParseError.Err, possibly wrapped with detail.
// Test for them with errors.Is.
var (
	// ErrEmpty: the input holds nothing but white space.
	ErrEmpty = errors.New("empty input")
	// ErrNotArticle: the input is not an article of the expected form:
	// prose with no header line, binary data, an HTML page given to the
	// text parser, text given to the HTML parser, or a page that holds no
	// article (a section front, an empty body).
	ErrNotArticle = errors.New("not an article")
	// ErrInvalidUTF8: the text is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrTooLarge: the input is larger than the parser's size limit.
	ErrTooLarge = errors.New("input too large")
	// ErrMultipleArticles: Parse was given a stream that holds more than
	// one article; ParseError.Line is where the second one begins. Use
	// Parser.Articles to read such streams.
	ErrMultipleArticles = errors.New("more than one article")
	// ErrStrict: a strict Parser met something it would otherwise only
	// have warned about; the wrapped message is the warning's.
	ErrStrict = errors.New("strict mode")
)

// A ParseError is returned for input that cannot be parsed. Its Err is one
// of the sentinel errors above, possibly wrapped with detail, so callers
// test it with errors.Is and read the position with errors.As.
//
// Every error that an input's content causes is a *ParseError, from every
// parser of the module (text, pages, streams). The one other error a
// parser returns is the failure of the io.Reader it was given: that error
// is passed on wrapped ("reading input: ..."), so errors.Is finds it, and
// it is never a *ParseError, since the input itself may be fine.
type ParseError struct {
	// Line is the 1-based line of the input where the error was found,
	// counted from the start of the stream; 0 when no line applies (an
	// empty input, an HTML page).
	Line int
	// Err is the underlying error.
	Err error
}

// Error formats the error as "line N: message", or just the message when
// no line applies.
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return "line " + strconv.Itoa(e.Line) + ": " + e.Err.Error()
	}
	return e.Err.Error()
}

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *ParseError) Unwrap() error { return e.Err }
