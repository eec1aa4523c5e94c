package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveOn starts a loopback server for h listening on addr ("127.0.0.2:0").
func serveOn(t *testing.T, addr string, h http.Handler) *httptest.Server {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// hits counts the requests a handler sees.
func hits(n *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(testPage))
	})
}

func TestGuardRefusesNonPublicAddresses(t *testing.T) {
	var n atomic.Int32
	srv := serveOn(t, "127.0.0.1:0", hits(&n))
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	p := func(host string) string { return "http://" + host + ":" + itoa(port) + "/a" }

	var mu sync.Mutex
	var seen []string
	g := &Guard{Observe: func(_, address string, err error) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, address)
		assert.ErrorIs(t, err, ErrForbiddenAddress, address)
	}}
	f := &Fetcher{Client: &http.Client{Transport: g}, Timeout: 5 * time.Second}
	for _, u := range []string{p("127.0.0.1"), p("[::1]"), p("localhost"), p("0.0.0.0"), p("[::ffff:127.0.0.1]")} {
		_, err := f.Fetch(t.Context(), u)
		require.Error(t, err, u)
		assert.ErrorIs(t, err, ErrForbiddenAddress, u)
	}
	assert.Zero(t, n.Load(), "no refused request reached the server")
	assert.NotEmpty(t, seen)
}

// TestGuardRefusesMetadataAddressBeforeConnecting proves that the check
// happens in the Control hook, before any connection: 169.254.169.254 is
// never connected to.
func TestGuardRefusesMetadataAddressBeforeConnecting(t *testing.T) {
	var calls atomic.Int32
	g := &Guard{Observe: func(network, address string, err error) {
		calls.Add(1)
		assert.Equal(t, "169.254.169.254:80", address)
		assert.ErrorIs(t, err, ErrForbiddenAddress)
	}}
	f := &Fetcher{Client: &http.Client{Transport: g}, Timeout: 5 * time.Second}
	_, err := f.Fetch(t.Context(), "http://169.254.169.254/latest/meta-data/")
	require.ErrorIs(t, err, ErrForbiddenAddress)
	assert.Equal(t, int32(1), calls.Load(), "the Control hook saw the address once, and refused it")
}

func TestGuardTrustedURLButNotItsRedirect(t *testing.T) {
	var n atomic.Int32
	target := serveOn(t, "127.0.0.2:0", hits(&n))
	start := serveOn(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/page" {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte(testPage))
			return
		}
		http.Redirect(w, r, target.URL+"/a", http.StatusFound)
	}))
	f := &Fetcher{Client: &http.Client{Transport: &Guard{}}, Timeout: 5 * time.Second}

	// The URL a person gave is fetched as given, though it is loopback.
	p, err := f.Do(t.Context(), start.URL+"/page", Request{Trusted: true})
	require.NoError(t, err)
	assert.Equal(t, testPage, string(p.Body))

	// Its redirect to another loopback address is refused.
	_, err = f.Do(t.Context(), start.URL+"/go", Request{Trusted: true})
	require.ErrorIs(t, err, ErrForbiddenAddress)
	assert.Zero(t, n.Load())

	// Not trusted, the first hop is refused too.
	_, err = f.Do(t.Context(), start.URL+"/page", Request{})
	require.ErrorIs(t, err, ErrForbiddenAddress)
}

func TestGuardAllowPrivate(t *testing.T) {
	var n atomic.Int32
	srv := serveOn(t, "127.0.0.3:0", hits(&n))
	f := &Fetcher{Client: &http.Client{Transport: &Guard{AllowPrivate: true}}}
	_, err := f.Fetch(t.Context(), srv.URL+"/a")
	require.NoError(t, err)
	assert.Equal(t, int32(1), n.Load())
}

func TestForbidden(t *testing.T) {
	for s, want := range map[string]bool{
		"127.0.0.1": true, "::1": true, "0.0.0.0": true, "::": true, "10.1.2.3": true,
		"172.16.0.1": true, "192.168.1.1": true, "169.254.169.254": true, "fe80::1": true,
		"224.0.0.1": true, "ff02::1": true, "::ffff:127.0.0.1": true, "fd00::1": true,
		"100.64.0.1": true, "8.8.8.8": false, "2001:4860:4860::8888": false, "93.184.216.34": false,
	} {
		assert.Equal(t, want, Forbidden(netip.MustParseAddr(s)), s)
	}
}

func TestConditionalRequest(t *testing.T) {
	var got []string
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("If-None-Match")+"|"+r.Header.Get("If-Modified-Since"))
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.Header().Set("ETag", `"v1"`)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Fri, 27 Nov 2026 10:00:00 GMT")
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = w.Write([]byte(`<rss version="2.0"><channel><title>T</title><item><title>A</title><link>http://x.test/a</link></item></channel></rss>`))
	}))
	f := new(Fetcher)
	p, err := f.Do(t.Context(), srv.URL, Request{Accept: AcceptFeed})
	require.NoError(t, err)
	assert.False(t, p.NotModified())
	v := p.Validators()
	assert.Equal(t, Validators{ETag: `"v1"`, LastModified: "Fri, 27 Nov 2026 10:00:00 GMT"}, v)
	assert.Contains(t, string(p.Body), "<item>")

	p, err = f.Do(t.Context(), srv.URL, Request{Accept: AcceptFeed, Validators: v})
	require.NoError(t, err)
	assert.True(t, p.NotModified())
	assert.Empty(t, p.Body)
	assert.Equal(t, []string{"|", `"v1"|Fri, 27 Nov 2026 10:00:00 GMT`}, got)
}

func TestFetchErrorHeaderAndRetryAfter(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	fe := fetchErr(t, new(Fetcher), t.Context(), srv.URL)
	assert.Equal(t, http.StatusServiceUnavailable, fe.StatusCode)
	assert.Equal(t, "120", fe.Header.Get("Retry-After"))
	d, ok := fe.RetryAfter(time.Now())
	assert.True(t, ok)
	assert.Equal(t, 120*time.Second, d)

	now := time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)
	d, ok = ParseRetryAfter("Fri, 27 Nov 2026 18:00:30 GMT", now)
	assert.True(t, ok)
	assert.Equal(t, 30*time.Second, d)
	d, ok = ParseRetryAfter("Fri, 27 Nov 2026 17:00:00 GMT", now)
	assert.True(t, ok)
	assert.Zero(t, d)
	for _, bad := range []string{"", "soon", "-5"} {
		_, ok = ParseRetryAfter(bad, now)
		assert.False(t, ok, bad)
	}
	var err error = fe
	assert.False(t, errors.Is(err, context.Canceled))
}

func TestExtraTypes(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/gzip")
		_, _ = w.Write([]byte("\x1f\x8b"))
	}))
	_, err := new(Fetcher).Fetch(t.Context(), srv.URL)
	require.ErrorIs(t, err, ErrContentType)
	p, err := new(Fetcher).Do(t.Context(), srv.URL, Request{Types: []string{"application/gzip"}})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(p.Body), "\x1f\x8b"))
}

func itoa(n int) string { return strconv.Itoa(n) }
