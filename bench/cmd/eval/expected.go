package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/newsingest/newslooks"
)

// expectedMD reads the expected articles of EXPECTED.md: each section
// headed "## `testdata/PATH.html`" ends with the complete expected Article
// as a ```json block. The result maps "testdata/PATH.html" to its article;
// a missing file gives an empty map.
func expectedMD(path string) (map[string]*newslooks.Article, error) {
	out := map[string]*newslooks.Article{}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	var (
		page   string
		inJSON bool
		block  bytes.Buffer
		lineNo int
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		switch {
		case inJSON && strings.TrimSpace(line) == "```":
			inJSON = false
			if page == "" {
				continue
			}
			var a newslooks.Article
			if err := json.Unmarshal(block.Bytes(), &a); err != nil {
				return nil, fmt.Errorf("%s:%d: the JSON of %s: %w", path, lineNo, page, err)
			}
			out[page] = &a
			page = "" // one block per section
		case inJSON:
			block.WriteString(line)
			block.WriteByte('\n')
		case strings.HasPrefix(line, "## ") || strings.HasPrefix(line, "### "):
			page = ""
			h := strings.TrimSpace(strings.TrimLeft(line, "#"))
			if strings.HasPrefix(h, "`") && strings.HasSuffix(h, ".html`") {
				page = strings.Trim(h, "`")
			}
		case strings.TrimSpace(line) == "```json":
			inJSON = true
			block.Reset()
		}
	}
	return out, sc.Err()
}
