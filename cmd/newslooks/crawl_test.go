package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// postgresDSN returns the DSN of a new schema of the PostgreSQL that
// $NEWSLOOKS_TEST_POSTGRES names, dropped when the test ends; the test is
// skipped without one.
func postgresDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("NEWSLOOKS_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("NEWSLOOKS_TEST_POSTGRES is not set: no PostgreSQL to test against")
	}
	admin, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	defer admin.Close()
	b := make([]byte, 8)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	_, err = admin.Exec(`CREATE SCHEMA ` + schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Error(err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// A publisher is a news site on loopback: a robots.txt, a feed of n
// article pages, and a log of when each request arrived.
type publisher struct {
	*httptest.Server
	n int

	mu       sync.Mutex
	arrivals []time.Time
	paths    map[string]int
}

func newPublisher(t *testing.T, n int) *publisher {
	p := &publisher{n: n, paths: make(map[string]int)}
	p.Server = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.Close)
	return p
}

func (p *publisher) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.arrivals = append(p.arrivals, time.Now())
	p.paths[r.URL.Path]++
	p.mu.Unlock()
	switch {
	case r.URL.Path == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	case r.URL.Path == "/feed":
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>http://`+r.Host+`/</link>`)
		for i := range p.n {
			fmt.Fprintf(w, "<item><title>Story %d</title><link>http://%s/news/%d</link><description>A teaser.</description></item>", i, r.Host, i)
		}
		fmt.Fprint(w, "</channel></rss>")
	case strings.HasPrefix(r.URL.Path, "/news/"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, storyPage(r.URL.Path))
	default:
		http.NotFound(w, r)
	}
}

// storyPage is an article page whose words depend on its path, so that
// no two stories are near duplicates.
func storyPage(path string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><title>Story %s</title><meta property="og:type" content="article"></head><body><article><h1>Story %s</h1>`, path, path)
	words := []string{"harbor", "council", "budget", "river", "school", "rail", "market", "storm", "library", "bridge", "tariff", "orchard"}
	seed := 0
	for _, c := range path {
		seed = seed*31 + int(c)
	}
	for p := range 6 {
		b.WriteString("<p>")
		for w := range 40 {
			seed = seed*1103515245 + 12345
			b.WriteString(words[(seed>>16)%len(words)&0x7fffffff%len(words)])
			fmt.Fprintf(&b, "%d ", (seed>>8)%97+p*w%5)
		}
		b.WriteString("</p>")
	}
	b.WriteString(`</article></body></html>`)
	return b.String()
}

// gaps returns the times between consecutive arrivals, sorted.
func (p *publisher) gaps() []time.Duration {
	p.mu.Lock()
	times := slices.Clone(p.arrivals)
	p.mu.Unlock()
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	var out []time.Duration
	for i := 1; i < len(times); i++ {
		out = append(out, times[i].Sub(times[i-1]))
	}
	slices.Sort(out)
	return out
}

// TestIngestProcessesKeepHostDelay runs 1, 2 and 3 ingest processes at
// once on one PostgreSQL against one loopback host: the host never sees
// two requests closer than --delay, whichever process sends them, and
// every story is fetched and stored once.
func TestIngestProcessesKeepHostDelay(t *testing.T) {
	const (
		stories = 16
		delay   = 40 * time.Millisecond
	)
	for _, procs := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("%d processes", procs), func(t *testing.T) {
			dsn := postgresDSN(t)
			// Migrate once, before the processes race to.
			code, _, errOut := runCmd(t, "", "status", "--db", dsn)
			require.Equal(t, 0, code, errOut)
			pub := newPublisher(t, stories)
			var wg sync.WaitGroup
			for i := range procs {
				cmd := exec.Command(binary, "ingest", "--db", dsn, "--allow-private", "--delay", delay.String(), "--feed", pub.URL+"/feed")
				wg.Go(func() {
					out, err := cmd.CombinedOutput()
					assert.NoError(t, err, "process %d: %s", i, out)
				})
			}
			wg.Wait()

			gaps := pub.gaps()
			require.NotEmpty(t, gaps)
			// A process sends only after the previous request to the
			// host was answered and delay more passed: the server sees
			// no two closer. The margin covers only the microseconds the
			// store keeps and wall against monotonic clock drift; load
			// makes gaps longer, never shorter.
			assert.GreaterOrEqual(t, gaps[0], delay-time.Millisecond, "closest two requests to the host")
			t.Logf("%d processes, %d requests: gap min %v, median %v, p90 %v, max %v", procs, len(gaps)+1,
				gaps[0].Round(time.Microsecond*100), gaps[len(gaps)/2].Round(time.Microsecond*100),
				gaps[len(gaps)*9/10].Round(time.Microsecond*100), gaps[len(gaps)-1].Round(time.Microsecond*100))
			pub.mu.Lock()
			defer pub.mu.Unlock()
			for i := range stories {
				assert.Equal(t, 1, pub.paths[fmt.Sprintf("/news/%d", i)], "story %d fetched", i)
			}
			assert.LessOrEqual(t, pub.paths["/robots.txt"], procs, "robots.txt at most once a process")
			code, out, errOut := runCmd(t, "", "status", "--db", dsn)
			require.Equal(t, 0, code, errOut)
			assert.Contains(t, out, fmt.Sprintf("articles:         %d ", stories))
		})
	}
}
