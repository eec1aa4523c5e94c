package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/newsingest/newslooks/bench/internal/corpus"
)

// BenchmarkIngestVsParse runs the command's parse (JSON lines to
// /dev/null) and ingest (into a new SQLite store) on the same folder of
// HTML pages, each a child process, alternating which goes first, and
// reports their wall times and the ratio ingest/parse: how much storing
// adds to reading when the two overlap (and the ratio of their CPU
// times: what storing costs, overlapped or not). The pages are the development
// pages the speed benchmarks read (aeb-dev, shared/pages, the Newslooks
// fixtures), once ("x1") and as ten copies ("x10") whose text and
// addresses differ (letters rotated, hosts renamed), so that the store
// keeps every copy rather than aliasing it. With
// $NEWSLOOKS_BASELINE_BIN naming another build of the command, that
// build runs in the same loop ("base-" metrics), so that a change is
// measured against the build before it under the same load:
//
//	NEWSLOOKS_BASELINE_BIN=/tmp/newslooks-main go test -run '^$' -bench IngestVsParse -benchtime 3x
func BenchmarkIngestVsParse(b *testing.B) {
	pages := benchmarkPages(b)
	bins := map[string]string{"": buildCommand(b)}
	if base := os.Getenv("NEWSLOOKS_BASELINE_BIN"); base != "" {
		bins["base-"] = base
	}
	for _, copies := range []int{1, 10} {
		dir := b.TempDir()
		for k := range copies {
			for _, p := range pages {
				src := p.Source
				if k > 0 {
					src = rotatePage(src, k)
				}
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.html", p.Name, k)), src, 0o644); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.Run(fmt.Sprintf("pages=%d", copies*len(pages)), func(b *testing.B) {
			wall, cpu := map[string]time.Duration{}, map[string]time.Duration{}
			i := 0
			for b.Loop() {
				for prefix, bin := range bins {
					runs := []string{"parse", "ingest"}
					if i%2 == 1 {
						runs[0], runs[1] = runs[1], runs[0]
					}
					for _, cmd := range runs {
						w, c, summary := runCommand(b, bin, cmd, dir)
						wall[prefix+cmd] += w
						cpu[prefix+cmd] += c
						if m := storedNew.FindStringSubmatch(summary); m != nil && prefix == "" {
							n, _ := strconv.Atoi(m[1])
							b.ReportMetric(float64(n), "stored-new")
						}
					}
				}
				i++
			}
			for prefix := range bins {
				b.ReportMetric(wall[prefix+"parse"].Seconds()/float64(b.N), prefix+"parse-s")
				b.ReportMetric(wall[prefix+"ingest"].Seconds()/float64(b.N), prefix+"ingest-s")
				b.ReportMetric(float64(wall[prefix+"ingest"])/float64(wall[prefix+"parse"]), prefix+"ingest/parse")
				b.ReportMetric(float64(cpu[prefix+"ingest"])/float64(cpu[prefix+"parse"]), prefix+"ingest/parse-cpu")
			}
		})
	}
}

// benchmarkPages returns the development HTML pages of the speed
// benchmarks, named uniquely.
func benchmarkPages(b *testing.B) []corpus.Page {
	aeb, _, err := corpus.Aeb(corpus.AebDir(*aebFlag))
	if err != nil {
		b.Skip(err)
	}
	shared, err := corpus.Shared(corpus.PagesDir(*pagesFlag))
	if err != nil {
		b.Skip(err)
	}
	fixtures, err := corpus.Newslooks(*testdataFlag)
	if err != nil {
		b.Skip(err)
	}
	var pages []corpus.Page
	for _, group := range [][]corpus.Page{aeb, shared, fixtures} {
		for _, p := range group {
			p.Name = strings.ReplaceAll(filepath.ToSlash(strings.TrimPrefix(p.Path, "/")), "/", "_")
			pages = append(pages, p)
		}
	}
	return pages
}

// buildCommand builds this module's command into a temporary folder.
func buildCommand(b *testing.B) string {
	bin := filepath.Join(b.TempDir(), "newslooks")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/newslooks")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// storedNew reads how many articles ingest stored as new from its summary.
var storedNew = regexp.MustCompile(`stored: (\d+) new`)

// runCommand runs "bin parse" or "bin ingest" on dir and returns its wall
// time, its CPU time (user and system) and its standard error. Parse
// writes JSON lines to /dev/null; ingest writes a new store.
func runCommand(b *testing.B, bin, name, dir string) (wall, cpu time.Duration, stderr string) {
	args := []string{"parse", "--format", "jsonl", dir}
	if name == "ingest" {
		args = []string{"ingest", "--db", filepath.Join(b.TempDir(), "news.db"), dir}
	}
	cmd := exec.Command(bin, args...)
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	t0 := time.Now()
	err := cmd.Run()
	d := time.Since(t0)
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		b.Fatal(err)
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		b.Fatalf("%s %s: %v\n%s", bin, name, err, errBuf.Bytes())
	}
	if !bytes.Contains(errBuf.Bytes(), []byte(" written,")) {
		b.Fatalf("%s %s: no summary\n%s", bin, name, errBuf.Bytes())
	}
	return d, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), errBuf.String()
}

// rotatePage returns the page with the letters of its text (not of its
// scripts and styles) rotated by k places and every absolute address's
// host prefixed with "cK.": a page that parses as the original does, of
// a different text at a different address.
func rotatePage(src []byte, k int) []byte {
	src = bytes.ReplaceAll(src, []byte("://"), fmt.Appendf(nil, "://c%d.", k))
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(src))
	raw := false // inside a script or style
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		tok := z.Raw()
		switch tt {
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			if n := string(name); n == "script" || n == "style" {
				raw = tt == html.StartTagToken
			}
		case html.TextToken:
			if !raw {
				tok = rotateLetters(tok, k)
			}
		}
		out.Write(tok)
	}
}

// rotateLetters rotates the ASCII letters of text by k places, leaving
// character references (&amp;) whole.
func rotateLetters(text []byte, k int) []byte {
	out := make([]byte, len(text))
	inRef := false
	for i, c := range text {
		switch {
		case c == '&':
			inRef = true
		case inRef && (c == ';' || c == ' ' || c == '<'):
			inRef = false
		case !inRef && 'a' <= c && c <= 'z':
			c = 'a' + (c-'a'+byte(k))%26
		case !inRef && 'A' <= c && c <= 'Z':
			c = 'A' + (c-'A'+byte(k))%26
		}
		out[i] = c
	}
	return out
}
