package siterules

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// A Set holds the rules of many sites, and finds a host's. It is built
// once (LoadFiveFilters, ReadRulesFile, ParseRules, Join) and is then safe
// for concurrent use.
type Set struct {
	layers []*layer // in order of precedence
	// Notes lists the directives that were read but are not applied,
	// each once, where it was first seen.
	Notes []Unknown
	// Errors lists the files of a folder that could not be used, each a
	// *FileError naming the file and line; the others were loaded.
	Errors []error

	merged sync.Map     // host -> *Rule: what Match returned for a host with a rule
	cached atomic.Int64 // entries in merged, at most maxMerged
}

// maxMerged bounds the hosts whose merged rule a Set keeps, so that a
// crawl over millions of subdomains of one pattern does not grow it
// without end; past it, a host's rule is merged again at each Match.
const maxMerged = 10_000

// A layer is the rules of one source: a folder or a file.
type layer struct {
	hosts  map[string]*Rule // by pattern: "example.com", ".example.com"
	global *Rule            // for every site that has a rule; may be nil
}

// Len returns how many host patterns the set has rules for.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	n := 0
	for _, l := range s.layers {
		n += len(l.hosts)
	}
	return n
}

// Join returns a set that holds the rules of sets, the first's tried
// first: a host's rules from each are merged, lists joined in that order.
// Nil sets are skipped.
func Join(sets ...*Set) *Set {
	out := &Set{}
	for _, s := range sets {
		if s == nil {
			continue
		}
		out.layers = append(out.layers, s.layers...)
		out.Notes = append(out.Notes, s.Notes...)
		out.Errors = append(out.Errors, s.Errors...)
	}
	return out
}

// Match returns the rule for host (a host name, or a URL's Host with a
// port), or nil when no rule names it. Full-Text RSS's matching: the
// host is lower-cased and a leading "www." dropped; "example.com" names
// that host, and ".example.com" every host below it (but not
// example.com, nor www.example.com); the nearest pattern wins. The
// global rules are added after a host's; a host without rules of its own
// gets none. Each set's rule for the host is merged, in the set's order.
func (s *Set) Match(host string) *Rule {
	if s == nil || len(s.layers) == 0 {
		return nil
	}
	host = normalHost(host)
	if host == "" {
		return nil
	}
	if r, ok := s.merged.Load(host); ok {
		return r.(*Rule)
	}
	var out *Rule
	for _, l := range s.layers {
		r := l.match(host)
		if r == nil {
			continue
		}
		r = r.merge(l.global)
		if out == nil {
			out = r
		} else {
			out = out.merge(r)
		}
	}
	if out != nil && s.cached.Load() < maxMerged {
		if _, loaded := s.merged.LoadOrStore(host, out); !loaded {
			s.cached.Add(1)
		}
	}
	return out
}

// match returns the layer's own rule for a normalised host, or nil.
func (l *layer) match(host string) *Rule {
	if r := l.hosts[host]; r != nil {
		return r
	}
	for i := strings.IndexByte(host, '.'); i >= 0; {
		if r := l.hosts[host[i:]]; r != nil {
			return r
		}
		j := strings.IndexByte(host[i+1:], '.')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return nil
}

// normalHost lower-cases a host, drops its port, a trailing dot and a
// leading "www.".
func normalHost(host string) string {
	host = strings.ToLower(strings.TrimSpace(host))
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(host, ".")
	return strings.TrimPrefix(host, "www.")
}

// normalPattern normalises a host pattern: ".example.com" keeps its dot,
// "www.example.com" is example.com, "*.example.com" is .example.com.
func normalPattern(p string) string {
	p = strings.ToLower(strings.TrimSpace(p))
	if rest, ok := strings.CutPrefix(p, "*."); ok {
		return "." + rest
	}
	if strings.HasPrefix(p, ".") {
		return p
	}
	return normalHost(p)
}

// MaxFiles bounds the files read from one site-config folder.
const MaxFiles = 100_000

// LoadFiveFilters reads a folder of FiveFilters site configs: every
// "*.txt" file directly in dir named after the host pattern it holds (a
// name with a dot in it; "www.example.com.txt" counts as example.com's
// when there is no "example.com.txt"), and global.txt. A file that cannot be used (a bad XPath, say) is left
// out and listed in Set.Errors with its file and line; the directives the
// files hold but this package does not apply are listed, each once, in
// Set.Notes. The error is for a folder that cannot be read, or one with
// no site config at all. The community's folder (about 2,000 files)
// takes a few tenths of a second and some 11 MB of heap; load it once
// and share the Set.
func LoadFiveFilters(dir string) (*Set, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	if len(entries) > MaxFiles {
		return nil, fmt.Errorf("%s: more than %d files", dir, MaxFiles)
	}
	l := &layer{hosts: make(map[string]*Rule, len(entries))}
	s := &Set{layers: []*layer{l}}
	seen := map[string]bool{}
	files := 0
	for _, e := range entries {
		name := e.Name()
		pattern, ok := strings.CutSuffix(name, ".txt")
		if !ok || !e.Type().IsRegular() || (pattern != "global" && !strings.Contains(strings.Trim(pattern, "."), ".")) {
			continue // not a host's file: LICENSE.txt, say
		}
		files++
		r, unknown, err := readFiveFiltersFile(filepath.Join(dir, name))
		for _, u := range unknown {
			if !seen[u.Directive] {
				seen[u.Directive] = true
				s.Notes = append(s.Notes, u)
			}
		}
		if err != nil {
			s.Errors = append(s.Errors, err)
			continue
		}
		if pattern == "global" {
			l.global = r
			continue
		}
		r.Host = normalPattern(pattern)
		if l.hosts[r.Host] != nil && strings.HasPrefix(strings.ToLower(pattern), "www.") {
			continue // example.com.txt wins over www.example.com.txt
		}
		l.hosts[r.Host] = r
	}
	if files == 0 {
		return nil, fmt.Errorf("%s: no site config (*.txt) in the folder", dir)
	}
	sort.Slice(s.Notes, func(i, j int) bool { return s.Notes[i].Directive < s.Notes[j].Directive })
	return s, nil
}

// readFiveFiltersFile reads one file of a folder.
func readFiveFiltersFile(path string) (*Rule, []Unknown, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, &FileError{File: path, Err: err}
	}
	defer f.Close()
	return ParseFiveFilters(f, path)
}

// errNoRules is the error of a rules file that names no site.
var errNoRules = errors.New("the file names no site")
