package crawl

import (
	"bufio"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Defaults of the sitemap limits (see Crawler).
const (
	// DefaultMaxSitemapURLs is the most URLs read of one sitemap, the
	// limit of the sitemap protocol. A sitemap with more is read up to
	// the limit and reported with ErrTooManyURLs.
	DefaultMaxSitemapURLs = 50_000
	// DefaultMaxSitemapBytes is the largest sitemap read, after gzip
	// decoding: the limit of the sitemap protocol.
	DefaultMaxSitemapBytes = 50 << 20
	// DefaultMaxSitemapDepth is how deep sitemap indexes are followed:
	// an index, the indexes it lists, and their sitemaps.
	DefaultMaxSitemapDepth = 3
	// DefaultMaxSitemaps is the most sitemaps read for one source in one
	// pass, indexes included.
	DefaultMaxSitemaps = 200
)

// MaxSitemapNesting is how deep a sitemap's XML elements may nest. The
// protocol and its extensions need five levels (urlset, url, news:news,
// news:publication, news:name); a deeper document is refused with
// ErrSitemapNesting as soon as it goes deeper, so that neither the
// reader's path nor the XML decoder's own stack grows with it.
const MaxSitemapNesting = 32

// These are the errors of sitemaps; test for them with errors.Is.
var (
	// ErrTooManyURLs: a sitemap lists more URLs than the limit; the
	// URLs up to the limit are used, and the source's status says so.
	ErrTooManyURLs = errors.New("sitemap lists too many URLs")
	// ErrSitemapTooLarge: a sitemap is larger than the limit.
	ErrSitemapTooLarge = errors.New("sitemap too large")
	// ErrNotSitemap: the document is not a urlset or a sitemapindex.
	ErrNotSitemap = errors.New("not a sitemap")
	// ErrTooManySitemaps: a source's sitemap indexes list more sitemaps,
	// or nest deeper, than the limits. A branch too deep is skipped and
	// its siblings are still read; once the count is reached, no more
	// sitemap is read.
	ErrTooManySitemaps = errors.New("too many sitemaps")
	// ErrSitemapNesting: a sitemap's elements nest deeper than
	// MaxSitemapNesting.
	ErrSitemapNesting = errors.New("sitemap elements nest too deep")
	// ErrMalformedSitemap: a sitemap is not well-formed XML, or its gzip
	// stream is broken; the entries before the error have been read.
	ErrMalformedSitemap = errors.New("malformed sitemap")
)

// A SitemapEntry is one <url> of a urlset, or one <sitemap> of a
// sitemap index.
type SitemapEntry struct {
	// Loc is the URL.
	Loc string
	// LastMod is the <lastmod>; zero when absent or unparsable.
	LastMod time.Time
	// Index is true for a <sitemap> of a sitemap index: Loc is another
	// sitemap.
	Index bool
	// Title, Published and Language are the Google News extension's
	// news:title, news:publication_date and news:language.
	Title     string
	Published time.Time
	Language  string
}

// ReadSitemap reads a sitemap (a urlset or a sitemap index, gzipped or
// not) from r as a stream, calling fn for each entry, and never holds
// more than one entry in memory. It stops with ErrTooManyURLs after
// maxURLs entries (zero means DefaultMaxSitemapURLs) and with
// ErrSitemapTooLarge after maxBytes bytes of XML (zero means
// DefaultMaxSitemapBytes); the entries before the limit have been given
// to fn. Elements nested deeper than MaxSitemapNesting stop it with
// ErrSitemapNesting, and broken XML or gzip with ErrMalformedSitemap.
// Its memory is bounded by the nesting limit and by 8 KiB of text per
// element, whatever the size of the sitemap. An error fn returns stops
// the reading and is returned.
func ReadSitemap(r io.Reader, maxURLs int, maxBytes int64, fn func(SitemapEntry) error) error {
	if maxURLs <= 0 {
		maxURLs = DefaultMaxSitemapURLs
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxSitemapBytes
	}
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%w: gzip: %w", ErrMalformedSitemap, err)
		}
		defer zr.Close()
		r = zr
	} else {
		r = br
	}
	lr := &limitedReader{r: r, n: maxBytes}
	dec := xml.NewDecoder(lr)
	dec.Strict = false
	dec.CharsetReader = charsetReader

	var (
		root  string
		cur   *SitemapEntry
		path  []string // local names of the open elements
		text  strings.Builder
		count int
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if lr.over {
				return fmt.Errorf("%w: more than %d bytes", ErrSitemapTooLarge, maxBytes)
			}
			return fmt.Errorf("%w: %w", ErrMalformedSitemap, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if root == "" {
				root = name
				if root != "urlset" && root != "sitemapindex" {
					return fmt.Errorf("%w: root element <%s>", ErrNotSitemap, root)
				}
			}
			if len(path) >= MaxSitemapNesting {
				return fmt.Errorf("%w: more than %d levels, at line %d", ErrSitemapNesting, MaxSitemapNesting, lineOf(dec))
			}
			path = append(path, name)
			text.Reset()
			if len(path) == 2 && (name == "url" || name == "sitemap") {
				cur = &SitemapEntry{Index: name == "sitemap"}
			}
		case xml.CharData:
			if cur != nil && text.Len() < 8<<10 {
				text.Write(t)
			}
		case xml.EndElement:
			name := t.Name.Local
			if cur != nil {
				v := strings.TrimSpace(text.String())
				switch {
				case len(path) == 3 && name == "loc":
					cur.Loc = v
				case len(path) == 3 && name == "lastmod":
					cur.LastMod = parseW3CDate(v)
				case name == "publication_date" && isNews(t.Name):
					cur.Published = parseW3CDate(v)
				case name == "title" && isNews(t.Name):
					cur.Title = v
				case name == "language" && isNews(t.Name):
					cur.Language = v
				case len(path) == 2:
					e := *cur
					cur = nil
					if e.Loc == "" {
						break
					}
					if count >= maxURLs {
						return fmt.Errorf("%w: more than %d", ErrTooManyURLs, maxURLs)
					}
					count++
					if err := fn(e); err != nil {
						return err
					}
				}
			}
			text.Reset()
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		}
	}
	if root == "" {
		return ErrNotSitemap
	}
	return nil
}

// lineOf returns the line the decoder has reached.
func lineOf(dec *xml.Decoder) int {
	line, _ := dec.InputPos()
	return line
}

// isNews reports whether name is in the Google News sitemap namespace,
// or has no namespace the decoder could resolve.
func isNews(name xml.Name) bool {
	return name.Space == "" || strings.Contains(name.Space, "sitemap-news") || name.Space == "news"
}

// parseW3CDate parses the W3C datetime forms sitemaps use.
func parseW3CDate(s string) time.Time {
	for _, layout := range [...]string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// charsetReader accepts the encodings sitemaps declare: UTF-8 (which the
// protocol requires) and its aliases, read as UTF-8.
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8", "us-ascii", "ascii", "":
		return r, nil
	}
	return nil, fmt.Errorf("unsupported sitemap encoding %q (sitemaps are UTF-8)", label)
}

// A limitedReader reads at most n bytes and records whether r had more.
type limitedReader struct {
	r    io.Reader
	n    int64
	over bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var one [1]byte
		if k, _ := l.r.Read(one[:]); k > 0 {
			l.over = true
			return 0, ErrSitemapTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	return k, err
}
