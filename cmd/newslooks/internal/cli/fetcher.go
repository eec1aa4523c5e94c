package cli

import (
	"context"
	"net/http"

	"github.com/newsingest/newslooks/fetch"
)

// typedURLs returns the fetch of the URLs a person names: f's, through a
// fetch.Guard. The URL as named is fetched wherever it points (a Trusted
// request), and so are its redirects on the same host and port, but every
// other address it redirects to is checked, so a public page cannot
// bounce the command onto loopback or the private network, unless
// allowPrivate.
func typedURLs(f *fetch.Fetcher, allowPrivate bool) func(ctx context.Context, rawURL string) (*fetch.Response, error) {
	guarded := *f
	client := http.Client{}
	if f.Client != nil {
		client = *f.Client
	}
	client.Transport = &fetch.Guard{AllowPrivate: allowPrivate}
	guarded.Client = &client
	return func(ctx context.Context, rawURL string) (*fetch.Response, error) {
		return guarded.Do(ctx, rawURL, fetch.Request{Trusted: true})
	}
}
