package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/newsingest/newslooks/fetch"
)

// An input is one source of articles: a file, standard input, a URL, or
// a feed item's content.
type input struct {
	// source names the input in error lines and in Article.Source.
	source string
	// open returns the input's bytes and where they came from.
	open func(ctx context.Context) (io.ReadCloser, origin, error)
}

// An origin says where an input's bytes came from: the page URL that
// resolves their relative links ("" for files) and the HTTP Content-Type
// they were served with ("" for files), which names their charset.
type origin struct {
	pageURL, contentType string
}

// articleExts are the file endings a folder walk reads.
var articleExts = map[string]bool{".txt": true, ".html": true, ".htm": true}

// expandInputs turns the command line's arguments into inputs, walking
// folders in sorted order. It returns the number of files a walk skipped.
func expandInputs(args []string, stdin io.Reader, fetcher *fetch.Fetcher) (inputs []input, skipped int, err error) {
	if len(args) == 0 {
		args = []string{"-"}
	}
	for _, arg := range args {
		switch {
		case arg == "-":
			inputs = append(inputs, input{source: "-", open: func(context.Context) (io.ReadCloser, origin, error) {
				return io.NopCloser(stdin), origin{}, nil
			}})
		case isURL(arg):
			inputs = append(inputs, urlInput(arg, fetcher))
		default:
			info, statErr := os.Stat(arg)
			if statErr != nil || !info.IsDir() {
				// A missing file is reported as that input's error.
				inputs = append(inputs, fileInput(arg))
				continue
			}
			found, n, walkErr := walkFolder(arg)
			if walkErr != nil {
				return nil, 0, walkErr
			}
			inputs = append(inputs, found...)
			skipped += n
		}
	}
	return inputs, skipped, nil
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

func fileInput(path string) input {
	return input{source: path, open: func(context.Context) (io.ReadCloser, origin, error) {
		f, err := os.Open(path)
		return f, origin{}, err
	}}
}

func urlInput(rawURL string, fetcher *fetch.Fetcher) input {
	return input{source: rawURL, open: func(ctx context.Context) (io.ReadCloser, origin, error) {
		page, err := fetcher.Fetch(ctx, rawURL)
		if err != nil {
			return nil, origin{}, err
		}
		return io.NopCloser(bytes.NewReader(page.Body)), origin{page.URL, page.Header.Get("Content-Type")}, nil
	}}
}

// contentInput is a feed item whose content already holds the article.
func contentInput(source, content, pageURL string) input {
	return input{source: source, open: func(context.Context) (io.ReadCloser, origin, error) {
		return io.NopCloser(strings.NewReader(content)), origin{pageURL: pageURL}, nil
	}}
}

// walkFolder lists the article files below root in lexical order and
// counts the other files it skips.
func walkFolder(root string) ([]input, int, error) {
	var paths []string
	skipped := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !articleExts[strings.ToLower(filepath.Ext(path))] {
			skipped++
			return nil
		}
		paths = append(paths, path)
		return nil
	})
	sort.Strings(paths) // WalkDir's order already is; the contract is explicit
	inputs := make([]input, len(paths))
	for i, p := range paths {
		inputs[i] = fileInput(p)
	}
	return inputs, skipped, err
}
