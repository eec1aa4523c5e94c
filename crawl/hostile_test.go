package crawl

import (
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRetryAfterCappedAtADay: a server that answers Retry-After:
// 99999999999 (3,000 years) has the URL put off for a day, not banned
// for a year.
func TestRetryAfterCappedAtADay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		web := newSites()
		mux := web.Mux("a.test", "")
		mux.HandleFunc("/news/1", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "99999999999")
			w.WriteHeader(http.StatusTooManyRequests)
		})
		mux.HandleFunc("/feed", feedHandler(rss("http://a.test/news/1")))
		c, st, _ := newCrawler(t, web)
		start := time.Now()
		require.NoError(t, c.Run(t.Context(), []Source{{URL: "http://a.test/feed", Kind: Feed}}))
		r := record(t, st, "http://a.test/news/1")
		assert.Equal(t, Failed, r.Status)
		assert.WithinDuration(t, start.Add(24*time.Hour), r.NextTry, time.Minute)
		h, err := st.Host(t.Context(), "a.test")
		require.NoError(t, err)
		assert.False(t, h.NextAllowed.After(start.Add(24*time.Hour+time.Minute)), "host free again within a day: %v", h.NextAllowed)
	})
}
