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
// not public (see Forbidden). An Error wraps it; test for it with
// errors.Is.
var ErrForbiddenAddress = errors.New("address not allowed")

// Forbidden reports whether a Guard refuses ip: every address that the
// IANA special-purpose address registries (IPv4 and IPv6) do not mark
// globally reachable (loopback, private, shared, link-local, reserved,
// documentation, benchmarking, protocol assignments such as Teredo and
// ORCHID, discard-only), multicast and broadcast, deprecated site-local
// IPv6 and deprecated IPv4-compatible IPv6 (::/96), and every IPv6
// address outside global unicast 2000::/3.
//
// IPv6 addresses that carry an IPv4 address are judged by it: IPv4-mapped
// (::ffff:0:0/96), NAT64 well-known (64:ff9b::/96, RFC 6052) and 6to4
// (2002::/16, RFC 3056), so 64:ff9b::a9fe:a9fe is 169.254.169.254 and
// refused, while an IPv6-only network's NAT64 address of a public IPv4
// server is allowed. The local-use NAT64 prefix 64:ff9b:1::/48 (RFC 8215)
// is refused whole, as its IPv4 part may sit anywhere.
func Forbidden(ip netip.Addr) bool {
	ip = embeddedIPv4(ip)
	if !ip.IsValid() || ip.Zone() != "" {
		return true
	}
	if ip.Is6() && !globalUnicast6.Contains(ip) {
		return true
	}
	verdict, bits := false, -1
	for _, r := range specialPurpose {
		if r.prefix.Bits() > bits && r.prefix.Contains(ip) {
			verdict, bits = !r.reachable, r.prefix.Bits()
		}
	}
	return verdict
}

// embeddedIPv4 returns the IPv4 address carried by an IPv4-mapped, NAT64
// well-known-prefix or 6to4 IPv6 address, and any other address as it is.
func embeddedIPv4(ip netip.Addr) netip.Addr {
	if !ip.Is6() {
		return ip
	}
	b := ip.As16()
	switch {
	case ip.Is4In6():
		return ip.Unmap()
	case nat64WellKnown.Contains(ip):
		return netip.AddrFrom4([4]byte(b[12:16]))
	case sixToFour.Contains(ip):
		return netip.AddrFrom4([4]byte(b[2:6]))
	}
	return ip
}

var (
	globalUnicast6 = netip.MustParsePrefix("2000::/3")
	nat64WellKnown = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour      = netip.MustParsePrefix("2002::/16")
)

// A specialRange is one row of the IANA special-purpose address
// registries: a prefix and whether it is globally reachable. The most
// specific row that contains an address decides.
type specialRange struct {
	prefix    netip.Prefix
	reachable bool
}

func special(prefix string, reachable bool) specialRange {
	return specialRange{netip.MustParsePrefix(prefix), reachable}
}

// specialPurpose is the table Forbidden reads: the IANA IPv4 and IPv6
// Special-Purpose Address Registries (as updated 2025), multicast
// (224.0.0.0/4, ff00::/8), broadcast, and deprecated site-local fec0::/10.
// https://www.iana.org/assignments/iana-ipv4-special-registry/
// https://www.iana.org/assignments/iana-ipv6-special-registry/
var specialPurpose = []specialRange{
	special("0.0.0.0/8", false),          // "this network"
	special("10.0.0.0/8", false),         // private
	special("100.64.0.0/10", false),      // shared address space (CGN)
	special("127.0.0.0/8", false),        // loopback
	special("169.254.0.0/16", false),     // link local
	special("172.16.0.0/12", false),      // private
	special("192.0.0.0/24", false),       // IETF protocol assignments
	special("192.0.0.9/32", true),        // port control protocol anycast
	special("192.0.0.10/32", true),       // traversal using relays around NAT anycast
	special("192.0.2.0/24", false),       // documentation (TEST-NET-1)
	special("192.31.196.0/24", true),     // AS112-v4
	special("192.52.193.0/24", true),     // AMT
	special("192.88.99.0/24", false),     // deprecated 6to4 relay anycast
	special("192.168.0.0/16", false),     // private
	special("192.175.48.0/24", true),     // direct delegation AS112 service
	special("198.18.0.0/15", false),      // benchmarking
	special("198.51.100.0/24", false),    // documentation (TEST-NET-2)
	special("203.0.113.0/24", false),     // documentation (TEST-NET-3)
	special("224.0.0.0/4", false),        // multicast
	special("240.0.0.0/4", false),        // reserved
	special("255.255.255.255/32", false), // limited broadcast

	special("::1/128", false),          // loopback
	special("::/128", false),           // unspecified
	special("::/96", false),            // deprecated IPv4-compatible
	special("64:ff9b:1::/48", false),   // local-use IPv4/IPv6 translation
	special("100::/64", false),         // discard-only
	special("100:0:0:1::/64", false),   // dummy IPv6 prefix
	special("2001::/23", false),        // IETF protocol assignments
	special("2001::/32", false),        // Teredo
	special("2001:1::1/128", true),     // port control protocol anycast
	special("2001:1::2/128", true),     // traversal using relays around NAT anycast
	special("2001:1::3/128", true),     // DNS-SD service registration protocol anycast
	special("2001:2::/48", false),      // benchmarking
	special("2001:3::/32", true),       // AMT
	special("2001:4:112::/48", true),   // AS112-v6
	special("2001:10::/28", false),     // deprecated ORCHID
	special("2001:20::/28", true),      // ORCHIDv2
	special("2001:30::/28", true),      // drone remote ID protocol entity tags
	special("2001:db8::/32", false),    // documentation
	special("2620:4f:8000::/48", true), // direct delegation AS112 service
	special("3fff::/20", false),        // documentation
	special("5f00::/16", false),        // segment routing SIDs
	special("fc00::/7", false),         // unique local
	special("fe80::/10", false),        // link-local unicast
	special("fec0::/10", false),        // deprecated site-local
	special("ff00::/8", false),         // multicast
}

// A Guard is an http.RoundTripper that enforces an address policy at dial
// time: unless AllowPrivate is set, it refuses to connect to a Forbidden
// address. The check is made on the resolved IP address, in the dialer's
// Control hook, after DNS resolution and before the connection is
// opened, so no host name, redirect or DNS answer can lead a request to
// such an address.
//
// A request made with Request.Trusted (a URL a person gave) may reach any
// address; the requests it is redirected to are checked, unless they
// stay on the host and port the person gave, and once a redirect has
// left it, every later one is checked. Trusted
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
// the request is redirected to another host.
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
