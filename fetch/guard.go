package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// ErrForbiddenAddress: a Guard refused to connect to an address that is
// not public (loopback, private, link-local, multicast, unspecified).
// An Error wraps it; test for it with errors.Is.
var ErrForbiddenAddress = errors.New("address not allowed")

// Forbidden reports whether a Guard refuses ip: a loopback, private
// (RFC 1918, RFC 4193 unique local), link-local, multicast or unspecified
// address, an IPv4 address in 0.0.0.0/8, the shared address space of
// carrier-grade NAT (100.64.0.0/10), or an IPv4-mapped IPv6 address of
// any of them.
func Forbidden(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() {
		return true
	}
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return true
	}
	if ip.Is4() {
		b := ip.As4()
		if b[0] == 0 || b[0] == 100 && b[1]&0xc0 == 64 || b == [4]byte{255, 255, 255, 255} {
			return true
		}
	}
	return false
}

// A Guard is an http.RoundTripper that enforces an address policy at dial
// time: unless AllowPrivate is set, it refuses to connect to a Forbidden
// address. The check is made on the resolved IP address, in the dialer's
// Control hook, after DNS resolution and before the connection is
// opened, so no host name, redirect or DNS answer can lead a request to
// such an address.
//
// A request made with Request.Trusted (a URL a person gave) may reach any
// address; the requests it is redirected to are checked. Trusted
// requests use connections of their own, never kept alive, so that every
// redirect is dialled, and checked, afresh, and a connection opened for a
// trusted URL never serves a discovered one.
//
// Use a Guard as the Transport of the Fetcher's Client. The zero value is
// ready to use; its fields must not change once it is in use.
type Guard struct {
	// AllowPrivate lifts the policy: every address is allowed.
	AllowPrivate bool
	// Dialer is the dialer the Guard copies; nil means one with a 30 s
	// timeout. Its Control and ControlContext are replaced.
	Dialer *net.Dialer
	// Observe, when not nil, is called from the Control hook with every
	// address about to be dialled and the Guard's verdict (nil, or an
	// error wrapping ErrForbiddenAddress), before any connection is
	// opened. Tests use it.
	Observe func(network, address string, err error)

	once            sync.Once
	strict, trusted *http.Transport
}

// RoundTrip sends req over a connection whose address the policy allows.
func (g *Guard) RoundTrip(req *http.Request) (*http.Response, error) {
	g.once.Do(g.init)
	if t := trustOf(req.Context()); t != nil {
		return g.trusted.RoundTrip(req)
	}
	return g.strict.RoundTrip(req)
}

// CloseIdleConnections closes the Guard's idle connections.
func (g *Guard) CloseIdleConnections() {
	g.once.Do(g.init)
	g.strict.CloseIdleConnections()
	g.trusted.CloseIdleConnections()
}

func (g *Guard) init() {
	d := net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	if g.Dialer != nil {
		d = *g.Dialer
	}
	d.Control = nil
	d.ControlContext = g.control
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.Proxy = nil // a proxy would be dialled instead of the address checked
	base.DialContext = d.DialContext
	g.strict = base
	g.trusted = base.Clone()
	g.trusted.DisableKeepAlives = true
}

// control is the dialer's hook: it sees the resolved address.
func (g *Guard) control(ctx context.Context, network, address string, _ syscall.RawConn) error {
	err := g.check(ctx, address)
	if g.Observe != nil {
		g.Observe(network, address, err)
	}
	return err
}

func (g *Guard) check(ctx context.Context, address string) error {
	if g.AllowPrivate {
		return nil
	}
	if t := trustOf(ctx); t != nil && t.first.Load() {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: unparsable address %q", ErrForbiddenAddress, address)
	}
	if Forbidden(ap.Addr()) {
		return fmt.Errorf("%w: %s is not a public address", ErrForbiddenAddress, ap.Addr().Unmap())
	}
	return nil
}

// A trust marks the context of a trusted request; first is true until
// the request is redirected.
type trust struct{ first atomic.Bool }

type trustKey struct{}

func withTrust(ctx context.Context) context.Context {
	t := new(trust)
	t.first.Store(true)
	return context.WithValue(ctx, trustKey{}, t)
}

func trustOf(ctx context.Context) *trust {
	t, _ := ctx.Value(trustKey{}).(*trust)
	return t
}

// untrust ends the trust of a request that is being redirected.
func untrust(ctx context.Context) {
	if t := trustOf(ctx); t != nil {
		t.first.Store(false)
	}
}
