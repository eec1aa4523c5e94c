package crawlsql

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/crawl/statetest"
	"github.com/newsingest/newslooks/store"
)

// TestCrawlState runs the crawl.State suite, which MemoryState passes
// too, against each backend.
func TestCrawlState(t *testing.T) {
	for name, f := range backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			statetest.Run(t, func(t *testing.T) crawl.State {
				return New(openTest(t, f(t)))
			})
		})
	}
}

// The claimers of TestCrawlStateClaimers, in this process or in child
// processes (the test binary run again with claimerEnv set).
const (
	claimerEnv     = "NEWSLOOKS_TEST_CLAIMER" // "dsn|owner|start unix micros"
	claimerURLs    = 240
	claimerHosts   = 4
	claimerGap     = 20 * time.Millisecond
	claimerLease   = 4 * time.Second
	claimerPerHost = 2
)

// claimer claims URLs until none is due, "fetches" each after taking its
// host, stores it as an article and marks it Done. It
// reports each claim and each start on out, one line each.
// With crashAfter > 0 it stops after that many claims without releasing
// them, as a killed worker would.
func claimer(ctx context.Context, s *store.Store, owner string, crashAfter int, out func(string)) error {
	st := New(s)
	claims := 0
	idle := 0
	for {
		now := time.Now()
		batch, err := st.ClaimDue(ctx, crawl.Claim{Owner: owner, Now: now, Lease: claimerLease, Limit: 5, PerHost: claimerPerHost})
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			// Leased by others, maybe by a dead one: wait for the leases.
			if idle++; idle > int((claimerLease+time.Second)/(50*time.Millisecond)) {
				return nil
			}
			time.Sleep(50 * time.Millisecond)
			continue
		}
		idle = 0
		for _, e := range batch {
			out(fmt.Sprintf("claim %s %d %d", e.URL, now.UnixMicro(), now.Add(claimerLease).UnixMicro()))
			claims++
			if crashAfter > 0 && claims >= crashAfter {
				return nil
			}
			start, err := acquire(ctx, st, e.Host)
			if err != nil {
				return err
			}
			out(fmt.Sprintf("start %s %d", e.Host, start.UnixMicro()))
			// The "request" is instant; the host is given back when it
			// is answered, before the article is stored, as the crawler
			// does.
			if err := st.UpdateHost(ctx, e.Host, func(h *crawl.HostState) { h.Release(time.Now(), claimerGap) }); err != nil {
				return err
			}
			if !time.Now().Before(now.Add(claimerLease)) {
				// Another claimer may have the URL now: a test too slow
				// for its lease, not a failure of the State.
				return fmt.Errorf("%s: the lease lapsed before the work was done; is the machine overloaded?", e.URL)
			}
			i, _ := strconv.Atoi(e.URL[strings.LastIndexByte(e.URL, '/')+1:])
			a := genArticle(11, i) // distinct articles: no dedup hides a second store
			a.URL = e.URL
			o, err := s.Put(ctx, a, store.PutInfo{Source: "crawl", URL: e.URL})
			if err != nil {
				return err
			}
			out(fmt.Sprintf("put %s %s", e.URL, o))
			if err := st.Done(ctx, e.URL, owner, time.Now()); err != nil {
				return err
			}
		}
	}
}

// acquire takes host, waiting while it is not free, as a crawler does,
// and returns when it took it.
func acquire(ctx context.Context, st *State, host string) (time.Time, error) {
	for {
		now := time.Now()
		h, ok, err := st.AcquireHost(ctx, host, now, claimerGap, claimerLease)
		if err != nil || ok {
			return now, err
		}
		wait := h.NextAllowed.Sub(now)
		if wait <= 0 {
			wait = claimerGap / 4 // in flight elsewhere: look again soon
		}
		select {
		case <-ctx.Done():
			return now, ctx.Err()
		case <-time.After(wait):
		}
	}
}

func init() {
	v := os.Getenv(claimerEnv)
	if v == "" {
		return
	}
	// A child: run one claimer and exit, printing its lines to stdout.
	parts := strings.Split(v, "|")
	crashAfter, _ := strconv.Atoi(parts[2])
	ctx := context.Background()
	s, err := store.Open(ctx, parts[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var mu sync.Mutex
	err = claimer(ctx, s, parts[1], crashAfter, func(line string) {
		mu.Lock()
		fmt.Println(line)
		mu.Unlock()
	})
	if crashAfter > 0 {
		os.Exit(0) // killed: no Close, no release
	}
	s.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// TestCrawlStateClaimers runs claimers at once on one PostgreSQL
// database: 3 goroutines with their own *store.Store, then 3 processes, one of
// which dies holding claims. No URL is claimed twice while leased, the
// dead one's claims return when their leases lapse, starts on one host
// are claimerGap apart across claimers, and every article is stored
// once.
func TestCrawlStateClaimers(t *testing.T) {
	if os.Getenv("NEWSLOOKS_TEST_POSTGRES") == "" {
		t.Skip("NEWSLOOKS_TEST_POSTGRES is not set: no PostgreSQL to test against")
	}
	t.Run("goroutines", func(t *testing.T) {
		t.Parallel()
		dsn := postgresFactory(t)
		seed(t, dsn)
		var (
			mu    sync.Mutex
			lines []string
			wg    sync.WaitGroup
		)
		for i := range 3 {
			s := openTest(t, dsn)
			wg.Go(func() {
				if err := claimer(t.Context(), s, fmt.Sprintf("g%d", i), 0, func(l string) {
					mu.Lock()
					lines = append(lines, fmt.Sprintf("g%d %s", i, l))
					mu.Unlock()
				}); err != nil {
					t.Errorf("claimer g%d: %v", i, err)
				}
			})
		}
		wg.Wait()
		checkClaimers(t, dsn, lines, false)
	})
	t.Run("processes", func(t *testing.T) {
		t.Parallel()
		dsn := postgresFactory(t)
		seed(t, dsn)
		var (
			mu    sync.Mutex
			lines []string
			wg    sync.WaitGroup
		)
		for i := range 3 {
			crash := 0
			if i == 0 {
				crash = 7 // dies holding claims
			}
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s|p%d|%d", claimerEnv, dsn, i, crash))
			wg.Go(func() {
				out, err := cmd.Output()
				if err != nil {
					var stderr string
					if ee, ok := err.(*exec.ExitError); ok {
						stderr = string(ee.Stderr)
					}
					t.Errorf("claimer p%d: %v\n%s", i, err, stderr)
				}
				mu.Lock()
				for l := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
					if l != "" {
						lines = append(lines, fmt.Sprintf("p%d %s", i, l))
					}
				}
				mu.Unlock()
			})
		}
		wg.Wait()
		checkClaimers(t, dsn, lines, true)
	})
}

// seed migrates a new database and queues the URLs.
func seed(t *testing.T, dsn string) {
	s := openTest(t, dsn)
	n, err := New(s).Enqueue(t.Context(), statetest.Entries(claimerURLs, claimerHosts), false)
	if err != nil || n != claimerURLs {
		t.Fatalf("Enqueue: %d, %v", n, err)
	}
}

func checkClaimers(t *testing.T, dsn string, lines []string, crashed bool) {
	t.Helper()
	type lease struct {
		owner       string
		from, until int64
	}
	leases := make(map[string][]lease)
	starts := make(map[string][]int64)
	puts := make(map[string][]string)
	for _, l := range lines {
		f := strings.Fields(l)
		switch f[1] {
		case "claim":
			from, _ := strconv.ParseInt(f[3], 10, 64)
			until, _ := strconv.ParseInt(f[4], 10, 64)
			leases[f[2]] = append(leases[f[2]], lease{f[0], from, until})
		case "put":
			puts[f[2]] = append(puts[f[2]], f[0]+" "+f[3])
		case "start":
			at, _ := strconv.ParseInt(f[3], 10, 64)
			starts[f[2]] = append(starts[f[2]], at)
		}
	}
	if len(leases) != claimerURLs {
		t.Errorf("%d URLs claimed, want %d", len(leases), claimerURLs)
	}
	owners := make(map[string]bool)
	for _, ls := range leases {
		for _, l := range ls {
			owners[l.owner] = true
		}
	}
	if len(owners) != 3 {
		t.Errorf("claims by %v, want 3 claimers", owners)
	}
	again := 0
	for u, ls := range leases {
		// A URL is claimed again only after the last lease lapsed: only
		// a dead claimer's URLs are claimed twice.
		for i := 1; i < len(ls); i++ {
			again++
			a, b := ls[i-1], ls[i]
			if b.from < a.from {
				a, b = b, a
			}
			if b.from < a.until {
				t.Errorf("%s claimed by %s at %d while %s held it until %d", u, b.owner, b.from, a.owner, a.until)
			}
		}
	}
	if crashed && again == 0 {
		t.Error("no claim of the dead claimer returned")
	}
	if !crashed && again != 0 {
		t.Errorf("%d URLs claimed twice", again)
	}
	for u, ps := range puts {
		if len(ps) != 1 || !strings.HasSuffix(ps[0], " "+store.New.String()) {
			t.Errorf("%s stored %v, want once, new", u, ps)
		}
	}
	if len(puts) != claimerURLs {
		t.Errorf("%d URLs stored, want %d", len(puts), claimerURLs)
	}
	if len(starts) != claimerHosts {
		t.Errorf("starts on %d hosts, want %d", len(starts), claimerHosts)
	}
	for h, ss := range starts {
		slices.Sort(ss)
		for i := 1; i < len(ss); i++ {
			if d := time.Duration(ss[i]-ss[i-1]) * time.Microsecond; d < claimerGap {
				t.Errorf("%s: starts %v apart", h, d)
			}
		}
	}
	s := openTest(t, dsn)
	var articles, done, distinct int
	if err := s.DB().QueryRow(`SELECT COUNT(*), COUNT(DISTINCT url) FROM articles`).Scan(&articles, &distinct); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM crawl_urls WHERE status = 1 AND owner = ''`).Scan(&done); err != nil {
		t.Fatal(err)
	}
	if articles != claimerURLs || distinct != claimerURLs || done != claimerURLs {
		t.Errorf("%d articles (%d URLs), %d URLs done; want %d of each", articles, distinct, done, claimerURLs)
	}
	var aliases int
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM aliases`).Scan(&aliases); err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	}
	if aliases != 0 {
		t.Errorf("%d aliases: an article was stored twice", aliases)
	}
}
