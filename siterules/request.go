package siterules

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"

	"golang.org/x/net/publicsuffix"
)

// Header returns the request headers the rules of u's host ask for
// (User-Agent, Referer), or nil. A Cookie header is not among them: it
// is sent by the Jar, with the cookies the site set itself.
func (s *Set) Header(u *url.URL) http.Header {
	r := s.Match(u.Host)
	if r == nil {
		return nil
	}
	var h http.Header
	for _, hd := range r.Headers {
		if hd.Name == "Cookie" {
			continue
		}
		if h == nil {
			h = http.Header{}
		}
		if h.Get(hd.Name) == "" {
			h.Set(hd.Name, hd.Value)
		}
	}
	return h
}

// cookies returns the cookies the rules of u's host set: those of its
// Cookie headers ("name=value; name2=value2").
func (s *Set) cookies(u *url.URL) []*http.Cookie {
	r := s.Match(u.Host)
	if r == nil {
		return nil
	}
	var out []*http.Cookie
	for _, hd := range r.Headers {
		if hd.Name != "Cookie" {
			continue
		}
		cs, err := http.ParseCookie(hd.Value)
		if err != nil {
			continue
		}
		out = append(out, cs...)
	}
	return out
}

// Jar returns a cookie jar for the requests of a fetcher or crawler: the
// cookies sites set (kept per registrable domain, as browsers keep them),
// and for the hosts whose rules name a Cookie header, those cookies too,
// unless the site set one of the same name. These are meant for consent
// cookies, which let a reader past a cookie wall; this is not a way to
// log in, and no rule's login directives are applied. The jar is safe
// for concurrent use.
func (s *Set) Jar() http.CookieJar {
	j, _ := cookiejar.New(&cookiejar.Options{PublicSuffixList: publicsuffix.List})
	return &ruleJar{set: s, jar: j}
}

type ruleJar struct {
	set *Set
	jar *cookiejar.Jar
}

func (j *ruleJar) SetCookies(u *url.URL, cookies []*http.Cookie) { j.jar.SetCookies(u, cookies) }

func (j *ruleJar) Cookies(u *url.URL) []*http.Cookie {
	have := j.jar.Cookies(u)
	for _, c := range j.set.cookies(u) {
		dup := false
		for _, h := range have {
			if h.Name == c.Name {
				dup = true
				break
			}
		}
		if !dup {
			have = append(have, c)
		}
	}
	return have
}
