package clean

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// appendSpaceByRune is AppendSpace written the plain way, one rune at a
// time: the reference the table-driven AppendSpace is checked against.
func appendSpaceByRune(b []byte, s string, pending bool) ([]byte, bool) {
	for _, r := range s {
		if unicode.IsSpace(r) {
			pending = true
			continue
		}
		if pending && len(b) > 0 {
			b = append(b, ' ')
		}
		pending = false
		b = utf8.AppendRune(b, r)
	}
	return b, pending
}

// FuzzAppendSpace checks AppendSpace and isClean against the rune-by-rune
// reference, on text cut into two pieces as text nodes cut a paragraph.
func FuzzAppendSpace(f *testing.F) {
	for _, s := range []string{"", " ", "a  b", "\u00a0x\u2009y\u3000", "zero\u200bwidth", "é \tü\r\n", "a b", "\xff\xfe ab", "x\u0085y"} {
		f.Add(s, len(s)/2, false)
	}
	f.Fuzz(func(t *testing.T, s string, cut int, pending bool) {
		if !utf8.ValidString(s) {
			// The reference decodes invalid bytes to U+FFFD; AppendSpace
			// keeps them as they are. Compare on valid text only.
			return
		}
		cut = min(max(cut, 0), len(s))
		for cut > 0 && cut < len(s) && !utf8.RuneStart(s[cut]) {
			cut--
		}
		got, gotPending := AppendSpace([]byte("x"), s[:cut], pending)
		got, gotPending = AppendSpace(got, s[cut:], gotPending)
		want, wantPending := appendSpaceByRune([]byte("x"), s, pending)
		if string(got) != string(want) || gotPending != wantPending {
			t.Fatalf("AppendSpace(%q | %q, %v) = %q, %v; want %q, %v", s[:cut], s[cut:], pending, got, gotPending, want, wantPending)
		}
		first, _ := appendSpaceByRune(nil, s, false)
		if wantClean := string(first) == s; isClean(s) != wantClean {
			t.Fatalf("isClean(%q) = %v, want %v", s, !wantClean, wantClean)
		}
		if Space(s) != string(first) {
			t.Fatalf("Space(%q) = %q, want %q", s, Space(s), first)
		}
	})
}
