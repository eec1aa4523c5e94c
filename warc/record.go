package warc

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Kind says what a Record is to a caller that wants web pages.
type Kind int

const (
	// HTMLPage is an HTTP 200 response whose body is HTML: Record.Body holds
	// the page.
	HTMLPage Kind = iota + 1
	// Skipped is any other record; Record.Skip says why and Record.Detail
	// gives the particulars.
	Skipped
)

// String returns "html-page" or "skipped".
func (k Kind) String() string {
	switch k {
	case HTMLPage:
		return "html-page"
	case Skipped:
		return "skipped"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// SkipReason says why a record is not an HTML page. Its values are short
// words meant for a summary line ("not-response: 5").
type SkipReason string

// The reasons a record is skipped, in the order the Reader checks them.
const (
	// SkipNotResponse: the record is not a response record (warcinfo,
	// request, metadata, revisit, resource, conversion, continuation or an
	// unknown type). Detail names the WARC-Type.
	SkipNotResponse SkipReason = "not-response"
	// SkipNotHTTP: a response record whose block is not an HTTP response
	// (a dns: or ftp: capture, or an HTTP head that does not parse).
	SkipNotHTTP SkipReason = "not-http"
	// SkipRedirect: an HTTP 3xx response. Detail holds the status and the
	// Location header.
	SkipRedirect SkipReason = "redirect"
	// SkipStatus: an HTTP response whose status is neither 200 nor 3xx.
	SkipStatus SkipReason = "status"
	// SkipNotHTML: a 200 response whose Content-Type (or, without one, the
	// sniffed type of its body) is not text/html or application/xhtml+xml.
	SkipNotHTML SkipReason = "not-html"
	// SkipTooLarge: the body, as stored or once decoded, is larger than
	// Options.MaxBodyBytes.
	SkipTooLarge SkipReason = "too-large"
	// SkipEncoding: the body has a Content-Encoding that the Reader does not
	// decode (br, zstd, compress...) or one whose data is broken.
	SkipEncoding SkipReason = "encoding"
)

// Record is one WARC record as the Reader reports it: an HTML page, or a
// skipped record with the reason. The WARC header fields are set for both
// kinds; the HTTP fields are set as far as the record got before it was
// skipped (Status and Header for every HTTP response).
type Record struct {
	Kind Kind
	// Skip is the reason a Skipped record was skipped; empty for a page.
	Skip SkipReason
	// Detail describes a skipped record for a log line, such as
	// "WARC-Type request", "404 Not Found" or "image/png".
	Detail string

	// Type is the WARC-Type field: "response", "request", "warcinfo"...
	Type string
	// TargetURI is the WARC-Target-URI field, without the angle brackets
	// that some WARC/1.0 writers put around it. It is the page's source.
	TargetURI string
	// Date is the WARC-Date field, the time the page was fetched; zero when
	// the field is missing or does not parse.
	Date time.Time
	// ID is the WARC-Record-ID field, such as "<urn:uuid:...>".
	ID string
	// Offset is the byte offset of the record's first byte in the input: of
	// its gzip member in a record-compressed .warc.gz, of its "WARC/1." line
	// in a plain .warc. In a file gzipped as one stream it is the offset in
	// the decompressed stream.
	Offset int64
	// Size is the number of input bytes the record takes, gzip framing
	// included.
	Size int64

	// Status is the HTTP status code; 0 when the record is not an HTTP
	// response.
	Status int
	// Header is the HTTP response header; nil when the record is not an
	// HTTP response.
	Header http.Header
	// ContentType is the HTTP Content-Type header, or for a 200 response
	// sent without one the type sniffed from its body.
	ContentType string
	// Body is the page, for an HTMLPage only: the HTTP payload with any
	// chunked transfer coding removed and a gzip or deflate Content-Encoding
	// decoded, in the character set it was served in: hand it, with
	// ContentType, to page.Parser.ParseResponse, which decodes it as it
	// decodes every page. Each record has its own Body; the Reader does
	// not reuse it.
	Body []byte

	// Warnings are problems that did not stop the record being read: a
	// digest that does not match, a missing CR at a line end, a body that
	// said it was chunked or gzipped but was not.
	Warnings []error
}

// CorruptError reports input that could not be read as a WARC record: a
// record cut short, a gzip member that does not inflate, a header that does
// not parse, or bytes between records that are no record at all. The Reader
// reports each such region once and goes on with the next record start it
// can find, so a CorruptError never ends the iteration.
type CorruptError struct {
	// Offset is the byte offset in the input where the bad record (or the
	// stray bytes) starts.
	Offset int64
	// Next is the offset where reading resumed: the next record start found
	// after Offset, or the end of the input.
	Next int64
	// Err is the underlying error.
	Err error
}

// Error describes the error with its offset.
func (e *CorruptError) Error() string {
	return fmt.Sprintf("warc: corrupt record at offset %d (resumed at %d): %v", e.Offset, e.Next, e.Err)
}

// Unwrap returns the underlying error.
func (e *CorruptError) Unwrap() error { return e.Err }

// Counts tallies what a Reader yielded, for a summary. Add every value pair
// the Reader yields to it.
type Counts struct {
	// Pages is the number of HTML pages.
	Pages int
	// Skipped is the number of skipped records, all reasons together.
	Skipped int
	// ByReason is the number of skipped records for each reason.
	ByReason map[SkipReason]int
	// Corrupt is the number of CorruptErrors.
	Corrupt int
	// Failed is the number of other errors: a failure to read the input,
	// which ends the iteration.
	Failed int
}

// Add counts one value pair yielded by Records or returned by Reader.Next.
// io.EOF is not counted.
func (c *Counts) Add(rec *Record, err error) {
	if err != nil {
		var ce *CorruptError
		switch {
		case errors.Is(err, io.EOF):
		case errors.As(err, &ce):
			c.Corrupt++
		default:
			c.Failed++
		}
		return
	}
	if rec == nil {
		return
	}
	switch rec.Kind {
	case HTMLPage:
		c.Pages++
	case Skipped:
		c.Skipped++
		if c.ByReason == nil {
			c.ByReason = make(map[SkipReason]int)
		}
		c.ByReason[rec.Skip]++
	}
}

// Total is the number of records and corrupt regions counted.
func (c *Counts) Total() int { return c.Pages + c.Skipped + c.Corrupt + c.Failed }

// String gives a one-line summary such as
// "12 records: 2 pages, 8 skipped (not-response 5, status 2, redirect 1), 2 corrupt".
func (c *Counts) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d records: %d pages, %d skipped", c.Total(), c.Pages, c.Skipped)
	if len(c.ByReason) > 0 {
		reasons := make([]SkipReason, 0, len(c.ByReason))
		for r := range c.ByReason {
			reasons = append(reasons, r)
		}
		slices.SortFunc(reasons, func(a, b SkipReason) int {
			if d := c.ByReason[b] - c.ByReason[a]; d != 0 {
				return d
			}
			return strings.Compare(string(a), string(b))
		})
		b.WriteString(" (")
		for i, r := range reasons {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %d", r, c.ByReason[r])
		}
		b.WriteString(")")
	}
	fmt.Fprintf(&b, ", %d corrupt", c.Corrupt)
	if c.Failed > 0 {
		fmt.Fprintf(&b, ", %d failed", c.Failed)
	}
	return b.String()
}
