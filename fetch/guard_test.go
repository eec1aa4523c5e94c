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

// TestForbidden walks the IANA special-purpose registries: every address
// not globally reachable is refused, IPv4 carried in IPv6 is judged as the
// IPv4 address it is, and public addresses pass.
func TestForbidden(t *testing.T) {
	for _, tc := range []struct {
		addr      string
		forbidden bool
		why       string
	}{
		{"127.0.0.1", true, "loopback"},
		{"::1", true, "loopback"},
		{"0.0.0.0", true, "unspecified"},
		{"0.1.2.3", true, "this network"},
		{"::", true, "unspecified"},
		{"10.1.2.3", true, "private"},
		{"172.16.0.1", true, "private"},
		{"192.168.1.1", true, "private"},
		{"100.64.0.1", true, "shared address space"},
		{"169.254.169.254", true, "link local (cloud metadata)"},
		{"192.0.0.1", true, "IETF protocol assignments"},
		{"192.0.0.170", true, "NAT64 discovery"},
		{"192.0.2.1", true, "documentation"},
		{"198.18.0.1", true, "benchmarking"},
		{"198.19.255.255", true, "benchmarking"},
		{"198.51.100.7", true, "documentation"},
		{"203.0.113.9", true, "documentation"},
		{"192.88.99.1", true, "deprecated 6to4 relay anycast"},
		{"224.0.0.1", true, "multicast"},
		{"239.255.255.250", true, "multicast"},
		{"240.0.0.1", true, "reserved"},
		{"255.255.255.255", true, "broadcast"},
		{"fe80::1", true, "link-local"},
		{"fec0::1", true, "site-local"},
		{"fd00::1", true, "unique local"},
		{"ff02::1", true, "multicast"},
		{"::ffff:127.0.0.1", true, "IPv4-mapped loopback"},
		{"::ffff:169.254.169.254", true, "IPv4-mapped metadata"},
		{"64:ff9b::a9fe:a9fe", true, "NAT64 of 169.254.169.254"},
		{"64:ff9b::7f00:1", true, "NAT64 of 127.0.0.1"},
		{"64:ff9b::a00:1", true, "NAT64 of 10.0.0.1"},
		{"64:ff9b:1::a9fe:a9fe", true, "local-use NAT64"},
		{"64:ff9b:1:ffff::8.8.8.8", true, "local-use NAT64"},
		{"2002:7f00:1::1", true, "6to4 of 127.0.0.1"},
		{"2002:a9fe:a9fe::1", true, "6to4 of 169.254.169.254"},
		{"2002:c0a8:101::", true, "6to4 of 192.168.1.1"},
		{"::7f00:1", true, "IPv4-compatible 127.0.0.1"},
		{"::808:808", true, "IPv4-compatible (deprecated)"},
		{"2001::1", true, "Teredo"},
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", true, "Teredo"},
		{"2001:2::1", true, "benchmarking"},
		{"2001:10::1", true, "deprecated ORCHID"},
		{"2001:db8::1", true, "documentation"},
		{"3fff::1", true, "documentation"},
		{"100::1", true, "discard-only"},
		{"5f00::1", true, "segment routing"},
		{"4000::1", true, "outside global unicast"},
		{"8.8.8.8", false, "public"},
		{"93.184.216.34", false, "public"},
		{"192.0.0.9", false, "globally reachable anycast"},
		{"192.31.196.1", false, "AS112"},
		{"2001:4860:4860::8888", false, "public"},
		{"2606:4700::1111", false, "public"},
		{"2001:4:112::1", false, "AS112-v6"},
		{"64:ff9b::808:808", false, "NAT64 of a public address (IPv6-only networks)"},
		{"2002:808:808::1", false, "6to4 of a public address"},
		{"::ffff:8.8.8.8", false, "IPv4-mapped public"},
	} {
		assert.Equal(t, tc.forbidden, Forbidden(netip.MustParseAddr(tc.addr)), "%s (%s)", tc.addr, tc.why)
	}
	assert.True(t, Forbidden(netip.Addr{}), "the zero Addr")
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
	// A wait of 3,000 years, or of a date far off, is a day.
	for _, long := range []string{"99999999999", "Fri, 27 Nov 2099 18:00:00 GMT"} {
		d, ok = ParseRetryAfter(long, now)
		assert.True(t, ok)
		assert.Equal(t, MaxRetryAfter, d, long)
		assert.Equal(t, 24*time.Hour, d)
	}
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
