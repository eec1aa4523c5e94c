package page

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeJSON decodes the JSON text src to the values json.Unmarshal gives
// an `any`: map[string]any, []any, string, float64, bool and nil. It
// fails where json.Unmarshal fails: on text that is not one JSON value
// with white space around it, nesting deeper than encoding/json allows, or
// a number that is not a float64. A JSON-LD block is a few hundred bytes
// that json.Unmarshal read at about a hundred instructions a byte, a
// tenth of a Newslooks page's reading; this reads it in one pass, and
// keeps strings with no escapes as slices of src. FuzzDecodeJSON checks it
// against json.Unmarshal.
func decodeJSON(src string) (any, error) {
	d := jsonDecoder{src: src}
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	if d.skipSpace(); d.i != len(d.src) {
		return nil, errJSONSyntax
	}
	return v, nil
}

var (
	errJSONSyntax = errors.New("invalid JSON")
	errJSONDepth  = errors.New("JSON nested too deeply")
)

// maxJSONDepth is encoding/json's bound on the nesting of arrays and
// objects.
const maxJSONDepth = 10000

// jsonDecoder is decodeJSON's position in its text.
type jsonDecoder struct {
	src string
	i   int
}

func (d *jsonDecoder) skipSpace() {
	for d.i < len(d.src) {
		switch d.src[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// value reads the value at d.i, inside depth arrays and objects.
func (d *jsonDecoder) value(depth int) (any, error) {
	d.skipSpace()
	if d.i == len(d.src) {
		return nil, errJSONSyntax
	}
	switch c := d.src[d.i]; {
	case c == '{':
		return d.object(depth + 1)
	case c == '[':
		return d.array(depth + 1)
	case c == '"':
		return d.string()
	case c == '-' || '0' <= c && c <= '9':
		return d.number()
	}
	for _, lit := range [...]struct {
		text string
		v    any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if len(d.src)-d.i >= len(lit.text) && d.src[d.i:d.i+len(lit.text)] == lit.text {
			d.i += len(lit.text)
			return lit.v, nil
		}
	}
	return nil, errJSONSyntax
}

func (d *jsonDecoder) object(depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, errJSONDepth
	}
	d.i++ // '{'
	m := make(map[string]any)
	d.skipSpace()
	if d.i < len(d.src) && d.src[d.i] == '}' {
		d.i++
		return m, nil
	}
	for {
		d.skipSpace()
		if d.i == len(d.src) || d.src[d.i] != '"' {
			return nil, errJSONSyntax
		}
		key, err := d.string()
		if err != nil {
			return nil, err
		}
		if d.skipSpace(); d.i == len(d.src) || d.src[d.i] != ':' {
			return nil, errJSONSyntax
		}
		d.i++
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		m[key] = v
		if d.skipSpace(); d.i == len(d.src) {
			return nil, errJSONSyntax
		}
		switch d.src[d.i] {
		case ',':
			d.i++
		case '}':
			d.i++
			return m, nil
		default:
			return nil, errJSONSyntax
		}
	}
}

func (d *jsonDecoder) array(depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, errJSONDepth
	}
	d.i++ // '['
	a := make([]any, 0)
	d.skipSpace()
	if d.i < len(d.src) && d.src[d.i] == ']' {
		d.i++
		return a, nil
	}
	for {
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		if d.skipSpace(); d.i == len(d.src) {
			return nil, errJSONSyntax
		}
		switch d.src[d.i] {
		case ',':
			d.i++
		case ']':
			d.i++
			return a, nil
		default:
			return nil, errJSONSyntax
		}
	}
}

// number reads a number as JSON writes it and converts it as
// encoding/json does, with strconv.ParseFloat.
func (d *jsonDecoder) number() (any, error) {
	start := d.i
	if d.src[d.i] == '-' {
		d.i++
	}
	switch {
	case d.i < len(d.src) && d.src[d.i] == '0':
		d.i++
	case d.i < len(d.src) && '1' <= d.src[d.i] && d.src[d.i] <= '9':
		d.digits()
	default:
		return nil, errJSONSyntax
	}
	if d.i < len(d.src) && d.src[d.i] == '.' {
		d.i++
		if !d.digits() {
			return nil, errJSONSyntax
		}
	}
	if d.i < len(d.src) && (d.src[d.i] == 'e' || d.src[d.i] == 'E') {
		d.i++
		if d.i < len(d.src) && (d.src[d.i] == '+' || d.src[d.i] == '-') {
			d.i++
		}
		if !d.digits() {
			return nil, errJSONSyntax
		}
	}
	f, err := strconv.ParseFloat(d.src[start:d.i], 64)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// digits reads a run of digits and reports whether there was one.
func (d *jsonDecoder) digits() bool {
	start := d.i
	for d.i < len(d.src) && '0' <= d.src[d.i] && d.src[d.i] <= '9' {
		d.i++
	}
	return d.i > start
}

// string reads the string whose quote is at d.i, as encoding/json
// unquotes it: escapes decoded (a lone surrogate as U+FFFD) and each byte
// that is not UTF-8 replaced by U+FFFD. Control characters are an error.
func (d *jsonDecoder) string() (string, error) {
	d.i++ // '"'
	start := d.i
	for d.i < len(d.src) {
		c := d.src[d.i]
		switch {
		case c == '"':
			s := d.src[start:d.i]
			d.i++
			return s, nil
		case c == '\\' || c >= utf8.RuneSelf:
			return d.slowString(start)
		case c < ' ':
			return "", errJSONSyntax
		}
		d.i++
	}
	return "", errJSONSyntax
}

// slowString completes a string that holds escapes or bytes above ASCII,
// whose text starts at start; d.i is at the first such byte.
func (d *jsonDecoder) slowString(start int) (string, error) {
	b := make([]byte, 0, d.i-start+16)
	b = append(b, d.src[start:d.i]...)
	for d.i < len(d.src) {
		c := d.src[d.i]
		switch {
		case c == '"':
			d.i++
			return string(b), nil
		case c < ' ':
			return "", errJSONSyntax
		case c == '\\':
			if d.i+1 == len(d.src) {
				return "", errJSONSyntax
			}
			e := d.src[d.i+1]
			d.i += 2
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := d.hex4()
				if !ok {
					return "", errJSONSyntax
				}
				if utf16.IsSurrogate(r) {
					// A pair when another \u escape makes one; the lone
					// half is U+FFFD, and what follows is read on its own.
					if save := d.i; d.i+1 < len(d.src) && d.src[d.i] == '\\' && d.src[d.i+1] == 'u' {
						d.i += 2
						r2, ok := d.hex4()
						if !ok {
							return "", errJSONSyntax
						}
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							b = utf8.AppendRune(b, dec)
							continue
						}
						d.i = save
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
			default:
				return "", errJSONSyntax
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			d.i++
		default:
			r, size := utf8.DecodeRuneInString(d.src[d.i:])
			if r == utf8.RuneError && size == 1 {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, d.src[d.i:d.i+size]...)
			}
			d.i += size
		}
	}
	return "", errJSONSyntax
}

// hex4 reads the four hex digits of a \u escape.
func (d *jsonDecoder) hex4() (rune, bool) {
	if len(d.src)-d.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range []byte(d.src[d.i : d.i+4]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	d.i += 4
	return r, true
}

// escapeRawControls returns src with each control character inside a
// JSON string (a raw line break or tab, which JSON forbids there) made a
// space, and whether it changed any. Outside strings they are white space
// and stay.
func escapeRawControls(src string) (string, bool) {
	var b []byte
	inString, escaped := false, false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString && c < ' ':
			if b == nil {
				b = []byte(src)
			}
			b[i] = ' '
		}
	}
	if b == nil {
		return src, false
	}
	return string(b), true
}
