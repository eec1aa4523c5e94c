package newslooks

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// The byte-order marks of UTF-16, which Windows editors write when told
// to save "Unicode" text.
var (
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// utf16Order reports whether b starts with a UTF-16 byte-order mark, and
// whether it is big-endian.
func utf16Order(b []byte) (isUTF16, bigEndian bool) {
	switch {
	case bytes.HasPrefix(b, bomUTF16LE):
		return true, false
	case bytes.HasPrefix(b, bomUTF16BE):
		return true, true
	}
	return false, false
}

// fromUTF16 returns UTF-16 text (after its byte-order mark) in UTF-8. An
// unpaired surrogate or a trailing odd byte becomes U+FFFD, as in every
// decoder of the Encoding Standard.
func fromUTF16(b []byte, bigEndian bool) []byte {
	d := utf16Decoder{bigEndian: bigEndian}
	out := d.decode(make([]byte, 0, len(b)*3/2), b)
	return d.flush(out)
}

// A utf16Decoder decodes UTF-16 in pieces, carrying an odd byte and a
// high surrogate from one piece to the next.
type utf16Decoder struct {
	bigEndian bool
	odd       []byte // a byte left over from the last piece
	high      rune   // a high surrogate waiting for its pair, or 0
}

// decode appends the UTF-8 of the UTF-16 piece b to out.
func (d *utf16Decoder) decode(out, b []byte) []byte {
	if len(d.odd) > 0 {
		b = append(d.odd[:1:1], b...)
		d.odd = nil
	}
	for i := 0; i+1 < len(b); i += 2 {
		u := rune(b[i]) | rune(b[i+1])<<8
		if d.bigEndian {
			u = rune(b[i])<<8 | rune(b[i+1])
		}
		switch {
		case d.high != 0 && utf16.IsSurrogate(u) && u >= 0xDC00:
			out = utf8.AppendRune(out, utf16.DecodeRune(d.high, u))
			d.high = 0
			continue
		case d.high != 0:
			out = utf8.AppendRune(out, utf8.RuneError)
			d.high = 0
		}
		if utf16.IsSurrogate(u) {
			if u < 0xDC00 {
				d.high = u
			} else {
				out = utf8.AppendRune(out, utf8.RuneError)
			}
			continue
		}
		out = utf8.AppendRune(out, u)
	}
	if len(b)%2 == 1 {
		d.odd = []byte{b[len(b)-1]}
	}
	return out
}

// flush appends what is left at the end of the input: U+FFFD for an
// unpaired surrogate or an odd byte.
func (d *utf16Decoder) flush(out []byte) []byte {
	if d.high != 0 || len(d.odd) > 0 {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	d.high, d.odd = 0, nil
	return out
}

// A utf16Reader reads UTF-16 text from r as UTF-8.
type utf16Reader struct {
	r   io.Reader
	d   utf16Decoder
	in  []byte
	out []byte // decoded, not yet read
	err error
}

// newTextReader returns br, or when it starts with a UTF-16 byte-order
// mark a reader of its text in UTF-8, the mark dropped.
func newTextReader(br *bufio.Reader) io.Reader {
	mark, _ := br.Peek(2)
	isUTF16, big := utf16Order(mark)
	if !isUTF16 {
		return br
	}
	br.Discard(2)
	return &utf16Reader{r: br, d: utf16Decoder{bigEndian: big}, in: make([]byte, 32<<10)}
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		n, err := u.r.Read(u.in)
		u.out = u.d.decode(u.out[:0], u.in[:n])
		if err != nil {
			u.out = u.d.flush(u.out)
			u.err = err
		}
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}
