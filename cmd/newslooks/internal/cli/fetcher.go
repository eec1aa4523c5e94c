package cli

import (
	"net/http"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/fetch"
)

// typedURLFetcher returns the Fetcher for URLs a person typed. Its
// transport is a fetch.Guard: the URL as typed is fetched wherever it
// points (the Opener marks it Trusted), but every address it redirects to
// is checked, so a public page cannot bounce the command onto loopback or
// the private network, unless allowPrivate.
func typedURLFetcher(timeout time.Duration, allowPrivate bool) *fetch.Fetcher {
	return &fetch.Fetcher{
		Client:   &http.Client{Transport: &fetch.Guard{AllowPrivate: allowPrivate}},
		Timeout:  timeout,
		MaxBytes: newslooks.DefaultMaxBytes,
	}
}
