package textform

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A header is what the header line of the text form holds.
type Header struct {
	Headline  string
	Publisher string
	Location  string
	Authors   []string
	Edition   string
	Summary   string
	Fields    int // how many byline fields were recognised
}

// Sep separates the fields of the header line. A slash with no space
// after it ("24/7", "and/or") belongs to the text.
const Sep = "/ "

// The byline fields in the order the format writes them. Fields are
// recognised by shape; the order only settles a part that fits two shapes.
const (
	fieldPublisher = iota
	fieldLocation
	fieldAuthors
	fieldEdition
	numFields
)

// maxHeadline is the longest headline, in bytes, that a header line may
// start with. It keeps a paragraph of prose that happens to hold "/ " from
// passing for a header line.
const maxHeadline = 300

// ParseHeader parses s as a header line. It reports false when s is not
// one: no "/ " separator, an empty or overlong headline, or, when
// needFields is set, no recognisable byline field at all.
func ParseHeader(s string, needFields bool) (Header, bool) {
	var h Header
	i := strings.Index(s, Sep)
	if i < 0 {
		return h, false
	}
	h.Headline = strings.TrimSpace(s[:i])
	if h.Headline == "" || len(h.Headline) > maxHeadline {
		return h, false
	}
	rest := s[i+len(Sep):]
	stage := fieldPublisher
	for rest != "" {
		part, next, more := strings.Cut(rest, Sep)
		part = strings.TrimSpace(part)
		if part == "" && more { // "Headline/ / WASHINGTON": an empty field
			rest = next
			continue
		}
		f := classifyField(part, stage, next, more)
		if f < 0 {
			break
		}
		switch f {
		case fieldPublisher:
			h.Publisher = part
		case fieldLocation:
			h.Location = part
		case fieldAuthors:
			h.Authors = SplitAuthors(part)
		case fieldEdition:
			h.Edition = part
		}
		h.Fields++
		stage = f + 1
		if !more {
			rest = ""
			break
		}
		rest = next
	}
	h.Summary = strings.TrimSpace(rest)
	if h.Fields == 0 {
		if needFields || h.Summary == "" || strings.HasSuffix(h.Headline, ".") {
			return h, false
		}
	}
	return h, true
}

// IsHeaderLine reports whether a line inside a stream starts a new
// article: a header line with at least one byline field.
func IsHeaderLine(s string) bool {
	if strings.IndexByte(s, '/') < 0 {
		return false // the fast path: most lines hold no slash at all
	}
	_, ok := ParseHeader(s, true)
	return ok
}

// classifyField returns the byline field that part fits, trying the fields
// from stage on, or -1 when it fits none and so starts the summary. rest
// is the remainder of the line after part, and more reports whether there
// is one; a part that could be the publisher or the authors is the
// publisher only when authors follow.
func classifyField(part string, stage int, rest string, more bool) int {
	if !more {
		// The last part is the summary unless it is unmistakably a
		// field: an edition, or a location after the authors.
		if stage <= fieldEdition && IsEdition(part) {
			return fieldEdition
		}
		return -1
	}
	for f := stage; f < numFields; f++ {
		switch f {
		case fieldPublisher:
			if IsPublisher(part) && !(IsAuthors(part) && !authorsFollow(rest)) {
				return f
			}
		case fieldLocation:
			if IsLocation(part) {
				return f
			}
		case fieldAuthors:
			if IsAuthors(part) {
				return f
			}
		case fieldEdition:
			if IsEdition(part) {
				return f
			}
		}
	}
	return -1
}

// authorsFollow reports whether a later field of the header line, before
// the summary, has the shape of an author list.
func authorsFollow(rest string) bool {
	for {
		part, next, more := strings.Cut(rest, Sep)
		if !more {
			return false
		}
		part = strings.TrimSpace(part)
		if part == "" { // an empty field, skipped as ParseHeader does
			rest = next
			continue
		}
		if IsAuthors(part) {
			return true
		}
		if !IsLocation(part) && !IsPublisher(part) {
			return false
		}
		rest = next
	}
}

// IsEdition reports whether s names an edition: "Morning Edition".
func IsEdition(s string) bool {
	name, ok := strings.CutSuffix(s, " Edition")
	if !ok || name == "" || len(s) > 40 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r) && strings.Count(name, " ") < 3
}

// IsLocation reports whether s is a bureau in capitals: "WASHINGTON",
// "NEW YORK", "ST. LOUIS".
func IsLocation(s string) bool {
	if len(s) > 40 {
		return false
	}
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == ' ' || r == '.' || r == '-' || r == ',' || r == '\'' || r == '’':
		default:
			return false
		}
	}
	return letters >= 2
}

// IsPublisher reports whether s can be a site name: one to four words, the
// first capitalised, with some lower case (an all-capitals word is a
// location), no initials and no list of names.
func IsPublisher(s string) bool {
	if s == "" || len(s) > 40 || strings.Count(s, " ") > 3 || IsLocation(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	for _, r := range s {
		if r == ',' || r == '&' || r == '.' && !strings.HasSuffix(s, ".com") {
			return false
		}
	}
	return !strings.HasSuffix(s, " Edition")
}

// IsAuthors reports whether s is a list of one or more personal names:
// "J. Mansour", "A. Reyes and P. Lin", "A. Reyes, P. Lin & K. Wu".
func IsAuthors(s string) bool {
	if s == "" || len(s) > 160 || IsEdition(s) {
		return false
	}
	n := 0
	for name := range AuthorNames(s) {
		if !IsPersonName(name) {
			return false
		}
		n++
	}
	return n > 0
}

// IsPersonName reports whether s looks like one person's name: two to five
// words, each capitalised or an initial, allowing lower-case particles
// ("de", "van") inside.
func IsPersonName(s string) bool {
	words := 0
	for w := range strings.FieldsSeq(s) {
		words++
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !isParticle(w) {
			return false
		}
		for _, r := range w {
			if !unicode.IsLetter(r) && r != '.' && r != '-' && r != '\'' && r != '’' {
				return false
			}
		}
	}
	if words < 2 || words > 5 {
		return false
	}
	last := s[strings.LastIndexByte(s, ' ')+1:]
	r, _ := utf8.DecodeRuneInString(last)
	return unicode.IsUpper(r)
}

func isParticle(w string) bool {
	switch w {
	case "de", "da", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "bin", "al", "el", "dos", "das", "y":
		return true
	}
	return false
}

// AuthorNames yields the names of an author list, split at ", ", " and "
// and " & ".
func AuthorNames(s string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for s != "" {
			i, n := nextAuthorSep(s)
			if i < 0 {
				yield(strings.TrimSpace(s))
				return
			}
			if name := strings.TrimSpace(s[:i]); name != "" && !yield(name) {
				return
			}
			s = s[i+n:]
		}
	}
}

// nextAuthorSep returns the index and length of the first separator of an
// author list in s (", ", " and " or " & "), or -1. It looks at each byte
// once: it runs on every header line.
func nextAuthorSep(s string) (int, int) {
	for i := 0; i+1 < len(s); i++ {
		switch {
		case s[i] == ',' && s[i+1] == ' ':
			return i, 2
		case s[i] != ' ':
		case s[i+1] == '&' && i+2 < len(s) && s[i+2] == ' ':
			return i, 3
		case strings.HasPrefix(s[i+1:], "and "):
			return i, 5
		}
	}
	return -1, 0
}

// SplitAuthors splits an author list into one name per element.
func SplitAuthors(s string) []string {
	names := make([]string, 0, 2)
	for name := range AuthorNames(s) {
		names = append(names, name)
	}
	return names
}

// JoinAuthors writes an author list the way the format does: "A", "A and
// B", "A, B & C".
func JoinAuthors(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + " & " + names[len(names)-1]
}
