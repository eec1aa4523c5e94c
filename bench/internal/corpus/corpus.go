// Package corpus finds the pages the benchmarks and the evaluation run on:
// the Newslooks page fixtures of the library's testdata, and the real news
// pages of shared/pages with Readability's expected output.
package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// EnvPages names the environment variable that gives the shared pages'
// directory when no flag does.
const EnvPages = "NEWSLOOKS_PAGES"

// DefaultPages is the shared pages' directory relative to the bench module.
const DefaultPages = "../../shared/pages"

// DefaultTestdata is the page package's testdata, which holds the Newslooks
// page fixtures, relative to the bench module.
const DefaultTestdata = "../page/testdata"

// FakeURL is the page address given for the shared pages, as Mozilla's
// Readability test suite gives it.
const FakeURL = "http://fakehost/test/page.html"

// A Page is one HTML page to parse.
type Page struct {
	Name   string // short, unique, without '/': "xi-putin", "bbc-1"
	Path   string // the HTML file
	URL    string // the page address given to the parsers
	Source []byte
}

// PagesDir returns the shared pages' directory: flagValue when set, else
// $NEWSLOOKS_PAGES, else DefaultPages.
func PagesDir(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if env := os.Getenv(EnvPages); env != "" {
		return env
	}
	return DefaultPages
}

var canonical = regexp.MustCompile(`(?i)<link[^>]+rel=["']?canonical["']?[^>]*\bhref=["']([^"']+)["']|<link[^>]+href=["']([^"']+)["'][^>]*rel=["']?canonical`)

// canonicalURL returns the page's <link rel=canonical> address, or the
// Newslooks home page.
func canonicalURL(src []byte) string {
	if m := canonical.FindSubmatch(src); m != nil {
		if len(m[1]) > 0 {
			return string(m[1])
		}
		return string(m[2])
	}
	return "https://newslooks.com/"
}

// Newslooks returns the Newslooks page fixtures under testdata:
// xi-putin.html and html/*.html (not the pages in html's subdirectories,
// such as html/notarticle/, which are not articles), sorted by name with
// xi-putin first. A fixture whose name is taken gets its directory as a
// prefix.
func Newslooks(testdata string) ([]Page, error) {
	var paths []string
	if p := filepath.Join(testdata, "xi-putin.html"); fileExists(p) {
		paths = append(paths, p)
	}
	more, err := filepath.Glob(filepath.Join(testdata, "html", "*.html"))
	if err != nil {
		return nil, err
	}
	sort.Strings(more)
	paths = append(paths, more...)
	if len(paths) == 0 {
		return nil, fmt.Errorf("no Newslooks page fixtures in %s", testdata)
	}
	var pages []Page
	seen := map[string]bool{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(filepath.Base(p), ".html")
		if seen[name] {
			name = filepath.Base(filepath.Dir(p)) + "-" + name
		}
		seen[name] = true
		pages = append(pages, Page{Name: name, Path: p, URL: canonicalURL(src), Source: src})
	}
	return pages, nil
}

// Shared returns the pages of dir/*/source.html, sorted by directory name.
// A missing or empty dir is an error that says so.
func Shared(dir string) ([]Page, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*", "source.html"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no pages at %s/*/source.html (set -pages or $%s)", dir, EnvPages)
	}
	sort.Strings(paths)
	var pages []Page
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		pages = append(pages, Page{Name: filepath.Base(filepath.Dir(p)), Path: p, URL: FakeURL, Source: src})
	}
	return pages, nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// NotArticles returns the Newslooks pages that are not articles, which the
// parser must reject: testdata/html/notarticle/*.html, sorted.
func NotArticles(testdata string) ([]Page, error) {
	paths, err := filepath.Glob(filepath.Join(testdata, "html", "notarticle", "*.html"))
	if err != nil {
		return nil, err
	}
	return loadPages(paths)
}

// Compact returns the compact Newslooks pages of the bench module's own
// testdata (dir/*.html): small pages of the sample article with little
// chrome, whose text form is the library's testdata/xi-putin.txt.
func Compact(dir string) ([]Page, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no compact pages at %s/*.html", dir)
	}
	return loadPages(paths)
}

// loadPages reads the pages at paths, sorted, each named by its file name
// and addressed by its canonical URL.
func loadPages(paths []string) ([]Page, error) {
	sort.Strings(paths)
	var pages []Page
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		pages = append(pages, Page{Name: strings.TrimSuffix(filepath.Base(p), ".html"), Path: p, URL: canonicalURL(src), Source: src})
	}
	return pages, nil
}
