package export

import (
	"io"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/newsingest/newslooks/store"
)

// rowGroupRows is how many rows a Parquet row group holds: the writer keeps
// one row group in memory, about 6 MB of bodies for 1,000 articles of
// 6 KB, before it compresses and writes it.
const rowGroupRows = 1000

// A ParquetWriter writes stored articles as a Parquet file with [Row]'s
// schema, zstd-compressed, in row groups of 1,000 articles: memory holds
// one row group, however many articles are written.
type ParquetWriter struct {
	w       *parquet.GenericWriter[Row]
	pending []Row
}

// NewParquet returns a ParquetWriter writing to w. The file is complete
// only after Close.
func NewParquet(w io.Writer) *ParquetWriter {
	return &ParquetWriter{w: parquet.NewGenericWriter[Row](w,
		parquet.Compression(&zstd.Codec{}),
		parquet.MaxRowsPerRowGroup(rowGroupRows))}
}

// Write adds one article.
func (p *ParquetWriter) Write(st *store.Stored) error {
	r, err := NewRow(st)
	if err != nil {
		return err
	}
	p.pending = append(p.pending, r)
	if len(p.pending) == 64 {
		return p.write()
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
