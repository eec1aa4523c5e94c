package output

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// maxSlug is the longest slug in bytes, well inside every file system's
// limit of 255 with a suffix and an ending added.
const maxSlug = 80

// Slug makes a file name from a headline that is safe on Windows, macOS
// and Linux: the headline's letters and digits, case-folded and in NFC
// (so that two names a case- or normalisation-insensitive file system
// would confuse are the same slug), joined by hyphens, at most 80 bytes;
// "article" when nothing is left. A name Windows reserves for a device
// (CON, NUL, COM1, LPT1, ...) gets "-article" appended.
func Slug(headline string) string {
	folded := norm.NFC.String(cases.Fold().String(headline))
	var b strings.Builder
	dash := false
	for _, r := range folded {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				if b.Len()+1+utf8.RuneLen(r) > maxSlug {
					break
				}
				b.WriteByte('-')
			} else if b.Len()+utf8.RuneLen(r) > maxSlug {
				break
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		if r == '’' || r == '\'' {
			continue // "Trump’s" gives "trumps"
		}
		dash = true
	}
	s := b.String()
	switch {
	case s == "":
		return "article"
	case reserved(s):
		return s + "-article"
	}
	return s
}

// reserved reports whether Windows reserves name, or name with any
// ending, for a device. Slugs are folded to lower case already.
func reserved(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	switch base {
	case "con", "prn", "aux", "nul", "conin$", "conout$":
		return true
	}
	if len(base) >= 4 && (strings.HasPrefix(base, "com") || strings.HasPrefix(base, "lpt")) {
		switch d := base[3:]; d {
		case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}
