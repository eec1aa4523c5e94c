package warc

import (
	"bytes"
	"compress/gzip"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDetect(t *testing.T) {
	record := "WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(record))
	zw.Close()
	assert.True(t, Detect([]byte(record)))
	assert.True(t, Detect(gz.Bytes()))
	assert.True(t, Detect(gz.Bytes()[:40]), "the start of a member is enough")

	var other bytes.Buffer
	zw = gzip.NewWriter(&other)
	zw.Write([]byte("<html>not an archive</html>"))
	zw.Close()
	for _, no := range [][]byte{nil, []byte("WARC"), []byte("<!DOCTYPE html>"), other.Bytes(), {0x1f, 0x8b}, []byte("Headline/ Newslooks/ Summary")} {
		assert.False(t, Detect(no), "%q", no)
	}
}
