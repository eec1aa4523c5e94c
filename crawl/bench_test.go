package crawl

import (
	"fmt"
	"net/http"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkSoak crawls 50 hosts of 200 articles each, listed in one
// sitemap per host, 5 % of which always answer 500, over an in-process
// transport, with the politeness limits set low (1 ms or 50 ms between
// requests to a host). It reports articles stored per second and the peak heap,
// and checks that every article was stored or recorded as failed.
func BenchmarkSoak(b *testing.B) {
	for _, delay := range []time.Duration{time.Millisecond, 50 * time.Millisecond} {
		b.Run("delay="+delay.String(), func(b *testing.B) { soak(b, delay) })
	}
}

// soak runs the soak benchmark with delay between requests to a host:
// at 50 ms, politeness bounds the crawl to 50 × 20 = 1000 requests/s.
func soak(b *testing.B, delay time.Duration) {
	const hosts, perHost = 50, 200
	for b.Loop() {
		web := newSites()
		var sources []Source
		for h := range hosts {
			host := fmt.Sprintf("h%02d.test", h)
			mux := web.Mux(host, "User-agent: *\nDisallow: /private/\n")
			mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
				var i int
				fmt.Sscanf(r.URL.Path, "/news/%d", &i)
				if i%20 == 7 { // 5 %
					http.Error(w, "broken", http.StatusInternalServerError)
					return
				}
				serveArticle(w, r)
			})
			mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, `<urlset>`)
				for i := range perHost {
					fmt.Fprintf(w, `<url><loc>http://%s/news/%d</loc></url>`, host, i)
				}
				fmt.Fprint(w, `</urlset>`)
			})
			sources = append(sources, Source{URL: "http://" + host + "/sitemap.xml", Kind: Sitemap})
		}
		c, st, s := newCrawler(b, web)
		c.Concurrency = 16
		c.MinDelay, c.Backoff, c.MaxBackoff = delay, time.Millisecond, 5*time.Millisecond
		c.Batch, c.PerHost = hosts*10, 10
		c.HostFailures = 1 << 20 // 5 % failures must not back hosts off

		var peak atomic.Uint64
		done := make(chan struct{})
		go func() {
			var ms runtime.MemStats
			t := time.NewTicker(20 * time.Millisecond)
			defer t.Stop()
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
				select {
				case <-done:
					return
				case <-t.C:
				}
			}
		}()
		start := time.Now()
		if err := c.Run(b.Context(), sources); err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(start)
		close(done)

		stored, failed := 0, 0
		for _, r := range st.URLs() {
			switch r.Status {
			case Done:
				stored++
			case Failed:
				failed++
			default:
				b.Errorf("%s left %s", r.URL, r.Status)
			}
		}
		if stored+failed != hosts*perHost || len(s.URLs()) != stored || failed != hosts*perHost/20 {
			b.Fatalf("stored %d, failed %d, of %d", stored, failed, hosts*perHost)
		}
		b.ReportMetric(float64(stored)/elapsed.Seconds(), "articles/s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(stored), "stored")
		b.ReportMetric(float64(failed), "failed")
	}
}
