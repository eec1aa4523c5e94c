// Package source turns the command line's arguments into inputs, and
// opens them: files, folders (walked for regular files only), standard
// input, URLs and feed items. Every read obeys the context, so that an
// interrupted run never hangs on a slow file, a pipe or a terminal.
package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/newsingest/newslooks/fetch"
)

type kind uint8

const (
	kindFile   kind = iota // a file named on the command line
	kindWalked             // a file found by a folder walk: regular only
	kindStdin
	kindURL
	kindContent // a feed item's content
	kindFailed  // a folder that could not be read: its error
)

// An Input is one source of articles. It is small, so that a list of
// hundreds of thousands of them costs little.
type Input struct {
	// Source names the input in error lines and in Article.Source.
	Source string
	kind   kind
	extra  *extra // kindContent and kindFailed only
}

type extra struct {
	content, pageURL string // kindContent: the item's text and link
	err              error  // kindFailed: why the folder could not be read
}

// Content returns an input whose bytes are a feed item's content.
func Content(source, content, pageURL string) Input {
	return Input{Source: source, kind: kindContent, extra: &extra{content: content, pageURL: pageURL}}
}

// URL returns an input fetched from an http or https URL.
func URL(rawURL string) Input { return Input{Source: rawURL, kind: kindURL} }

// IsURL reports whether s is an http or https URL.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// An Origin says where an input's bytes came from: the page URL that
// resolves their relative links ("" for files) and the HTTP Content-Type
// they were served with ("" for files), which names their charset.
type Origin struct {
	PageURL, ContentType string
}

// An Opener opens inputs.
type Opener struct {
	Stdin   io.Reader
	Fetcher *fetch.Fetcher
}

// ErrNotRegular is the error of a walked file that is no longer a
// regular file when it is opened.
var ErrNotRegular = errors.New("not a regular file")

// Open returns the bytes of an input. Reading them fails with the
// context's cause once ctx is done, even if the read itself blocks.
func (o *Opener) Open(ctx context.Context, in Input) (io.ReadCloser, Origin, error) {
	switch in.kind {
	case kindStdin:
		return newPump(ctx, io.NopCloser(o.Stdin)), Origin{}, nil
	case kindURL:
		// A URL input is one a person gave: fetched as given, its
		// redirects checked if the Fetcher's transport is a fetch.Guard.
		page, err := o.Fetcher.Do(ctx, in.Source, fetch.Request{Trusted: true})
		if err != nil {
			return nil, Origin{}, err
		}
		return io.NopCloser(bytes.NewReader(page.Body)), Origin{page.URL, page.Header.Get("Content-Type")}, nil
	case kindContent:
		return io.NopCloser(strings.NewReader(in.extra.content)), Origin{PageURL: in.extra.pageURL}, nil
	case kindFailed:
		return nil, Origin{}, in.extra.err
	case kindWalked:
		rc, err := openRegular(ctx, in.Source)
		return rc, Origin{}, err
	}
	rc, err := openAny(ctx, in.Source)
	return rc, Origin{}, err
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

// Stdin returns the input that reads the Opener's Stdin.
func Stdin() Input { return Input{Source: "-", kind: kindStdin} }

// File returns an input read from the file at path, which may be a pipe
// or a device.
func File(path string) Input { return Input{Source: path, kind: kindFile} }
