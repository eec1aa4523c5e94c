package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testPage = `<!DOCTYPE html><html><head><title>Pier</title></head>` +
	`<body><h1>Harbor Town Votes to Rebuild Its Pier</h1><p>PORTLAND — Residents voted.</p></body></html>`

// serve starts a loopback server for h, closed when the test ends.
func serve(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// fetchErr fetches rawURL with f, requires a *Error and returns it.
func fetchErr(t *testing.T, f *Fetcher, ctx context.Context, rawURL string) *Error {
	t.Helper()
	page, err := f.Fetch(ctx, rawURL)
	require.Error(t, err)
	assert.Nil(t, page)
	var fe *Error
	require.ErrorAs(t, err, &fe)
	return fe
}

func TestFetchOK(t *testing.T) {
	var userAgents []string
	mux := http.NewServeMux()
	mux.HandleFunc("/start", func(w http.ResponseWriter, r *http.Request) {
		userAgents = append(userAgents, r.UserAgent())
		http.Redirect(w, r, "/article", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
		userAgents = append(userAgents, r.UserAgent())
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(testPage))
	})
	srv := serve(t, mux)

	page, err := new(Fetcher).Fetch(t.Context(), srv.URL+"/start")
	require.NoError(t, err)
	assert.Equal(t, srv.URL+"/article", page.URL)
	assert.Equal(t, http.StatusOK, page.StatusCode)
	assert.Equal(t, "text/html", page.ContentType)
	assert.Equal(t, testPage, string(page.Body))
	assert.Equal(t, []string{DefaultUserAgent, DefaultUserAgent}, userAgents,
		"the User-Agent is sent on the first request and after the redirect")

	userAgents = nil
	_, err = (&Fetcher{UserAgent: "test-agent/2"}).Fetch(t.Context(), srv.URL+"/article")
	require.NoError(t, err)
	assert.Equal(t, []string{"test-agent/2"}, userAgents)
}

func TestFetchClientNotModified(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("moved here"))
	}))
	var checked atomic.Int32
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		checked.Add(1)
		return nil
	}}
	f := &Fetcher{Client: client}
	page, err := f.Fetch(t.Context(), srv.URL+"/old")
	require.NoError(t, err)
	assert.Equal(t, "moved here", string(page.Body))
	assert.Equal(t, int32(1), checked.Load(), "the client's own CheckRedirect still runs")
	assert.Same(t, client, f.Client)
	assert.Nil(t, client.Transport, "the client is not modified")

	// The client's CheckRedirect can stop at the redirect: a 302 is a
	// status error.
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	fe := fetchErr(t, f, t.Context(), srv.URL+"/old")
	assert.Equal(t, http.StatusFound, fe.StatusCode)
}

func TestFetchTimeout(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<p>first part"))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	srv := serve(t, mux)
	f := &Fetcher{Timeout: 100 * time.Millisecond}

	for _, path := range []string{"/slow", "/slow-body"} {
		t.Run(path, func(t *testing.T) {
			start := time.Now()
			fe := fetchErr(t, f, t.Context(), srv.URL+path)
			assert.Less(t, time.Since(start), 3*time.Second)
			assert.Equal(t, "GET "+srv.URL+path+": timed out after 100ms", fe.Error())
			assert.ErrorIs(t, fe, context.DeadlineExceeded)
			assert.True(t, fe.Timeout())
			assert.Zero(t, fe.StatusCode)
		})
	}
}

func TestFetchCanceled(t *testing.T) {
	started := make(chan struct{})
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
	}))

	t.Run("before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		fe := fetchErr(t, new(Fetcher), ctx, srv.URL)
		assert.ErrorIs(t, fe, context.Canceled)
		assert.Equal(t, srv.URL, fe.URL)
	})
	t.Run("during", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		go func() {
			<-started
			cancel()
		}()
		fe := fetchErr(t, new(Fetcher), ctx, srv.URL)
		assert.ErrorIs(t, fe, context.Canceled)
		assert.False(t, fe.Timeout())
		assert.Equal(t, "GET "+srv.URL+": context canceled", fe.Error())
	})
}

func TestFetchBodyTooLarge(t *testing.T) {
	big := strings.Repeat("<p>paragraph</p>\n", 100) // 1700 bytes
	mux := http.NewServeMux()
	mux.HandleFunc("/length", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(big)) // small enough for a Content-Length
	})
	mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < len(big); i += 100 {
			_, _ = w.Write([]byte(big[i : i+100]))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		_, _ = zw.Write([]byte(big)) // compresses to far less than the cap
		_ = zw.Close()
	})
	srv := serve(t, mux)

	for _, path := range []string{"/length", "/chunked", "/gzip"} {
		t.Run(path, func(t *testing.T) {
			fe := fetchErr(t, &Fetcher{MaxBytes: 1000}, t.Context(), srv.URL+path)
			assert.ErrorIs(t, fe, ErrBodyTooLarge)
			assert.Equal(t, "GET "+srv.URL+path+": response body too large: more than 1000 bytes", fe.Error())
		})
	}
	t.Run("at the cap", func(t *testing.T) {
		page, err := (&Fetcher{MaxBytes: int64(len(big))}).Fetch(t.Context(), srv.URL+"/chunked")
		require.NoError(t, err)
		assert.Equal(t, big, string(page.Body))
	})
}

func TestFetchRedirects(t *testing.T) {
	// /loop/a and /loop/b redirect to each other; /hop/N redirects to
	// /hop/N-1 and /hop/0 is the page.
	mux := http.NewServeMux()
	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop/b", http.StatusFound)
	})
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop/a", http.StatusFound)
	})
	mux.HandleFunc("/hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		if n := r.PathValue("n"); n != "0" {
			http.Redirect(w, r, "/hop/"+string(n[0]-1), http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(testPage))
	})
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.com/file", http.StatusFound)
	})
	srv := serve(t, mux)

	t.Run("loop", func(t *testing.T) {
		fe := fetchErr(t, new(Fetcher), t.Context(), srv.URL+"/loop/a")
		assert.ErrorIs(t, fe, ErrTooManyRedirects)
		assert.Equal(t, "GET "+srv.URL+"/loop/a: too many redirects: more than 10", fe.Error())
	})
	t.Run("within MaxRedirects", func(t *testing.T) {
		page, err := (&Fetcher{MaxRedirects: 3}).Fetch(t.Context(), srv.URL+"/hop/3")
		require.NoError(t, err)
		assert.Equal(t, srv.URL+"/hop/0", page.URL)
	})
	t.Run("beyond MaxRedirects", func(t *testing.T) {
		fe := fetchErr(t, &Fetcher{MaxRedirects: 3}, t.Context(), srv.URL+"/hop/4")
		assert.ErrorIs(t, fe, ErrTooManyRedirects)
	})
	t.Run("none allowed", func(t *testing.T) {
		f := &Fetcher{MaxRedirects: -1}
		fe := fetchErr(t, f, t.Context(), srv.URL+"/hop/1")
		assert.ErrorIs(t, fe, ErrTooManyRedirects)
		_, err := f.Fetch(t.Context(), srv.URL+"/hop/0")
		assert.NoError(t, err)
	})
	t.Run("to ftp", func(t *testing.T) {
		fe := fetchErr(t, new(Fetcher), t.Context(), srv.URL+"/to-ftp")
		assert.ErrorContains(t, fe, `unsupported scheme "ftp"`)
		assert.Contains(t, fe.Error(), srv.URL+"/to-ftp")
	})
}

func TestFetchStatus(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/missing", http.StatusFound)
	})
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "oops", http.StatusInternalServerError)
	})
	srv := serve(t, mux) // anything else is a 404

	for _, tc := range []struct {
		path, url string
		code      int
		msg       string
	}{
		{"/missing", "/missing", 404, "404 Not Found"},
		{"/gone", "/missing", 404, "404 Not Found"}, // the URL that answered
		{"/broken", "/broken", 500, "500 Internal Server Error"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			fe := fetchErr(t, new(Fetcher), t.Context(), srv.URL+tc.path)
			assert.Equal(t, tc.code, fe.StatusCode)
			assert.Equal(t, srv.URL+tc.url, fe.URL)
			assert.Equal(t, "GET "+srv.URL+tc.url+": "+tc.msg, fe.Error())
			assert.NoError(t, fe.Unwrap())
		})
	}
}

func TestFetchContentType(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ct := r.URL.Query().Get("type")
		if ct == "" {
			w.Header()["Content-Type"] = nil // no header, no sniffing by the server
		} else {
			w.Header().Set("Content-Type", ct)
		}
		if r.URL.Query().Has("png") {
			_, _ = w.Write(png)
		} else {
			_, _ = w.Write([]byte(testPage))
		}
	}))

	for _, tc := range []struct {
		query string
		want  string // media type, or "" for an ErrContentType error
	}{
		{"type=text/html;+charset=UTF-8", "text/html"},
		{"type=TEXT/HTML", "text/html"},
		{"type=text/plain", "text/plain"},
		{"type=application/xhtml%2Bxml", "application/xhtml+xml"},
		{"type=application/xml", "application/xml"},
		{"type=text/xml", "text/xml"},
		{"type=application/rss%2Bxml", "application/rss+xml"},
		{"type=application/atom%2Bxml", "application/atom+xml"},
		{"type=application/json", "application/json"},
		{"type=text/html;+charset", "text/html"}, // a bad parameter is ignored
		{"", "text/html"},                        // sniffed
		{"type=image/png&png", ""},
		{"type=image/png", ""}, // whatever the body looks like
		{"type=application/octet-stream", ""},
		{"type=application/pdf", ""},
		{"type=image/svg%2Bxml", ""},
		{"png", ""}, // sniffed
	} {
		t.Run(tc.query, func(t *testing.T) {
			u := srv.URL + "/?" + tc.query
			page, err := new(Fetcher).Fetch(t.Context(), u)
			if tc.want != "" {
				require.NoError(t, err)
				assert.Equal(t, tc.want, page.ContentType)
				return
			}
			require.ErrorIs(t, err, ErrContentType)
			assert.Contains(t, err.Error(), "GET "+u+": unsupported content type")
		})
	}

	fe := fetchErr(t, new(Fetcher), t.Context(), srv.URL+"/?type=image/png")
	assert.Equal(t, "GET "+srv.URL+`/?type=image/png: unsupported content type "image/png"`, fe.Error())
}

// TestFetchKeepsBytes checks that Fetch hands the body over as the server
// sent it, with its header: decoding is the parser's job, done once.
func TestFetchKeepsBytes(t *testing.T) {
	const body = `<meta charset="iso-8859-5"><p>\xb0\xd1</p>`
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=ISO-8859-5")
		_, _ = w.Write([]byte(body))
	}))
	page, err := new(Fetcher).Fetch(t.Context(), srv.URL)
	require.NoError(t, err)
	assert.Equal(t, body, string(page.Body))
	assert.Equal(t, "text/html", page.ContentType)
	assert.Equal(t, "text/html; charset=ISO-8859-5", page.Header.Get("Content-Type"))
}

func TestFetchGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write([]byte(testPage))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	gzipped := buf.Bytes()

	var acceptEncoding atomic.Value
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		acceptEncoding.Store(r.Header.Get("Accept-Encoding"))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip") // asked for or not
		_, _ = w.Write(gzipped)
	}))

	t.Run("transport decodes", func(t *testing.T) {
		page, err := new(Fetcher).Fetch(t.Context(), srv.URL)
		require.NoError(t, err)
		assert.Equal(t, "gzip", acceptEncoding.Load(), "the transport asked for gzip")
		assert.Equal(t, testPage, string(page.Body))
	})
	t.Run("fetcher decodes", func(t *testing.T) {
		transport := http.DefaultTransport.(*http.Transport).Clone()
		transport.DisableCompression = true
		t.Cleanup(transport.CloseIdleConnections)
		f := &Fetcher{Client: &http.Client{Transport: transport}}
		page, err := f.Fetch(t.Context(), srv.URL)
		require.NoError(t, err)
		assert.Equal(t, "", acceptEncoding.Load(), "gzip was not asked for")
		assert.Equal(t, testPage, string(page.Body))
	})
}

func TestFetchBadURL(t *testing.T) {
	for _, tc := range []struct{ url, msg string }{
		{"ftp://example.com/article.html", `GET ftp://example.com/article.html: unsupported scheme "ftp" in ftp://example.com/article.html: only http and https URLs are fetched`},
		{"file:///etc/passwd", `unsupported scheme "file"`},
		{"example.com/article", `GET example.com/article: URL "example.com/article" has no scheme`},
		{"http:///article", `has no host`},
		{"http://exa mple.com/", `GET http://exa mple.com/: invalid character " " in host name`},
	} {
		t.Run(tc.url, func(t *testing.T) {
			fe := fetchErr(t, new(Fetcher), t.Context(), tc.url)
			assert.Equal(t, tc.url, fe.URL)
			assert.Contains(t, fe.Error(), tc.msg)
		})
	}
}

func TestFetchErrorMessage(t *testing.T) {
	for _, tc := range []struct {
		err  *Error
		want string
	}{
		{&Error{URL: "https://x.test/a", StatusCode: 404}, "GET https://x.test/a: 404 Not Found"},
		{&Error{URL: "https://x.test/a", StatusCode: 599}, "GET https://x.test/a: 599"},
		{&Error{URL: "https://x.test/a", Err: errors.New("boom")}, "GET https://x.test/a: boom"},
		{&Error{URL: "https://x.test/a"}, "GET https://x.test/a: failed"},
	} {
		assert.Equal(t, tc.want, tc.err.Error())
	}
}
