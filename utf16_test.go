package newslooks

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// encodeUTF16 returns s in UTF-16 with a byte-order mark, as Windows
// editors save "Unicode" text.
func encodeUTF16(s string, bigEndian bool) []byte {
	var order binary.AppendByteOrder = binary.LittleEndian
	if bigEndian {
		order = binary.BigEndian
	}
	b := order.AppendUint16(nil, 0xFEFF)
	for _, u := range utf16.Encode([]rune(s)) {
		b = order.AppendUint16(b, u)
	}
	return b
}

// TestUTF16Text checks that a text copy saved as UTF-16 with a byte-order
// mark parses as its UTF-8 original does, through every entry point.
func TestUTF16Text(t *testing.T) {
	sample := string(readSample(t))
	want, err := ParseString(sample)
	require.NoError(t, err)
	for _, big := range []bool{false, true} {
		src := encodeUTF16(sample, big)
		assert.Equal(t, FormatText, Detect(src[:SniffLen]), "big endian %v", big)

		a, err := Parse(bytes.NewReader(src))
		require.NoError(t, err)
		assert.Equal(t, want, a)

		a, err = ParseString(string(src))
		require.NoError(t, err)
		assert.Equal(t, want, a)

		// Articles decodes as it streams, a byte at a time here, so odd
		// bytes and surrogate pairs straddle reads.
		var got []*Article
		for a, err := range Articles(iotest.OneByteReader(bytes.NewReader(src))) {
			require.NoError(t, err)
			got = append(got, a)
		}
		require.Len(t, got, 1)
		assert.Equal(t, want, got[0])
	}
}

func TestFromUTF16(t *testing.T) {
	for _, s := range []string{"", "plain", "Café — “quoted”", "emoji 🗞️ and 𝄞 clef", strings.Repeat("é😀", 1000)} {
		for _, big := range []bool{false, true} {
			assert.Equal(t, s, string(fromUTF16(encodeUTF16(s, big)[2:], big)), "%q", s)
		}
	}
	// An unpaired surrogate and a trailing odd byte become U+FFFD.
	assert.Equal(t, "a\uFFFDb", string(fromUTF16([]byte{'a', 0, 0x00, 0xD8, 'b', 0}, false)))
	assert.Equal(t, "a\uFFFD", string(fromUTF16([]byte{'a', 0, 'b'}, false)))
	assert.Equal(t, "\uFFFD", string(fromUTF16([]byte{0x00, 0xDC}, false)), "a lone low surrogate")
}
