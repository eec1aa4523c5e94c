// Package export writes stored articles ([store.Stored]) as tables for
// data tools: CSV (RFC 4180, through encoding/csv) for spreadsheets and
// Parquet (through parquet-go) for dataframes and query engines. Both have
// the same columns, one row per article, listed by [Columns]; both are
// streamed, a row at a time, so memory stays bounded however many articles
// are written.
//
// It is a package of its own so that programs using package store do not
// link a Parquet library they do not call.
package export

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/store"
)

// A Row is one article as a table row: the Article's fields, its body as
// text, and what the store knows about it. Its Parquet schema follows from
// the struct tags: strings are UTF-8 byte arrays, times are microsecond
// timestamps (UTC; null when unknown), authors and tags are lists.
type Row struct {
	// ID is the store's key; DuplicateOf names the first copy of a near
	// duplicate as [store.Stored.DuplicateOfRef] does, "" for a first copy.
	ID          int64  `parquet:"id"`
	DuplicateOf string `parquet:"duplicate_of"`
	// URL is the canonical URL, "" for an article read without one.
	URL       string   `parquet:"url"`
	Headline  string   `parquet:"headline"`
	Summary   string   `parquet:"summary"`
	Authors   []string `parquet:"authors,list"`
	Publisher string   `parquet:"publisher"`
	Location  string   `parquet:"location"`
	Edition   string   `parquet:"edition"`
	Dateline  string   `parquet:"dateline"`
	Section   string   `parquet:"section"`
	Tags      []string `parquet:"tags,list"`
	Language  string   `parquet:"language"`
	// Published, Modified and Fetched are the article's; Ingested is when
	// it was first stored and Updated when it last changed.
	Published *time.Time `parquet:"published,optional,timestamp(microsecond)"`
	Modified  *time.Time `parquet:"modified,optional,timestamp(microsecond)"`
	Fetched   *time.Time `parquet:"fetched,optional,timestamp(microsecond)"`
	Ingested  time.Time  `parquet:"ingested,timestamp(microsecond)"`
	Updated   time.Time  `parquet:"updated,timestamp(microsecond)"`
	// Source is where the article was read from (Article.Source); Input
	// is the kind of input ("file", "feed", "url", "warc", …).
	Source      string `parquet:"source"`
	Input       string `parquet:"input"`
	ContentHash string `parquet:"content_hash"`
	// Body is the article's text: section headings and paragraphs,
	// separated by blank lines ([newslooks.Article.Text]).
	Body string `parquet:"body"`
}

// Columns returns the column names, in the order of a CSV record and of
// the Parquet schema.
func Columns() []string {
	return []string{"id", "duplicate_of", "url", "headline", "summary", "authors", "publisher", "location", "edition",
		"dateline", "section", "tags", "language", "published", "modified", "fetched", "ingested", "updated",
		"source", "input", "content_hash", "body"}
}

// NewRow makes the row of a stored article.
func NewRow(st *store.Stored) (Row, error) {
	var a newslooks.Article
	if err := json.Unmarshal(st.JSON, &a); err != nil {
		return Row{}, fmt.Errorf("export: article %d: %w", st.ID, err)
	}
	return Row{
		ID:          st.ID,
		DuplicateOf: st.DuplicateOfRef,
		URL:         st.URL,
		Headline:    a.Headline,
		Summary:     a.Summary,
		Authors:     nilIfEmpty(a.Byline.Authors),
		Publisher:   a.Byline.Publisher,
		Location:    a.Byline.Location,
		Edition:     a.Byline.Edition,
		Dateline:    a.Dateline,
		Section:     a.Section,
		Tags:        nilIfEmpty(a.Tags),
		Language:    a.Language,
		Published:   optionalTime(st.Published),
		Modified:    optionalTime(st.Modified),
		Fetched:     optionalTime(st.Fetched),
		Ingested:    st.Ingested.UTC(),
		Updated:     st.Updated.UTC(),
		Source:      a.Source,
		Input:       st.Source,
		ContentHash: st.ContentHash,
		Body:        a.Text(),
	}, nil
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}
