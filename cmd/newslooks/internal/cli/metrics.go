package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/crawl/crawlsql"
	"github.com/newsingest/newslooks/store"
)

// crawlMetrics are the Prometheus metrics of ingest --metrics-addr: what
// was sent to which kind of host and answered, what became of each URL
// and article, how long parses took; and, read from the store at each
// scrape, the queue and each host's backoff. It is the crawler's
// crawl.Monitor.
type crawlMetrics struct {
	registry *prometheus.Registry
	fetches  *prometheus.CounterVec
	bytes    prometheus.Counter
	settled  *prometheus.CounterVec
	robots   prometheus.Counter
	articles *prometheus.CounterVec
	parse    prometheus.Histogram
}

func newCrawlMetrics(st *crawlsql.State) *crawlMetrics {
	m := &crawlMetrics{
		registry: prometheus.NewRegistry(),
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newslooks_fetches_total",
			Help: "HTTP requests answered (code: the status) or failed (code: error), by host class: loopback, private or public address, or name.",
		}, []string{"host_class", "code"}),
		bytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newslooks_fetch_bytes_total",
			Help: "Bytes of response bodies read.",
		}),
		settled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newslooks_urls_total",
			Help: "URLs and sources a pass settled: stored, skipped (by a policy) or failed, by reason.",
		}, []string{"outcome", "reason"}),
		robots: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newslooks_robots_refusals_total",
			Help: "URLs robots.txt disallowed, never requested.",
		}),
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newslooks_articles_total",
			Help: "Crawled articles handed to the store, by what it did: new, updated, duplicate, near-duplicate, unchanged.",
		}, []string{"outcome"}),
		parse: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "newslooks_parse_seconds",
			Help:    "Time to parse one page or feed item.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}),
	}
	m.registry.MustRegister(m.fetches, m.bytes, m.settled, m.robots, m.articles, m.parse, stateCollector{st})
	return m
}

// Settled implements crawl.Monitor.
func (m *crawlMetrics) Settled(outcome, reason string) {
	m.settled.WithLabelValues(outcome, reason).Inc()
	if reason == crawl.ReasonDisallowed {
		m.robots.Inc()
	}
}

// Parsed implements crawl.Monitor.
func (m *crawlMetrics) Parsed(d time.Duration) { m.parse.Observe(d.Seconds()) }

// stored counts an article the store took.
func (m *crawlMetrics) stored(o store.Outcome) {
	if m != nil {
		m.articles.WithLabelValues(o.String()).Inc()
	}
}

// transport counts the requests next sends and the bytes of their
// answers.
func (m *crawlMetrics) transport(next http.RoundTripper) http.RoundTripper {
	return roundTripper(func(req *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(req)
		class := hostClass(req.URL.Hostname())
		if err != nil {
			m.fetches.WithLabelValues(class, "error").Inc()
			return resp, err
		}
		m.fetches.WithLabelValues(class, strconv.Itoa(resp.StatusCode)).Inc()
		resp.Body = &countingBody{ReadCloser: resp.Body, n: m.bytes}
		return resp, nil
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// A countingBody adds the bytes read through it to n.
type countingBody struct {
	io.ReadCloser
	n prometheus.Counter
}

func (b *countingBody) Read(p []byte) (int, error) {
	k, err := b.ReadCloser.Read(p)
	b.n.Add(float64(k))
	return k, err
}

// hostClass is "loopback", "private" or "public" for an IP address, and
// "name" for a host name (which resolves to any of them).
func hostClass(host string) string {
	a, err := netip.ParseAddr(host)
	switch {
	case err != nil:
		return "name"
	case a.IsLoopback():
		return "loopback"
	case a.IsPrivate(), a.IsLinkLocalUnicast():
		return "private"
	}
	return "public"
}

// A stateCollector reads, at each scrape, the URLs queued by status and
// each host's backoff from the crawl state.
type stateCollector struct{ st *crawlsql.State }

var (
	urlsDesc = prometheus.NewDesc("newslooks_crawl_urls", "URLs in the crawl state by status (pending is the queue's depth).",
		[]string{"status"}, nil)
	backoffDesc = prometheus.NewDesc("newslooks_host_backoff_seconds", "Seconds until a backed-off host may be asked again (0 when it is not).",
		[]string{"host"}, nil)
)

func (c stateCollector) Describe(ch chan<- *prometheus.Desc) { ch <- urlsDesc; ch <- backoffDesc }

func (c stateCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if counts, err := c.st.Count(ctx); err == nil {
		for _, s := range []crawl.Status{crawl.Pending, crawl.Done, crawl.Skipped, crawl.Failed} {
			ch <- prometheus.MustNewConstMetric(urlsDesc, prometheus.GaugeValue, float64(counts[s]), s.String())
		}
	}
	if hosts, err := c.st.Hosts(ctx); err == nil {
		now := time.Now()
		for _, h := range hosts {
			ch <- prometheus.MustNewConstMetric(backoffDesc, prometheus.GaugeValue, max(h.BackoffUntil.Sub(now).Seconds(), 0), h.Host)
		}
	}
}

// serveMetrics serves /metrics and /healthz (200 while the store answers)
// on addr until ctx ends, and says where on stderr.
func serveMetrics(ctx context.Context, addr string, m *crawlMetrics, s *store.Store, stderr io.Writer) (stop func(), err error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--metrics-addr: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := s.DB().PingContext(r.Context()); err != nil {
			http.Error(w, "store: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "newslooks ingest: metrics: %v\n", err)
		}
	}()
	fmt.Fprintf(stderr, "newslooks ingest: metrics on http://%s/metrics\n", l.Addr())
	return func() { srv.Shutdown(context.WithoutCancel(ctx)) }, nil
}
