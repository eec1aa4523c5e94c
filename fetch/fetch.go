package fetch

import (
	"cmp"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults of a Fetcher whose options are zero.
const (
	// DefaultTimeout bounds one request, body included.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxBodyBytes caps the size of a response body.
	DefaultMaxBodyBytes = 16 << 20
	// DefaultUserAgent is the User-Agent header sent with every request.
	DefaultUserAgent = "newslooks/1.0 (+https://github.com/newsingest/newslooks)"
	// DefaultMaxRedirects is the number of redirects followed.
	DefaultMaxRedirects = 10
)

// These are the values of Error.Err, possibly wrapped with detail.
// Test for them with errors.Is.
var (
	// ErrBodyTooLarge: the response body is larger than the Fetcher's
	// MaxBytes. The body is never silently truncated.
	ErrBodyTooLarge = errors.New("response body too large")
	// ErrContentType: the response is not text (an image, a PDF, an
	// octet stream). See Fetcher for the accepted types.
	ErrContentType = errors.New("unsupported content type")
	// ErrTooManyRedirects: the server redirected more often than the
	// Fetcher's MaxRedirects allows, as it does in a redirect loop.
	ErrTooManyRedirects = errors.New("too many redirects")
)

// An Error is the error of a fetch: Fetch and Do return no other. It
// names the URL that failed and either the status of a response that was
// not 2xx or the underlying error.
type Error struct {
	// URL is the address that failed: the URL asked for, or for a status
	// error the URL that answered, after redirects.
	URL string
	// StatusCode is the HTTP status of a response that was not 2xx; 0
	// when the failure was not a status error.
	StatusCode int
	// Err is the underlying error: one of the sentinel errors above
	// (possibly wrapped), a timeout, context.Canceled, a network error.
	// It is nil for a status error.
	Err error
	// Header is the header of the response that was not 2xx (its
	// Retry-After, say); nil when the failure was not a status error.
	Header http.Header
}

// RetryAfter returns how long the server asked the client to wait before
// it tries again, from the Retry-After header of a status error (as a 429
// or a 503 carries), counted from now. ok is false when the response had
// no usable Retry-After. See ParseRetryAfter.
func (e *Error) RetryAfter(now time.Time) (d time.Duration, ok bool) {
	if e.Header == nil {
		return 0, false
	}
	return ParseRetryAfter(e.Header.Get("Retry-After"), now)
}

// ParseRetryAfter parses the value of a Retry-After header: a number of
// seconds ("120") or an HTTP-date ("Fri, 27 Nov 2026 18:00:00 GMT"), which
// is counted from now, capped at MaxRetryAfter. A date in the past gives
// 0 and ok; an empty or malformed value gives ok false.
func ParseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(MaxRetryAfter/time.Second) {
			return MaxRetryAfter, true
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), 0), MaxRetryAfter), true
}

// MaxRetryAfter bounds what ParseRetryAfter returns: a server that asks
// for a longer wait (or for 3,000 years, or for a duration that would
// overflow) is asked again after a day.
const MaxRetryAfter = 24 * time.Hour

// Error formats the error as "GET URL: reason", for example
// "GET https://example.com/a: 404 Not Found".
func (e *Error) Error() string {
	var reason string
	switch {
	case e.Err != nil:
		reason = e.Err.Error()
	case e.StatusCode != 0:
		reason = strconv.Itoa(e.StatusCode)
		if text := http.StatusText(e.StatusCode); text != "" {
			reason += " " + text
		}
	default:
		reason = "failed"
	}
	return "GET " + e.URL + ": " + reason
}

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// Timeout reports whether the fetch failed because it took too long: the
// Fetcher's Timeout, the context's deadline or a network timeout.
func (e *Error) Timeout() bool {
	if errors.Is(e.Err, context.DeadlineExceeded) {
		return true
	}
	var t interface{ Timeout() bool }
	return errors.As(e.Err, &t) && t.Timeout()
}

// A timeoutError is the cause of a request that outlived Fetcher.Timeout.
type timeoutError struct{ d time.Duration }

func (e *timeoutError) Error() string { return "timed out after " + e.d.String() }
func (e *timeoutError) Timeout() bool { return true }
func (e *timeoutError) Unwrap() error { return context.DeadlineExceeded }

// A Response is what a fetch downloaded: a web page, a feed or a
// sitemap, or the answer to a conditional request that the copy the
// caller holds is current.
type Response struct {
	// URL is the address the page was served from, after redirects.
	URL string
	// StatusCode is the HTTP status of the response: 2xx, or 304 Not
	// Modified for a conditional request (see Request.Validators), which
	// has an empty Body.
	StatusCode int
	// ContentType is the media type of the response, lower case and
	// without parameters ("text/html"): the Content-Type header's, or
	// when the server sent none, the one http.DetectContentType sniffs.
	ContentType string
	// Header is the response's header. Header.Get("Content-Type") names
	// the charset the server declared, if any: hand it to
	// page.Parser.ParseResponse with Body.
	Header http.Header
	// Body is the response body as the server sent it, less any gzip
	// content encoding: its bytes are in the page's own charset, which
	// the page parser decodes (see package page). Feeds are decoded by
	// package feed.
	Body []byte
	// Truncated is true when the body was longer than the cap and Body
	// holds its first bytes only (see Request.Truncate).
	Truncated bool
}

// A Fetcher downloads web pages for parsing. Its exported fields are
// options; the zero value is ready to use with the defaults. A Fetcher is
// safe for concurrent use as long as its fields are not changed.
//
// A Fetcher asks only for http and https URLs and follows redirects to
// them. It accepts a response whose status is 2xx and whose content type
// is text: any text/* type, and application/xhtml+xml, application/xml,
// application/rss+xml, application/atom+xml, application/rdf+xml,
// application/json and application/feed+json (the last two for JSON
// feeds). The body is decoded from gzip whether or not the transport did
// so, and otherwise returned as it came: one reader decodes each kind of
// body from its charset, the page parser for pages and package feed for
// feeds, so nothing is decoded twice.
type Fetcher struct {
	// Client sends the requests. Nil means a client with the default
	// transport (http.DefaultTransport). A given client is not modified;
	// its CheckRedirect, if any, is called after the Fetcher's own checks.
	Client *http.Client
	// Timeout bounds each request, from sending it to reading the last
	// byte of the body. Zero means DefaultTimeout; a negative value
	// means no limit other than the context's.
	Timeout time.Duration
	// MaxBytes caps the size of a response body after any gzip decoding;
	// a larger body is an ErrBodyTooLarge error. Zero or negative means
	// DefaultMaxBodyBytes.
	MaxBytes int64
	// UserAgent is sent as the User-Agent header. Empty means
	// DefaultUserAgent.
	UserAgent string
	// SiteHeader, when set, gives the headers a site needs for a request
	// to u (a site rule's User-Agent or Referer, see siterules.Set.Header),
	// set over the Fetcher's own; nil or an empty result changes nothing.
	SiteHeader func(u *url.URL) http.Header
	// MaxRedirects is the number of redirects followed; one more is an
	// ErrTooManyRedirects error. Zero means DefaultMaxRedirects; a
	// negative value means no redirect is followed.
	MaxRedirects int
}

// The Accept headers of Fetch, of feeds and of sitemaps, for
// Request.Accept.
const (
	AcceptPage = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
	AcceptFeed = "application/rss+xml,application/atom+xml,application/feed+json," +
		"application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
	AcceptSitemap = "application/xml,text/xml;q=0.9,application/gzip;q=0.8,*/*;q=0.5"
)

const (
	acceptPage = AcceptPage
	acceptFeed = AcceptFeed
)

// Validators are the cache validators of a response: its ETag and
// Last-Modified headers, as the server sent them. Sent back with a
// request (Request.Validators), they make it conditional: a server whose
// copy has not changed answers 304 Not Modified, with no body.
type Validators struct {
	ETag         string
	LastModified string
}

// IsZero reports whether v holds no validator.
func (v Validators) IsZero() bool { return v.ETag == "" && v.LastModified == "" }

// Validators returns the page's cache validators, for the next
// conditional request of the same URL. A 304 response may carry new
// ones; when it carries none, the caller keeps those it sent.
func (p *Response) Validators() Validators {
	if p == nil || p.Header == nil {
		return Validators{}
	}
	return Validators{ETag: p.Header.Get("ETag"), LastModified: p.Header.Get("Last-Modified")}
}

// NotModified reports whether the page is a 304 Not Modified answer to a
// conditional request: the copy the caller holds is current.
func (p *Response) NotModified() bool { return p != nil && p.StatusCode == http.StatusNotModified }

// A Request holds the options of one Do call. The zero value asks for a
// web page, as Fetch does.
type Request struct {
	// Accept is the Accept header; empty means AcceptPage.
	Accept string
	// Validators, when not zero, make the request conditional: they are
	// sent as If-None-Match and If-Modified-Since, and a 304 answer is a
	// Response whose NotModified is true, not an error.
	Validators Validators
	// Types are media types accepted besides the text types the Fetcher
	// accepts (for example "application/gzip" for a compressed sitemap).
	Types []string
	// Trusted marks a URL that a person gave, rather than one a crawler
	// discovered: a Guard lets it reach any address, but still checks
	// the addresses it is redirected to. See Guard.
	Trusted bool
	// MaxBytes, when positive, caps this response's body in place of
	// the Fetcher's MaxBytes: a sitemap may be larger than a page.
	MaxBytes int64
	// Truncate makes a body over the cap a Response of its first MaxBytes
	// bytes, with Truncated set, rather than an ErrBodyTooLarge error:
	// for documents that are read up to a limit, such as robots.txt.
	Truncate bool
}

// Fetch downloads the page at rawURL, which must be an http or https URL.
// Every error it returns is an *Error.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (*Response, error) {
	return f.fetch(ctx, rawURL, Request{Accept: acceptPage})
}

// Do downloads rawURL as Fetch does, with the options of req: another
// Accept header, more accepted media types, validators for a conditional
// request. Every error it returns is an *Error.
func (f *Fetcher) Do(ctx context.Context, rawURL string, req Request) (*Response, error) {
	return f.fetch(ctx, rawURL, req)
}

func (f *Fetcher) fetch(ctx context.Context, rawURL string, opt Request) (*Response, error) {
	fail := func(err error) error { return &Error{URL: rawURL, Err: err} }
	accept := cmp.Or(opt.Accept, acceptPage)
	if opt.Trusted {
		ctx = withTrust(ctx)
	}

	if err := ctx.Err(); err != nil {
		return nil, fail(err)
	}
	timeout := cmp.Or(f.Timeout, DefaultTimeout)
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, timeout, &timeoutError{timeout})
		defer cancel()
	}
	// failCtx reports a transport or body error, or rather its cause when
	// the context ended: the raw error then says less ("context deadline
	// exceeded" for our own timeout).
	failCtx := func(err error) error {
		if cause := context.Cause(ctx); cause != nil {
			err = cause
		}
		return fail(err)
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fail(unwrapURLError(err))
	}
	if err := checkURL(req.URL); err != nil {
		return nil, fail(err)
	}
	req.Header.Set("User-Agent", cmp.Or(f.UserAgent, DefaultUserAgent))
	req.Header.Set("Accept", accept)
	if f.SiteHeader != nil {
		for k, vs := range f.SiteHeader(req.URL) {
			req.Header[k] = vs
		}
	}
	if v := opt.Validators; !v.IsZero() {
		if v.ETag != "" {
			req.Header.Set("If-None-Match", v.ETag)
		}
		if v.LastModified != "" {
			req.Header.Set("If-Modified-Since", v.LastModified)
		}
	}

	resp, err := f.client().Do(req)
	if err != nil {
		return nil, failCtx(unwrapURLError(err))
	}
	defer resp.Body.Close()
	finalURL := resp.Request.URL.String()

	if resp.StatusCode == http.StatusNotModified && !opt.Validators.IsZero() {
		_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
		return &Response{URL: finalURL, StatusCode: resp.StatusCode, Header: resp.Header}, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// Drain a little so that the connection can be reused.
		_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
		return nil, &Error{URL: finalURL, StatusCode: resp.StatusCode, Header: resp.Header}
	}

	header := resp.Header.Get("Content-Type")
	var mediaType string
	if header != "" {
		if mediaType, err = checkContentType(header, opt.Types); err != nil {
			return nil, fail(err)
		}
	}

	maxBytes := cmp.Or(max(opt.MaxBytes, 0), max(f.MaxBytes, 0), DefaultMaxBodyBytes)
	body, truncated, err := readBody(resp, maxBytes, opt.Truncate)
	if err != nil {
		if errors.Is(err, ErrBodyTooLarge) {
			return nil, fail(err)
		}
		return nil, failCtx(err)
	}

	if header == "" {
		// Sniff the type, but not the charset=utf-8 that
		// DetectContentType adds to every text type.
		if mediaType, err = checkContentType(http.DetectContentType(body), opt.Types); err != nil {
			return nil, fail(err)
		}
		header = mediaType
	}

	return &Response{
		URL:         finalURL,
		StatusCode:  resp.StatusCode,
		ContentType: mediaType,
		Header:      resp.Header,
		Body:        body,
		Truncated:   truncated,
	}, nil
}

// client returns the client for one request: a copy of f.Client, or of a
// zero client, whose CheckRedirect enforces MaxRedirects and the schemes.
// The copy shares the transport, so connections are still pooled.
func (f *Fetcher) client() *http.Client {
	var c http.Client
	if f.Client != nil {
		c = *f.Client
	}
	next := c.CheckRedirect
	maxRedirects := cmp.Or(f.MaxRedirects, DefaultMaxRedirects)
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if err := checkURL(req.URL); err != nil {
			return fmt.Errorf("redirected: %w", err)
		}
		// A trusted URL's redirects are checked as any other URL is,
		// except those that stay on the host and port the person gave.
		if !strings.EqualFold(req.URL.Host, via[0].URL.Host) {
			untrust(req.Context())
		}
		if len(via) > maxRedirects {
			if maxRedirects < 0 {
				return fmt.Errorf("%w: redirected to %s, and MaxRedirects forbids redirects", ErrTooManyRedirects, req.URL)
			}
			return fmt.Errorf("%w: more than %d", ErrTooManyRedirects, maxRedirects)
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
	return &c
}

// checkURL reports an error unless u is an absolute http or https URL.
func checkURL(u *url.URL) error {
	switch u.Scheme {
	case "http", "https":
	case "":
		return fmt.Errorf("URL %q has no scheme: only http and https URLs are fetched", u)
	default:
		return fmt.Errorf("unsupported scheme %q in %s: only http and https URLs are fetched", u.Scheme, u)
	}
	if u.Host == "" {
		return fmt.Errorf("URL %q has no host", u)
	}
	return nil
}

// unwrapURLError strips the *url.Error that net/http wraps around its
// errors: it repeats the URL that Error already names.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// checkContentType returns the media type of a Content-Type header value,
// or an ErrContentType error when it is not a text type or one of extra.
func checkContentType(header string, extra []string) (string, error) {
	mediaType, _, err := mime.ParseMediaType(header)
	if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
		return "", fmt.Errorf("%w: malformed Content-Type %q", ErrContentType, header)
	}
	if strings.HasPrefix(mediaType, "text/") {
		return mediaType, nil
	}
	switch mediaType {
	case "application/xhtml+xml", "application/xml",
		"application/rss+xml", "application/atom+xml", "application/rdf+xml",
		"application/json", "application/feed+json":
		return mediaType, nil
	}
	for _, t := range extra {
		if strings.EqualFold(t, mediaType) {
			return mediaType, nil
		}
	}
	return "", fmt.Errorf("%w %q", ErrContentType, mediaType)
}

// readBody reads the body of resp, decoding gzip, and fails with
// ErrBodyTooLarge once more than maxBytes of it have been read, or, if
// truncate, returns its first maxBytes bytes and true.
func readBody(resp *http.Response, maxBytes int64, truncate bool) ([]byte, bool, error) {
	tooLarge := fmt.Errorf("%w: more than %d bytes", ErrBodyTooLarge, maxBytes)
	var r io.Reader = resp.Body
	// The transport decodes gzip itself, and removes the header, when it
	// asked for gzip; a custom transport or a server that sends gzip
	// unasked leaves it to us.
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
		if resp.ContentLength > maxBytes && !truncate {
			return nil, false, tooLarge
		}
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
		if errors.Is(err, io.EOF) { // an empty body
			return nil, false, nil
		}
		if err != nil {
			return nil, false, fmt.Errorf("gzip body: %w", err)
		}
		defer zr.Close()
		r = zr
	default:
		return nil, false, fmt.Errorf("unsupported Content-Encoding %q", enc)
	}
	body, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(body)) > maxBytes {
		if truncate {
			return body[:maxBytes], true, nil
		}
		return nil, false, tooLarge
	}
	return body, false, nil
}
