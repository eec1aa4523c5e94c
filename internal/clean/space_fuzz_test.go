package clean

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// appendSpaceByRune is AppendSpace written the plain way, one rune at a
// time, with bytes that are not valid UTF-8 copied as they are: the
// reference the span-copying AppendSpace is checked against.
func appendSpaceByRune(b []byte, s string, pending bool) ([]byte, bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			pending = true
		} else {
			if pending && len(b) > 0 {
				b = append(b, ' ')
			}
			pending = false
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return b, pending
}

// TestMultiByteSpace checks multiByteSpaceLen against unicode.IsSpace for
// every rune above ASCII, and that no other lead byte starts a space.
func TestMultiByteSpace(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		want := 0
		if unicode.IsSpace(r) {
			want = len(s)
			if byteClass[s[0]] != spaceLeadByte {
				t.Errorf("U+%04X is white space, but its lead byte %#x is not a spaceLeadByte", r, s[0])
			}
		}
		if got := multiByteSpaceLen(s + "x"); got != want {
			t.Errorf("multiByteSpaceLen(U+%04X) = %d, want %d", r, got, want)
		}
	}
}

// FuzzAppendSpace checks AppendSpace and isClean against the rune-by-rune
// reference, on text cut into two pieces as text nodes cut a paragraph.
func FuzzAppendSpace(f *testing.F) {
	for _, s := range []string{"", " ", "a  b", "\u00a0x\u2009y\u3000", "zero\u200bwidth", "é \tü\r\n", "a b", "\xff\xfe ab", "x\u0085y",
		"“quoted” text — and ‘more’", "a \u00a0b", "a\xe2\x80", "\xc2 \xe2\x80\x80x", " lead", "trail ", "a \u2028 b",
		"The quick brown fox  jumps over the lazy dog ", "abcdefg hijklmn\topqrstu", "1234567 89abcdef  ghijklmn o", "seven.. eight...\x7fDEL\x01ctl"} {
		f.Add(s, len(s)/2, false)
		f.Add(s, 1, true)
	}
	f.Fuzz(func(t *testing.T, s string, cut int, pending bool) {
		cut = min(max(cut, 0), len(s))
		for _, prefix := range []string{"", "x"} {
			got, gotPending := AppendSpace([]byte(prefix), s[:cut], pending)
			got, gotPending = AppendSpace(got, s[cut:], gotPending)
			want, wantPending := appendSpaceByRune([]byte(prefix), s[:cut], pending)
			want, wantPending = appendSpaceByRune(want, s[cut:], wantPending)
			if string(got) != string(want) || gotPending != wantPending {
				t.Fatalf("AppendSpace(%q, %q | %q, %v) = %q, %v; want %q, %v", prefix, s[:cut], s[cut:], pending, got, gotPending, want, wantPending)
			}
		}
		whole, _ := appendSpaceByRune(nil, s, false)
		if wantClean := string(whole) == s; IsClean(s) != wantClean {
			t.Fatalf("IsClean(%q) = %v, want %v", s, !wantClean, wantClean)
		}
		if Space(s) != string(whole) {
			t.Fatalf("Space(%q) = %q, want %q", s, Space(s), whole)
		}
	})
}
