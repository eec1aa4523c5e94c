package siterules

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"go.yaml.in/yaml/v3"
)

// ReadRulesFile reads our own rules file at path; see ParseRules.
func ReadRulesFile(path string) (*Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseRules(f, path)
}

// ParseRules reads our own rules file, in YAML, from r; name is the file's
// name, for errors and origins. The file maps host patterns, as
// LoadFiveFilters names its files ("example.com", ".example.com" or
// "*.example.com"; "*" for rules added to every site's), to rules whose
// selectors are CSS:
//
//	example.com:
//	  title: h1.headline                 # one selector, or a list
//	  body: [article .story, "#main"]    # the first that finds anything
//	  author: .byline a                  # every element it finds
//	  date: time[datetime]               # <time datetime>, <meta content>
//	  strip: [aside, .ad]
//	  strip_id_or_class: [share, related]
//	  strip_image_src: ads.example.net   # images whose src holds it
//	  prune: false
//	  next_page_link: a.next
//	  single_page_link: a.print
//	  http_header:
//	    cookie: consent=yes              # a consent cookie; no logins
//	    user-agent: Mozilla/5.0 ...
//	    referer: https://example.com/
//	  replace:                           # on the source, before parsing
//	    - {find: "<amp-img", replace: "<img"}
//	  tests:
//	    - url: https://example.com/2024/story
//	      contains: [a sentence of the story]
//
// Unlike a FiveFilters file, an unknown key is an error, as is a selector
// that does not compile: each *FileError names the file and line.
func ParseRules(r io.Reader, name string) (*Set, error) {
	src, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, &FileError{File: name, Err: err}
	}
	if len(src) > MaxFileBytes {
		return nil, &FileError{File: name, Err: fmt.Errorf("larger than %d bytes", MaxFileBytes)}
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, &FileError{File: name, Err: errNoRules}
		}
		return nil, &FileError{File: name, Err: err}
	}
	y := yamlReader{name: name}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, y.fail(&doc, "want a map from host patterns to rules")
	}
	l := &layer{hosts: map[string]*Rule{}}
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		rule, err := y.rule(v)
		if err != nil {
			return nil, err
		}
		if k.Value == "*" {
			l.global = rule
			continue
		}
		rule.Host = normalPattern(k.Value)
		if rule.Host == "" {
			return nil, y.fail(k, "an empty host pattern")
		}
		if l.hosts[rule.Host] != nil {
			return nil, y.fail(k, fmt.Sprintf("a second rule for %s", rule.Host))
		}
		l.hosts[rule.Host] = rule
	}
	if len(l.hosts) == 0 {
		return nil, &FileError{File: name, Err: errNoRules}
	}
	return &Set{layers: []*layer{l}}, nil
}

type yamlReader struct{ name string }

func (y *yamlReader) at(n *yaml.Node) Origin { return Origin{File: y.name, Line: n.Line} }

func (y *yamlReader) fail(n *yaml.Node, msg string) error {
	return &FileError{File: y.name, Line: n.Line, Err: fmt.Errorf("%s", msg)}
}

// rule reads one host's rule.
func (y *yamlReader) rule(n *yaml.Node) (*Rule, error) {
	if n.Kind != yaml.MappingNode {
		return nil, y.fail(n, "want a map of directives")
	}
	r := &Rule{File: y.name}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if err := y.directive(r, k, v); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (y *yamlReader) directive(r *Rule, k, v *yaml.Node) error {
	lists := map[string]*[]Selector{
		"title": &r.Title, "body": &r.Body, "author": &r.Author, "date": &r.Date,
		"strip": &r.Strip, "next_page_link": &r.NextPageLink, "single_page_link": &r.SinglePageLink,
	}
	if list, ok := lists[k.Value]; ok {
		strs, err := y.strings(v)
		if err != nil {
			return err
		}
		for _, s := range strs {
			sel, err := newCSS(s.Value, y.at(s))
			if err != nil {
				return &FileError{File: y.name, Line: s.Line, Err: err}
			}
			*list = append(*list, sel)
		}
		return nil
	}
	switch k.Value {
	case "strip_id_or_class", "strip_image_src":
		strs, err := y.strings(v)
		if err != nil {
			return err
		}
		list := &r.StripIDOrClass
		if k.Value == "strip_image_src" {
			list = &r.StripImageSrc
		}
		for _, s := range strs {
			*list = append(*list, Word{Word: s.Value, At: y.at(s)})
		}
	case "prune":
		var b bool
		if err := v.Decode(&b); err != nil {
			return y.fail(v, "prune: want true or false")
		}
		r.Prune = &Flag{Value: b, At: y.at(v)}
	case "http_header":
		if v.Kind != yaml.MappingNode {
			return y.fail(v, "http_header: want a map from header names to values")
		}
		for i := 0; i+1 < len(v.Content); i += 2 {
			name := canonicalHeader(v.Content[i].Value)
			if name == "" || v.Content[i+1].Kind != yaml.ScalarNode {
				return y.fail(v.Content[i], "http_header: only user-agent, referer and cookie, each a string")
			}
			r.Headers = append(r.Headers, Header{Name: name, Value: v.Content[i+1].Value, At: y.at(v.Content[i])})
		}
	case "replace":
		var reps []struct {
			Find    string `yaml:"find"`
			Replace string `yaml:"replace"`
		}
		if err := v.Decode(&reps); err != nil {
			return y.fail(v, "replace: want a list of {find, replace}")
		}
		for i, rep := range reps {
			if rep.Find == "" {
				return y.fail(v.Content[i], "replace: an empty find")
			}
			r.Replace = append(r.Replace, Replacement{Find: rep.Find, Replace: rep.Replace, At: y.at(v.Content[i])})
		}
	case "tests":
		var tests []struct {
			URL      string   `yaml:"url"`
			Contains []string `yaml:"contains"`
		}
		if err := v.Decode(&tests); err != nil {
			return y.fail(v, "tests: want a list of {url, contains}")
		}
		for i, t := range tests {
			r.Tests = append(r.Tests, Test{URL: t.URL, Contains: t.Contains, At: y.at(v.Content[i])})
		}
	default:
		return y.fail(k, fmt.Sprintf("unknown directive %q", k.Value))
	}
	return nil
}

// strings reads a string or a list of strings.
func (y *yamlReader) strings(v *yaml.Node) ([]*yaml.Node, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		return []*yaml.Node{v}, nil
	case yaml.SequenceNode:
		for _, c := range v.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, y.fail(c, "want a string")
			}
		}
		return v.Content, nil
	}
	return nil, y.fail(v, "want a string or a list of strings")
}
