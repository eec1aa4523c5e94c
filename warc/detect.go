package warc

import (
	"bytes"
	"compress/gzip"
	"io"
)

// Detect reports whether prefix, the first bytes of an input (a few
// hundred are enough), starts a WARC file: a "WARC/1." record line, or a
// gzip member that inflates to one, as in a .warc.gz. Callers that read
// inputs of several kinds use it to pick this package's reader.
func Detect(prefix []byte) bool {
	if bytes.HasPrefix(prefix, warc1Magic) {
		return true
	}
	if len(prefix) < 2 || prefix[0] != 0x1f || prefix[1] != 0x8b {
		return false
	}
	zr, err := gzip.NewReader(bytes.NewReader(prefix))
	if err != nil {
		return false
	}
	head := make([]byte, len(warc1Magic))
	n, _ := io.ReadFull(zr, head)
	return bytes.Equal(head[:n], warc1Magic)
}
