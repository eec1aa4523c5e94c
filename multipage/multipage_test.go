package multipage_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/fetch"
	"github.com/newsingest/newslooks/multipage"
	"github.com/newsingest/newslooks/page"
	"github.com/newsingest/newslooks/siterules"
)

// storyPage is page n of a story: its body says which page it is, and
// its pager links to next (none when next is "").
func storyPage(n int, next string) string {
	link := ""
	if next != "" {
		link = fmt.Sprintf(`<a class="next-page" href="%s">Next</a>`, next)
	}
	return fmt.Sprintf(`<!DOCTYPE html><html lang="en"><head><title>A long story</title></head><body>
<h1>A long story</h1>
<div class="story"><p>This is the body of page %d of the long story, written out at length so that it reads as the article's prose and nothing else.</p>
<p>A second paragraph of page %d goes on with the story for a while longer, as stories on several pages do.</p></div>
<nav class="pager">%s</nav>
</body></html>`, n, n, link)
}

// site serves pages by path and counts the requests to each.
type site struct {
	mu    sync.Mutex
	pages map[string]string
	hits  map[string]int
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.RequestURI()]++
	body, ok := s.pages[r.URL.RequestURI()]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, body)
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func serve(t *testing.T, pages map[string]string) (*site, *httptest.Server) {
	s := &site{pages: pages, hits: map[string]int{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

// reader returns a Reader whose next pages are fetched by a real crawler,
// paced at 1 ms, allowed onto loopback.
func reader(rules *siterules.Set, maxPages int) *multipage.Reader {
	p := &page.Parser{Rules: rules}
	c := &crawl.Crawler{State: &crawl.MemoryState{}, Parser: p, AllowPrivate: true, MinDelay: time.Millisecond}
	return &multipage.Reader{Parser: p, Get: c.Fetch, MaxPages: maxPages}
}

func rulesYAML(t *testing.T, src string) *siterules.Set {
	t.Helper()
	s, err := siterules.ParseRules(strings.NewReader(src), "rules.yaml")
	require.NoError(t, err)
	return s
}

func read(t *testing.T, r *multipage.Reader, rawURL string) *newslooks.Article {
	t.Helper()
	pg, err := (&fetch.Fetcher{}).Fetch(context.Background(), rawURL)
	require.NoError(t, err)
	a, err := r.Read(context.Background(), pg.Body, pg.URL, pg.Header.Get("Content-Type"))
	require.NoError(t, err)
	return a
}

// pagesRead lists the page numbers whose bodies the article holds, in order.
func pagesRead(a *newslooks.Article) []int {
	var out []int
	for _, s := range a.Sections {
		for _, p := range s.Paragraphs {
			var n int
			if _, err := fmt.Sscanf(p, "This is the body of page %d", &n); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

func TestNextPageLinkJoinsThreePages(t *testing.T) {
	s, srv := serve(t, map[string]string{
		"/story":            storyPage(1, "/story?part=two"),
		"/story?part=two":   storyPage(2, "/story?part=three"),
		"/story?part=three": storyPage(3, ""),
	})
	host := strings.TrimPrefix(srv.URL, "http://")
	rules := rulesYAML(t, fmt.Sprintf("%q:\n  next_page_link: a.next-page\n", strings.Split(host, ":")[0]))
	a := read(t, reader(rules, 0), srv.URL+"/story")
	assert.Equal(t, []int{1, 2, 3}, pagesRead(a))
	assert.Equal(t, srv.URL+"/story", a.URL)
	assert.Empty(t, a.Warnings)
	assert.Equal(t, 1, s.count("/story?part=three"))

	// Without the rule, "?part=two" does not continue the address as a
	// page number would: the page is read alone.
	alone := read(t, reader(nil, 0), srv.URL+"/story")
	assert.Equal(t, []int{1}, pagesRead(alone))
}

func TestFiveFiltersRuleJoinsThePagesAlike(t *testing.T) {
	_, srv := serve(t, map[string]string{
		"/story":            storyPage(1, "/story?part=two"),
		"/story?part=two":   storyPage(2, "/story?part=three"),
		"/story?part=three": storyPage(3, ""),
	})
	dir := t.TempDir()
	require.NoError(t, writeFile(dir+"/127.0.0.1.txt", "next_page_link: //a[@class='next-page']\nbody: //div[@class='story']\n"))
	ff, err := siterules.LoadFiveFilters(dir)
	require.NoError(t, err)
	css := rulesYAML(t, "127.0.0.1:\n  next_page_link: a.next-page\n  body: div.story\n")
	a := read(t, reader(ff, 0), srv.URL+"/story")
	b := read(t, reader(css, 0), srv.URL+"/story")
	assert.Equal(t, []int{1, 2, 3}, pagesRead(a))
	assert.Equal(t, a, b)
}

func TestRelNextAndPagerWithoutRules(t *testing.T) {
	_, srv := serve(t, map[string]string{
		"/story":   strings.Replace(storyPage(1, ""), "</head>", `<link rel="next" href="/story/2"></head>`, 1),
		"/story/2": strings.Replace(storyPage(2, ""), `<nav class="pager">`, `<nav class="pager"><a href="/story">1</a> <a href="/story/3">3</a>`, 1),
		"/story/3": storyPage(3, ""),
	})
	a := read(t, reader(nil, 0), srv.URL+"/story")
	assert.Equal(t, []int{1, 2, 3}, pagesRead(a))
}

func TestPagerLoopEnds(t *testing.T) {
	s, srv := serve(t, map[string]string{
		"/story/1": storyPage(1, "/story/2"),
		"/story/2": storyPage(2, "/story/3"),
		"/story/3": storyPage(3, "/story/1"), // back to the start
	})
	rules := rulesYAML(t, "127.0.0.1:\n  next_page_link: a.next-page\n")
	a := read(t, reader(rules, 0), srv.URL+"/story/1")
	assert.Equal(t, []int{1, 2, 3}, pagesRead(a))
	require.Len(t, a.Warnings, 1)
	assert.Contains(t, a.Warnings[0].Message, "pager loop")
	assert.Equal(t, 1, s.count("/story/1"))
}

func TestPageCap(t *testing.T) {
	pages := map[string]string{}
	for i := 1; i <= 20; i++ {
		pages[fmt.Sprintf("/s/%d", i)] = storyPage(i, fmt.Sprintf("/s/%d", i+1))
	}
	s, srv := serve(t, pages)
	rules := rulesYAML(t, "127.0.0.1:\n  next_page_link: a.next-page\n")
	a := read(t, reader(rules, 4), srv.URL+"/s/1")
	assert.Equal(t, []int{1, 2, 3, 4}, pagesRead(a))
	require.Len(t, a.Warnings, 1)
	assert.Contains(t, a.Warnings[0].Message, "more than 4 pages")
	assert.Zero(t, s.count("/s/5"))
}

func TestSinglePageLink(t *testing.T) {
	_, srv := serve(t, map[string]string{
		"/story":       strings.Replace(storyPage(1, "/story/2"), `<nav class="pager">`, `<nav class="pager"><a class="print" href="/story/print">Print</a>`, 1),
		"/story/print": strings.Replace(storyPage(1, ""), "</div>", "<p>This is the body of page 2 of the long story, all on the one-page view, as it is printed for readers.</p></div>", 1),
	})
	rules := rulesYAML(t, "127.0.0.1:\n  single_page_link: a.print\n  next_page_link: a.next-page\n")
	a := read(t, reader(rules, 0), srv.URL+"/story")
	assert.Equal(t, []int{1, 2}, pagesRead(a))
	assert.Equal(t, srv.URL+"/story", a.URL)
}

func TestNextPageOnAnotherHostIsNotFollowed(t *testing.T) {
	other, osrv := serve(t, map[string]string{"/2": storyPage(2, "")})
	_, srv := serve(t, map[string]string{"/story": storyPage(1, osrv.URL+"/2")})
	// Both servers are on 127.0.0.1: another port is the same host name,
	// so the first is named localhost.
	rules := rulesYAML(t, "localhost:\n  next_page_link: a.next-page\n")
	a := read(t, reader(rules, 0), strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)+"/story")
	assert.Equal(t, []int{1}, pagesRead(a))
	assert.Zero(t, other.count("/2"))
}

func TestSinglePageViewFailsFallsBack(t *testing.T) {
	_, srv := serve(t, map[string]string{
		"/story":   strings.Replace(storyPage(1, "/story/2"), `<nav class="pager">`, `<nav class="pager"><a class="print" href="/story/print">Print</a>`, 1),
		"/story/2": storyPage(2, ""),
	})
	rules := rulesYAML(t, "127.0.0.1:\n  single_page_link: a.print\n  next_page_link: a.next-page\n")
	a := read(t, reader(rules, 0), srv.URL+"/story")
	assert.Equal(t, []int{1, 2}, pagesRead(a))
	require.Len(t, a.Warnings, 1)
	assert.Contains(t, a.Warnings[0].Message, "one-page view")
}
