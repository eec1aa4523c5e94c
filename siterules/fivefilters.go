package siterules

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// A FileError is a directive of a rules file that cannot be used: an
// XPath or CSS selector that does not compile, a line too long, a value
// that is not yes or no.
type FileError struct {
	File string
	Line int
	Err  error
}

func (e *FileError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// MaxFileBytes bounds one rules file; a larger one is an error. The
// largest of the community's site configs is under 20 KB.
const MaxFileBytes = 1 << 20

// maxLineBytes bounds one line of a FiveFilters file.
const maxLineBytes = 64 << 10

// An Unknown is a directive a reader does not know or does not apply,
// and where it was first written.
type Unknown struct {
	Directive string
	At        Origin
}

// ParseFiveFilters reads one FiveFilters site config from r; name is the
// file's name, for errors and origins. It returns the rule, the
// directives it does not apply (each once, where it was first seen), and
// the first error: a selector that does not compile, a line longer than
// 64 KiB, a file larger than MaxFileBytes, or a read error. Lines are
// "directive: value" or "directive(argument): value"; "#" starts a
// comment line; blank lines and lines without a colon are skipped, as
// Full-Text RSS skips them. A replace_string without an argument pairs
// with the find_string before it; "replace_string(FIND): REPLACE" stands
// alone. http_header(NAME) keeps only User-Agent, Referer and Cookie.
func ParseFiveFilters(r io.Reader, name string) (*Rule, []Unknown, error) {
	p := ffParser{rule: &Rule{File: name}, name: name, seen: map[string]bool{}}
	sc := bufio.NewScanner(io.LimitReader(r, MaxFileBytes+1))
	sc.Buffer(make([]byte, 0, 4096), maxLineBytes)
	read := 0
	for sc.Scan() {
		p.line++
		read += len(sc.Bytes()) + 1
		if read > MaxFileBytes+1 {
			return nil, p.unknown, &FileError{File: name, Err: fmt.Errorf("larger than %d bytes", MaxFileBytes)}
		}
		if err := p.directive(sc.Text()); err != nil {
			return nil, p.unknown, &FileError{File: name, Line: p.line, Err: err}
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("a line is longer than %d bytes", maxLineBytes)
		}
		return nil, p.unknown, &FileError{File: name, Line: p.line + 1, Err: err}
	}
	if read > MaxFileBytes {
		return nil, p.unknown, &FileError{File: name, Err: fmt.Errorf("larger than %d bytes", MaxFileBytes)}
	}
	p.pairFinds()
	return p.rule, p.unknown, nil
}

type ffParser struct {
	rule    *Rule
	name    string
	line    int
	finds   []Replacement // find_string values waiting for their replace_string
	reps    []Replacement // replace_string values without an argument
	seen    map[string]bool
	unknown []Unknown
}

func (p *ffParser) at() Origin { return Origin{File: p.name, Line: p.line} }

// directive reads one line.
func (p *ffParser) directive(line string) error {
	line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
	if line == "" || line[0] == '#' {
		return nil
	}
	name, arg, value, ok := splitDirective(line)
	if !ok {
		return nil
	}
	sels := p.selectorList(name)
	switch {
	case sels != nil:
		if value == "" {
			return nil
		}
		s, err := newXPath(value, p.at())
		if err != nil {
			return err
		}
		*sels = append(*sels, s)
	case name == "strip_id_or_class":
		if w := strings.Trim(value, `'" `); w != "" {
			p.rule.StripIDOrClass = append(p.rule.StripIDOrClass, Word{Word: w, At: p.at()})
		}
	case name == "strip_image_src":
		if w := strings.Trim(value, `'" `); w != "" {
			p.rule.StripImageSrc = append(p.rule.StripImageSrc, Word{Word: w, At: p.at()})
		}
	case name == "prune":
		yes, ok := yesNo(value)
		if !ok {
			return fmt.Errorf("prune: want yes or no, not %q", value)
		}
		p.rule.Prune = &Flag{Value: yes, At: p.at()}
	case name == "find_string":
		p.finds = append(p.finds, Replacement{Find: value, At: p.at()})
	case name == "replace_string" && arg != "":
		p.rule.Replace = append(p.rule.Replace, Replacement{Find: arg, Replace: value, At: p.at()})
	case name == "replace_string":
		p.reps = append(p.reps, Replacement{Replace: value, At: p.at()})
	case name == "http_header" && arg != "":
		h := canonicalHeader(arg)
		if h == "" {
			p.note("http_header(" + strings.ToLower(arg) + ")")
			return nil
		}
		p.rule.Headers = append(p.rule.Headers, Header{Name: h, Value: value, At: p.at()})
	case name == "test_url":
		p.rule.Tests = append(p.rule.Tests, Test{URL: value, At: p.at()})
	case name == "test_contains":
		if n := len(p.rule.Tests); n > 0 {
			p.rule.Tests[n-1].Contains = append(p.rule.Tests[n-1].Contains, value)
		}
	default:
		p.note(name)
	}
	return nil
}

// selectorList returns the rule's list that a selector directive adds
// to, or nil when name is not one.
func (p *ffParser) selectorList(name string) *[]Selector {
	switch name {
	case "title":
		return &p.rule.Title
	case "body":
		return &p.rule.Body
	case "author":
		return &p.rule.Author
	case "date":
		return &p.rule.Date
	case "strip":
		return &p.rule.Strip
	case "next_page_link":
		return &p.rule.NextPageLink
	case "single_page_link":
		return &p.rule.SinglePageLink
	}
	return nil
}

// note records a directive that is not applied, once.
func (p *ffParser) note(name string) {
	if !p.seen[name] {
		p.seen[name] = true
		p.unknown = append(p.unknown, Unknown{Directive: name, At: p.at()})
	}
}

// pairFinds pairs find_string lines with the replace_string lines
// without an argument, in order, as Full-Text RSS does; an unpaired one
// is dropped.
func (p *ffParser) pairFinds() {
	for i := range min(len(p.finds), len(p.reps)) {
		f := p.finds[i]
		f.Replace = p.reps[i].Replace
		p.rule.Replace = append(p.rule.Replace, f)
	}
}

func yesNo(v string) (yes, ok bool) {
	switch strings.ToLower(v) {
	case "yes", "true", "1", "on":
		return true, true
	case "no", "false", "0", "off":
		return false, true
	}
	return false, false
}

// canonicalHeader returns the header name of a rule's http_header
// argument, or "" for one this package does not send.
func canonicalHeader(name string) string {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "user-agent":
		return "User-Agent"
	case "referer", "referrer":
		return "Referer"
	case "cookie":
		return "Cookie"
	}
	return ""
}

// splitDirective splits a line into its directive's name (lower case),
// argument ("" when it has none) and value. An argument keeps its case
// and may hold colons: it ends at the first "):".
func splitDirective(line string) (name, arg, value string, ok bool) {
	colon := strings.IndexByte(line, ':')
	if colon < 0 {
		return "", "", "", false
	}
	if paren := strings.IndexByte(line, '('); paren > 0 && paren < colon {
		if end := strings.Index(line[paren:], "):"); end > 0 {
			name = strings.ToLower(strings.TrimSpace(line[:paren]))
			arg = line[paren+1 : paren+end]
			value = strings.TrimSpace(line[paren+end+2:])
			return name, arg, value, name != ""
		}
	}
	name = strings.ToLower(strings.TrimSpace(line[:colon]))
	return name, "", strings.TrimSpace(line[colon+1:]), name != ""
}
