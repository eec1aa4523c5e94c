package dedup

import (
	"errors"
	"net/url"
	"slices"
	"strings"
)

// ErrBadURL is returned, wrapped, by [CanonicalURL] for an address that is
// not an absolute URL with a host.
var ErrBadURL = errors.New("dedup: not an absolute URL with a host")

// TrackingParams returns the query parameters [CanonicalURL] drops: names
// that identify the campaign, click or share that brought a reader to a
// page, not the page. Names are compared case-insensitively; a name ending
// in "*" is a prefix. Each call returns a new slice: the list that
// CanonicalURL applies cannot be changed, so that two programs (or two
// runs) canonicalize a URL alike.
func TrackingParams() []string { return slices.Clone(trackingParams) }

// trackingParams is the list TrackingParams returns.
var trackingParams = []string{
	"utm_*",       // Google Analytics campaign parameters
	"fbclid",      // Facebook click
	"gclid",       // Google Ads click
	"gclsrc",      // Google Ads click source
	"dclid",       // Google Display click
	"gbraid",      // Google Ads (iOS)
	"wbraid",      // Google Ads (iOS web to app)
	"msclkid",     // Microsoft Ads click
	"yclid",       // Yandex click
	"twclid",      // Twitter/X click
	"ttclid",      // TikTok click
	"li_fat_id",   // LinkedIn
	"mc_cid",      // Mailchimp campaign
	"mc_eid",      // Mailchimp subscriber
	"igshid",      // Instagram share
	"igsh",        // Instagram share
	"ref_src",     // Twitter/X referrer
	"ref_url",     // Twitter/X referrer
	"_ga",         // Google Analytics linker
	"_gl",         // Google Analytics linker
	"_hsenc",      // HubSpot
	"_hsmi",       // HubSpot
	"mkt_tok",     // Marketo
	"oly_anon_id", // Omeda
	"oly_enc_id",  // Omeda
	"vero_id",     // Vero
	"wt_mc",       // Webtrends
	"cmpid",       // campaign id (Washington Post, Guardian, …)
	"ncid",        // Yahoo, NBC
	"ocid",        // Microsoft/MSN
	"smid",        // New York Times share
	"rss",         // feed marker appended by many CMSes
}

// CanonicalURL returns the canonical form of an absolute URL, the key under
// which a page is stored once however it was reached. The rules:
//
//   - surrounding spaces are trimmed; the URL must be absolute and have a
//     host, else the error wraps [ErrBadURL];
//   - the scheme and the ASCII letters of the host are lower-cased, a
//     trailing dot on the host is removed; a host in another script is left
//     as given (no IDNA mapping, no punycode), so "bücher.de" and
//     "xn--bcher-kva.de" stay two keys;
//   - the default port is removed (80 for http and ws, 443 for https and wss);
//   - the user name and password are removed, and so is the fragment;
//   - query parameters that [TrackingParams] names are removed, the others
//     are sorted by name then value and re-encoded ("a b" as "a+b"), a
//     parameter without "=" keeps having none, empty pairs ("&&") are
//     dropped, and an empty query leaves no "?";
//   - an empty path becomes "/"; a trailing slash is removed from any other
//     path ("/world/story/" is "/world/story"), since news sites serve the
//     same article with and without it; the rest of the path is kept as
//     given, escapes included.
func CanonicalURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", errors.Join(ErrBadURL, err)
	}
	if u.Scheme == "" || u.Host == "" || u.Opaque != "" {
		return "", errors.Join(ErrBadURL, errors.New("dedup: "+raw))
	}
	scheme := strings.ToLower(u.Scheme)
	host, port := splitHostPort(u.Host)
	host = strings.TrimSuffix(asciiLower(host), ".")
	if port != "" && port == defaultPort(scheme) {
		port = ""
	}
	var b strings.Builder
	b.Grow(len(raw))
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(host)
	if port != "" {
		b.WriteByte(':')
		b.WriteString(port)
	}
	p := u.EscapedPath()
	switch {
	case p == "":
		p = "/"
	case len(p) > 1:
		p = strings.TrimRight(p, "/")
		if p == "" {
			p = "/"
		}
	}
	b.WriteString(p)
	if q := canonicalQuery(u.RawQuery); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String(), nil
}

// splitHostPort splits u.Host, which may be a bracketed IPv6 literal.
func splitHostPort(hostport string) (host, port string) {
	i := strings.LastIndexByte(hostport, ':')
	if i < 0 || strings.IndexByte(hostport[i:], ']') >= 0 {
		return hostport, ""
	}
	return hostport[:i], hostport[i+1:]
}

func defaultPort(scheme string) string {
	switch scheme {
	case "http", "ws":
		return "80"
	case "https", "wss":
		return "443"
	}
	return ""
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// isTracking reports whether the (unescaped) parameter name is listed in
// trackingParams.
func isTracking(name string) bool {
	name = strings.ToLower(name)
	for _, t := range trackingParams {
		if prefix, ok := strings.CutSuffix(t, "*"); ok {
			if strings.HasPrefix(name, prefix) {
				return true
			}
		} else if name == t {
			return true
		}
	}
	return false
}

type param struct {
	key, value string
	hasValue   bool
}

func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var ps []param
	for pair := range strings.SplitSeq(raw, "&") {
		if pair == "" {
			continue
		}
		k, v, hasValue := strings.Cut(pair, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		if isTracking(k) {
			continue
		}
		ps = append(ps, param{k, v, hasValue})
	}
	slices.SortStableFunc(ps, func(a, b param) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.value, b.value)
	})
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.key))
		if p.hasValue {
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(p.value))
		}
	}
	return b.String()
}
