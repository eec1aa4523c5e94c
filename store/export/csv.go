package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/newsingest/newslooks/store"
)

// A CSVWriter writes stored articles as CSV (RFC 4180): a header record of
// [Columns], then one record per article. Times are RFC 3339 in UTC with
// microseconds, empty when unknown; authors and tags are joined by "; ";
// the body keeps its line breaks inside its quoted field.
type CSVWriter struct {
	w      *csv.Writer
	header bool
	rec    []string
}

// NewCSV returns a CSVWriter writing to w.
func NewCSV(w io.Writer) *CSVWriter {
	return &CSVWriter{w: csv.NewWriter(w)}
}

// Write writes one article's record, after the header record the first
// time.
func (c *CSVWriter) Write(st *store.Stored) error {
	if !c.header {
		if err := c.w.Write(Columns()); err != nil {
			return err
		}
		c.header = true
	}
	r, err := NewRow(st)
	if err != nil {
		return err
	}
	c.rec = append(c.rec[:0], strconv.FormatInt(r.ID, 10), r.DuplicateOf, r.URL, r.Headline, r.Summary,
		strings.Join(r.Authors, "; "), r.Publisher, r.Location, r.Edition, r.Dateline, r.Section,
		strings.Join(r.Tags, "; "), r.Language, csvTime(r.Published), csvTime(r.Modified), csvTime(r.Fetched),
		csvTime(&r.Ingested), csvTime(&r.Updated), r.Source, r.Input, r.ContentHash, r.Body)
	return c.w.Write(c.rec)
}

// Close writes the header if no article was written, and flushes.
func (c *CSVWriter) Close() error {
	if !c.header {
		if err := c.w.Write(Columns()); err != nil {
			return err
		}
		c.header = true
	}
	c.w.Flush()
	return c.w.Error()
}

func csvTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.999999Z07:00")
}
