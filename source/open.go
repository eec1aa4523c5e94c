package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"time"

	"github.com/newsingest/newslooks/feed"
	"github.com/newsingest/newslooks/fetch"
)

type kind uint8

const (
	kindFile   kind = iota // a file named on the command line
	kindWalked             // a file found by a folder walk: regular only
	kindStdin
	kindURL
	kindReader   // an io.Reader the caller gave
	kindFeedItem // a feed item
	kindFailed   // a folder that could not be read: its error
)

// An Input is one source of articles: a file, standard input, a URL, a
// reader or a feed item. Make one with File, Stdin, URL, FromReader or
// FeedItem, or many from command-line arguments with Expand. It is small,
// so that a list of hundreds of thousands of them costs little.
type Input struct {
	// Name names the input in errors and in Item.Source: the path, the
	// URL, "-" for standard input, or the name given.
	Name  string
	kind  kind
	extra *extra // kindReader, kindFeedItem and kindFailed only
}

type extra struct {
	r    io.Reader  // kindReader
	url  string     // kindURL: the URL, when the name is another
	item *feed.Item // kindFeedItem
	err  error      // kindFailed: why the folder could not be read
}

// urlToFetch returns the URL of a kindURL input.
func (in Input) urlToFetch() string {
	if in.extra != nil && in.extra.url != "" {
		return in.extra.url
	}
	return in.Name
}

// FromReader returns an input read from r, named name in errors and in
// Item.Source. Reading it does not close r.
func FromReader(name string, r io.Reader) Input {
	return Input{Name: name, kind: kindReader, extra: &extra{r: r}}
}

// FeedItem returns the input of a feed item. An item whose content holds
// the whole article (feed.Item.HasFullArticle), or that has no link, is
// read from the feed (feed.Item.Article), with no fetch; any other is
// fetched from its link. name names it; "" means the item's link.
func FeedItem(name string, it feed.Item) Input {
	if name == "" {
		name = it.Link
	}
	if !it.HasFullArticle() && it.Link != "" {
		if name == it.Link {
			return URL(it.Link)
		}
		return Input{Name: name, kind: kindURL, extra: &extra{url: it.Link}}
	}
	return Input{Name: name, kind: kindFeedItem, extra: &extra{item: &it}}
}

// URL returns an input fetched from an http or https URL, with the
// Reader's Fetch.
func URL(rawURL string) Input { return Input{Name: rawURL, kind: kindURL} }

// IsURL reports whether s is an http or https URL.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// An origin says where an input's bytes came from: the page URL that
// resolves their relative links ("" for files), the HTTP Content-Type
// they were served with ("" for files), which names their charset, and
// when they were fetched (zero for files).
type origin struct {
	pageURL, contentType string
	fetched              time.Time
}

// An opener opens inputs.
type opener struct {
	stdin io.Reader
	fetch func(ctx context.Context, rawURL string) (*fetch.Response, error)
}

// ErrNotRegular is the error of a walked file that is no longer a
// regular file when it is opened.
var ErrNotRegular = errors.New("not a regular file")

// open returns the bytes of an input. Reading them fails with the
// context's cause once ctx is done, even if the read itself blocks.
func (o *opener) open(ctx context.Context, in Input) (io.ReadCloser, origin, error) {
	switch in.kind {
	case kindStdin:
		return newPump(ctx, io.NopCloser(o.stdin)), origin{}, nil
	case kindReader:
		return &ctxReader{ctx: ctx, r: io.NopCloser(in.extra.r)}, origin{}, nil
	case kindURL:
		resp, err := o.fetch(ctx, in.urlToFetch())
		if err != nil {
			return nil, origin{}, err
		}
		return io.NopCloser(bytes.NewReader(resp.Body)), origin{resp.URL, resp.Header.Get("Content-Type"), time.Now().UTC()}, nil
	case kindFailed:
		return nil, origin{}, in.extra.err
	case kindWalked:
		rc, err := openRegular(ctx, in.Name)
		return rc, origin{}, err
	}
	rc, err := openAny(ctx, in.Name)
	return rc, origin{}, err
}

// openRegular opens a walked file without following it into a device or
// blocking on a pipe, and reads it only if it is a regular file.
func openRegular(ctx context.Context, path string) (io.ReadCloser, error) {
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = ErrNotRegular
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &ctxReader{ctx: ctx, r: f}, nil
}

// openAny opens a file named on the command line, which may be a pipe or
// a device the user means: the open, which blocks on a pipe until it has
// a writer, is abandoned when ctx is done, and the reads obey ctx.
func openAny(ctx context.Context, path string) (io.ReadCloser, error) {
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		ch <- opened{f, err}
	}()
	var o opened
	select {
	case o = <-ch:
	case <-ctx.Done():
		go func() {
			if o := <-ch; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, context.Cause(ctx)
	}
	if o.err != nil {
		return nil, o.err
	}
	if info, err := o.f.Stat(); err == nil && info.Mode().IsRegular() {
		return &ctxReader{ctx: ctx, r: o.f}, nil
	}
	return newPump(ctx, o.f), nil
}

// Stdin returns the input that reads the Reader's Stdin.
func Stdin() Input { return Input{Name: "-", kind: kindStdin} }

// File returns an input read from the file at path, which may be a pipe
// or a device.
func File(path string) Input { return Input{Name: path, kind: kindFile} }
