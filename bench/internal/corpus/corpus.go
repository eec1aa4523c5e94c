// Package corpus finds the pages the benchmarks and the evaluation run on:
// the Newslooks page fixtures of the library's testdata, the real news
// pages of shared/pages with Readability's expected output, and the
// aeb-dev pages of the article-extraction benchmark with their true bodies.
package corpus

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
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

// EnvAeb names the environment variable that gives the aeb-dev directory
// when no flag does.
const EnvAeb = "NEWSLOOKS_AEB"

// DefaultAeb is the aeb-dev directory relative to the bench module: 61
// pages of the article-extraction benchmark with hand-made article bodies.
const DefaultAeb = "../../shared/aeb-dev"

// AebDir returns the aeb-dev directory: flagValue when set, else
// $NEWSLOOKS_AEB, else DefaultAeb.
func AebDir(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if env := os.Getenv(EnvAeb); env != "" {
		return env
	}
	return DefaultAeb
}

// Aeb returns the pages of dir/html/ID.html.gz, sorted by ID and named by
// it, each addressed by its URL in dir/ground-truth.json, and the true
// article body of each page by name. A missing or empty dir is an error
// that says so.
func Aeb(dir string) ([]Page, map[string]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, nil, fmt.Errorf("%w (set -aeb or $%s)", err, EnvAeb)
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(data, &truth); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", filepath.Join(dir, "ground-truth.json"), err)
	}
	paths, err := filepath.Glob(filepath.Join(dir, "html", "*.html.gz"))
	if err != nil {
		return nil, nil, err
	}
	if len(paths) == 0 {
		return nil, nil, fmt.Errorf("no pages at %s/html/*.html.gz (set -aeb or $%s)", dir, EnvAeb)
	}
	sort.Strings(paths)
	var pages []Page
	bodies := map[string]string{}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".html.gz")
		t, ok := truth[name]
		if !ok {
			return nil, nil, fmt.Errorf("%s: not in ground-truth.json", p)
		}
		src, err := readGzip(p)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
		pages = append(pages, Page{Name: name, Path: p, URL: t.URL, Source: src})
		bodies[name] = t.ArticleBody
	}
	return pages, bodies, nil
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
