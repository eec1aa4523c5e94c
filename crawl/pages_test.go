package crawl

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks/page"
	"github.com/newsingest/newslooks/siterules"
)

// TestMultiPageArticle: the crawler joins an article's pages, fetching
// each next page politely (robots.txt, the host's pacing), with the
// headers and consent cookie its site rule names.
func TestMultiPageArticle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		mux := web.Mux("a.test", "User-agent: *\nDisallow: /story/4\n")
		for i := 1; i <= 4; i++ {
			path := fmt.Sprintf("/story/%d", i)
			mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
				if c, err := r.Cookie("consent"); err != nil || c.Value != "yes" {
					http.Error(w, "cookie wall", http.StatusForbidden)
					return
				}
				w.Header().Set("Content-Type", "text/html")
				body := strings.Replace(articleHTML("Long story"), "<p>", fmt.Sprintf("<p>Part %d. ", i), 1)
				fmt.Fprint(w, strings.Replace(body, "</article>", fmt.Sprintf(`</article><a class="next" href="/story/%d">Next</a>`, i+1), 1))
			})
		}
		mux.HandleFunc("/feed", feedHandler(rss("http://a.test/story/1")))
		rules, err := siterules.ParseRules(strings.NewReader(
			"a.test:\n  next_page_link: a.next\n  http_header:\n    cookie: consent=yes\n    referer: http://a.test/\n"), "r.yaml")
		require.NoError(t, err)

		c, _, s := newCrawler(t, web)
		c.Parser = &page.Parser{Rules: rules}
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/feed", Kind: Feed}}))

		a := s.articles["http://a.test/story/1"]
		require.NotNil(t, a)
		var parts []string
		for _, sec := range a.Sections {
			for _, p := range sec.Paragraphs {
				if strings.HasPrefix(p, "Part ") {
					parts = append(parts, p[:7])
				}
			}
		}
		assert.Equal(t, []string{"Part 1.", "Part 2.", "Part 3."}, parts)
		assert.Zero(t, web.Count("a.test", "/story/4"), "robots.txt disallows page 4")
		require.NotEmpty(t, a.Warnings)
		assert.Contains(t, a.Warnings[len(a.Warnings)-1].Message, "page 4")
		assert.GreaterOrEqual(t, web.MinGap("a.test"), time.Second)
		hits := web.Hits("a.test", "/story/3")
		require.Len(t, hits, 1)
		assert.Equal(t, "http://a.test/", hits[0].Header.Get("Referer"))
	})
}
