package export

import (
	"io"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/newsingest/newslooks/store"
)

// A Parquet row group holds at most rowGroupRows rows, and ends with the
// row that brings its text to rowGroupBytes: the writer keeps one row
// group in memory, compressed page by page, before it writes it, so the
// bound holds for articles of any size (one article past it at most).
const (
	rowGroupRows  = 10_000
	rowGroupBytes = 4 << 20
)

// pendingRows is how many rows the writer hands parquet-go at a time.
const pendingRows = 64

// A ParquetWriter writes stored articles as a Parquet file with [Row]'s
// schema, zstd-compressed (its fastest level: the default level's
// encoder held half of the writer's memory), in row groups of at most
// 10,000 articles and about 4 MiB of text. Memory holds one row group,
// and the footer's metadata, which Parquet writes last: about 23 KB per
// row group (of the order of 10 MB for a million articles of 3 KB),
// without page bounds for the headline, summary and body.
type ParquetWriter struct {
	w          *parquet.GenericWriter[Row]
	pending    []Row
	groupBytes int // the text in the row group being written
}

// NewParquet returns a ParquetWriter writing to w. The file is complete
// only after Close.
func NewParquet(w io.Writer) *ParquetWriter {
	return &ParquetWriter{w: parquet.NewGenericWriter[Row](w,
		parquet.Compression(&zstd.Codec{Level: zstd.SpeedFastest}),
		parquet.MaxRowsPerRowGroup(rowGroupRows),
		// The least and greatest body of each page, kept whole in the
		// footer until it is written, grew memory by 650 KB per row
		// group of 3 KB articles; bounds of prose serve no reader.
		parquet.SkipPageBounds("headline"), parquet.SkipPageBounds("summary"), parquet.SkipPageBounds("body"))}
}

// Write adds one article.
func (p *ParquetWriter) Write(st *store.Stored) error {
	r, err := NewRow(st)
	if err != nil {
		return err
	}
	p.pending = append(p.pending, r)
	p.groupBytes += len(r.Body) + len(r.Headline) + len(r.Summary)
	full := p.groupBytes >= rowGroupBytes
	if len(p.pending) < pendingRows && !full {
		return nil
	}
	if err := p.write(); err != nil {
		return err
	}
	if full {
		p.groupBytes = 0
		return p.w.Flush()
	}
	return nil
}

func (p *ParquetWriter) write() error {
	_, err := p.w.Write(p.pending)
	clear(p.pending)
	p.pending = p.pending[:0]
	return err
}

// Close writes what is pending and the file's footer.
func (p *ParquetWriter) Close() error {
	if err := p.write(); err != nil {
		return err
	}
	return p.w.Close()
}
