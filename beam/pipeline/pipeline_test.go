package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/newsingest/newslooks/beam/pipeline"
	"github.com/newsingest/newslooks/dedup"
)

// newslooksBin is the parent module's command, built once: the reference
// that the pipeline's articles must equal byte for byte.
var newslooksBin string

func TestMain(m *testing.M) {
	if os.Getenv(heldRunEnv) != "" { // TestKilledRunScratch's child
		os.Exit(ptest.MainRetWithDefault(m, "prism"))
	}
	dir, err := os.MkdirTemp("", "beam-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	newslooksBin = filepath.Join(dir, "newslooks")
	build := exec.Command("go", "build", "-o", newslooksBin, "./cmd/newslooks")
	build.Dir = ".." + string(filepath.Separator) + ".."
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building newslooks:", err)
		os.Exit(1)
	}
	code := ptest.MainRetWithDefault(m, "prism")
	os.RemoveAll(dir)
	os.Exit(code)
}

func runPrism(t testing.TB, cfg pipeline.Config) map[string]int64 {
	t.Helper()
	counters, err := pipeline.Run(context.Background(), cfg, prism.Execute)
	if err != nil {
		t.Fatalf("pipeline: %v", err)
	}
	got := map[string]int64{}
	for _, c := range counters {
		got[c.Name] = c.Value
	}
	return got
}

// readLines reads every line of the files matching glob.
func readLines(t testing.TB, glob string) []string {
	t.Helper()
	files, _ := filepath.Glob(glob)
	var lines []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for l := range strings.Lines(string(b)) {
			lines = append(lines, strings.TrimSuffix(l, "\n"))
		}
	}
	return lines
}

var dupField = regexp.MustCompile(`,"duplicate_of":("(?:[^"\\]|\\.)*")}$`)

// splitDup takes the duplicate_of field off an output line.
func splitDup(t testing.TB, line string) (article, dupOf string) {
	m := dupField.FindStringSubmatch(line)
	if m == nil {
		return line, ""
	}
	if err := json.Unmarshal([]byte(m[1]), &dupOf); err != nil {
		t.Fatal(err)
	}
	return line[:len(line)-len(m[0])] + "}", dupOf
}

func canonical(t testing.TB, u string) string {
	c, err := dedup.CanonicalURL(u)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestWARCs runs the pipeline on Prism over generated archives with planted
// duplicates, failures and skipped records, and checks the counts, the
// duplicate_of references and that every article is byte for byte what
// `newslooks parse --format jsonl` writes.
func TestWARCs(t *testing.T) {
	dir := t.TempDir()
	c := genCorpus(t, dir, 12)
	out := t.TempDir()
	// What a bundle that failed before its retry leaves: run and signature
	// files that no element names. They must change nothing and be gone.
	// Another run's files beside them are that run's and must stay.
	stray := filepath.Join(out, ".newslooks-runs", "warcs")
	other := filepath.Join(out, ".newslooks-runs", "other")
	for _, d := range []string{stray, other} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"0123456789abcdef01234567.run", "0123456789abcdef01234567.sig"} {
			if err := os.WriteFile(filepath.Join(d, name), []byte("\x0e{\"stray\":true}\x03x@1"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	got := runPrism(t, pipeline.Config{Inputs: []string{dir + "/*.warc*"}, Output: out, Shards: 3, RunID: "warcs"})
	if _, err := os.Stat(stray); !os.IsNotExist(err) {
		t.Errorf("the run's scratch directory is left after the run: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(other, "*")); len(left) != 2 {
		t.Errorf("another run's files after the run: %q, want both", left)
	}
	t.Logf("counters: %v", got)

	want := map[string]int64{
		"records_read":     int64(c.records),
		"articles":         int64(c.articles),
		"failures":         int64(c.failures),
		"skipped":          int64(c.skipped),
		"exact_duplicates": int64(c.exact),
		"near_duplicates":  int64(c.near),
		"unique_articles":  int64(c.articles - c.exact - c.near),
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("counter %s = %d, want %d", k, got[k], v)
		}
	}
	if got["articles"]+got["failures"]+got["skipped"] != got["records_read"] {
		t.Errorf("articles + failures + skipped = %d, records read %d", got["articles"]+got["failures"]+got["skipped"], got["records_read"])
	}

	lines := readLines(t, out+"/articles-*.jsonl")
	if len(lines) != c.articles {
		t.Fatalf("%d article lines, want %d", len(lines), c.articles)
	}
	var articles []string
	dups := map[string]string{}
	for _, l := range lines {
		art, dupOf := splitDup(t, l)
		articles = append(articles, art)
		var a struct{ Source string }
		if err := json.Unmarshal([]byte(art), &a); err != nil {
			t.Fatalf("bad line %s: %v", l, err)
		}
		if dupOf != "" {
			dups[a.Source] = dupOf
		}
	}
	if len(dups) != len(c.dupOf) {
		t.Errorf("%d duplicates marked, want %d: %v", len(dups), len(c.dupOf), dups)
	}
	for src, of := range c.dupOf {
		if dups[src] != canonical(t, of) {
			t.Errorf("%s: duplicate_of %q, want %q", src, dups[src], canonical(t, of))
		}
	}

	// The reference: the command, one archive at a time.
	var ref []string
	for _, f := range c.files {
		cmd := exec.Command(newslooksBin, "parse", "--format", "jsonl", f)
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		_ = cmd.Run() // exits non-zero for the planted failures
		for l := range strings.Lines(stdout.String()) {
			ref = append(ref, strings.TrimSuffix(l, "\n"))
		}
	}
	slices.Sort(ref)
	slices.Sort(articles)
	if len(ref) != len(articles) {
		t.Fatalf("command gave %d articles, pipeline %d", len(ref), len(articles))
	}
	for i := range ref {
		if ref[i] != articles[i] {
			t.Errorf("article %d differs:\ncommand:  %s\npipeline: %s", i, ref[i], articles[i])
		}
	}

	checkAgainstIngest(t, c.files, out)

	fails := readLines(t, out+"/failures-*.jsonl")
	if len(fails) != c.failures {
		t.Errorf("%d failure lines, want %d", len(fails), c.failures)
	}
	for _, l := range fails {
		var f pipeline.Failure
		if err := json.Unmarshal([]byte(l), &f); err != nil || f.Source == "" || f.Reason == "" {
			t.Errorf("failure line %s: %v", l, err)
		}
	}
}

// TestTextAndJSONL reads a Newslooks text dump and JSONL of articles: the
// JSONL copy of the text's article is an exact duplicate, a line that is
// no article JSON is a failure.
func TestTextAndJSONL(t *testing.T) {
	dir := t.TempDir()
	txt, err := os.ReadFile("../../testdata/xi-putin.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/a.txt", txt, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(newslooksBin, "parse", "--format", "jsonl", dir+"/a.txt")
	js, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	js = bytes.Replace(js, []byte(`"source":"`+dir+`/a.txt"`), []byte(`"source":"https://other.example/xi"`), 1)
	if err := os.WriteFile(dir+"/b.jsonl", append(js, []byte("\n{not json\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile("../../page/testdata/xi-putin.html")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/c.html", html, 0o644); err != nil {
		t.Fatal(err)
	}
	htmlRef, err := exec.Command(newslooksBin, "parse", "--format", "jsonl", dir+"/c.html").Output()
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	got := runPrism(t, pipeline.Config{Inputs: []string{dir + "/*.txt", dir + "/*.jsonl", dir + "/*.html"}, Output: out})
	t.Logf("counters: %v", got)
	// The page is the same story as the text: a third copy.
	for k, v := range map[string]int64{"records_read": 4, "articles": 3, "failures": 1, "exact_duplicates": 2, "unique_articles": 1} {
		if got[k] != v {
			t.Errorf("counter %s = %d, want %d", k, got[k], v)
		}
	}
	lines := readLines(t, out+"/articles-*.jsonl")
	var kept string
	htmlSeen := false
	for _, l := range lines {
		a, of := splitDup(t, l)
		if of == "" {
			kept = a
		}
		if a+"\n" == string(htmlRef) {
			htmlSeen = true
		}
	}
	if !htmlSeen {
		t.Errorf("no line equals the command's article for the HTML page:\n%s", htmlRef)
	}
	// The page has a publication time, the text has none: the page is the
	// earliest copy, and the others point at its source (a path, no URL).
	if want := strings.TrimSuffix(string(htmlRef), "\n"); kept != want {
		t.Errorf("kept copy:\n%s\nwant the page's article:\n%s", kept, want)
	}
	// The JSONL copy comes out byte for byte as it went in.
	jsLine, jsSeen := strings.TrimSuffix(string(js), "\n"), false
	for _, l := range lines {
		a, of := splitDup(t, l)
		if a != kept && of != dir+"/c.html" {
			t.Errorf("duplicate_of %q, want %q", of, dir+"/c.html")
		}
		jsSeen = jsSeen || a == jsLine
	}
	if !jsSeen {
		t.Errorf("the JSONL article did not come out unchanged:\n%s", jsLine)
	}
}

func TestWithDuplicateOf(t *testing.T) {
	for _, tc := range []struct{ in, ref, want string }{
		{`{"a":1}`, "https://x.example/a?b=<c>", `{"a":1,"duplicate_of":"https://x.example/a?b=<c>"}`},
		{`{}`, "s", `{"duplicate_of":"s"}`},
		{`{"a":1}`, "", `{"a":1}`},
	} {
		if got := string(pipeline.WithDuplicateOf([]byte(tc.in), tc.ref)); got != tc.want {
			t.Errorf("WithDuplicateOf(%s, %q) = %s, want %s", tc.in, tc.ref, got, tc.want)
		}
	}
}

func TestEarlier(t *testing.T) {
	pub := pipeline.Meta{ID: "z", Source: "z", HasPublished: true, PublishedNs: 5}
	pubLater := pipeline.Meta{ID: "a", Source: "a", HasPublished: true, PublishedNs: 6}
	noPub := pipeline.Meta{ID: "a", Source: "a", HasFetched: true, FetchedNs: 1}
	fetched := pipeline.Meta{ID: "b", Source: "b", HasPublished: true, PublishedNs: 5, HasFetched: true, FetchedNs: 1}
	order := []pipeline.Meta{fetched, pub, pubLater, noPub}
	for i := range order {
		for j := range order {
			if got := pipeline.Earlier(order[i], order[j]); got != (i < j) {
				t.Errorf("Earlier(%v, %v) = %v", order[i], order[j], got)
			}
		}
	}
}

// TestCommandLine runs cmd/pipeline as a user does, on its default runner
// (Prism, in its own process): flags, counters printed, shard files.
func TestCommandLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	buildPipeline(t)
	dir := t.TempDir()
	c := genCorpus(t, dir, 8)
	out := t.TempDir()
	cmd := exec.Command(pipelineBin, "--input", dir+"/*.warc", "--input", dir+"/*.warc.gz", "--output", out, "--shards", "2")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.Bytes())
	}
	for _, want := range []string{
		fmt.Sprintf("records_read %d\n", c.records),
		fmt.Sprintf("articles %d\n", c.articles),
		fmt.Sprintf("near_duplicates %d\n", c.near),
	} {
		if !strings.Contains(regexp.MustCompile(` +`).ReplaceAllString(stdout.String(), " "), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.Bytes())
		}
	}
	files, _ := filepath.Glob(out + "/articles-*-of-00002.jsonl")
	if len(files) == 0 {
		t.Errorf("no articles-*-of-00002.jsonl in %s", out)
	}
	if n := len(readLines(t, out+"/articles-*.jsonl")); n != c.articles {
		t.Errorf("%d article lines, want %d", n, c.articles)
	}
}

// TestChunks reads the corpus of TestWARCs whole and cut into a chunk per
// page record (ChunkBytes 1): the counters, the articles and the failures,
// with the offsets they name, must be the same, corrupt stretch and
// gzip members included.
func TestChunks(t *testing.T) {
	dir := t.TempDir()
	genCorpus(t, dir, 12)
	run := func(chunk int64) (map[string]int64, []string, []string) {
		out := t.TempDir()
		got := runPrism(t, pipeline.Config{Inputs: []string{dir + "/*.warc*"}, Output: out, Shards: 2, ChunkBytes: chunk})
		arts, fails := readLines(t, out+"/articles-*.jsonl"), readLines(t, out+"/failures-*.jsonl")
		slices.Sort(arts)
		slices.Sort(fails)
		return got, arts, fails
	}
	wholeCounts, wholeArts, wholeFails := run(1 << 40)
	cutCounts, cutArts, cutFails := run(1)
	if !maps.Equal(wholeCounts, cutCounts) {
		t.Errorf("counters differ:\nwhole: %v\ncut:   %v", wholeCounts, cutCounts)
	}
	if !slices.Equal(wholeArts, cutArts) {
		t.Errorf("articles differ: %d lines whole, %d cut", len(wholeArts), len(cutArts))
	}
	if !slices.Equal(wholeFails, cutFails) {
		t.Errorf("failures differ:\nwhole: %q\ncut:   %q", wholeFails, cutFails)
	}
	if !slices.ContainsFunc(cutFails, func(l string) bool { return strings.Contains(l, "corrupt record at offset") }) {
		t.Errorf("no corrupt stretch among the failures %q", cutFails)
	}
}

// TestConcurrentRuns runs two pipelines on Prism into one output
// directory (2 and 3 shards, so that their files differ): the second
// starts while the first, its articles read and its run files written,
// waits to write them, and ends, cleaning up, before the first writes.
// Each must find its own run files and write all its articles, and both
// scratch directories must be gone. (The two do not read archives at the
// same time: gowarc's reader sets a global of github.com/google/uuid each
// time one is made, a race of that library's in one process.)
func TestConcurrentRuns(t *testing.T) {
	dir := t.TempDir()
	c := genCorpus(t, dir, 6)
	out := t.TempDir()
	held := make(chan struct{})       // the first run waits to write
	secondDone := make(chan struct{}) // the second run has ended
	var once sync.Once
	pipeline.SetBeforeMark(func(_ string, shards int) {
		if shards == 3 {
			once.Do(func() { close(held) })
			<-secondDone
		}
	})
	defer pipeline.SetBeforeMark(nil)
	run := func(shards int) error {
		_, err := pipeline.Run(context.Background(), pipeline.Config{Inputs: []string{dir + "/*.warc*"}, Output: out, Shards: shards}, prism.Execute)
		return err
	}
	first := make(chan error, 1)
	go func() { first <- run(3) }()
	select {
	case <-held:
	case err := <-first:
		t.Fatalf("the first run ended before writing: %v", err)
	}
	err := run(2)
	close(secondDone)
	if err != nil {
		t.Errorf("second pipeline: %v", err)
	}
	if err := <-first; err != nil {
		t.Errorf("first pipeline: %v", err)
	}
	for _, shards := range []int{2, 3} {
		glob := fmt.Sprintf("%s/articles-*-of-%05d.jsonl", out, shards)
		if n := len(readLines(t, glob)); n != c.articles {
			t.Errorf("%d shards: %d article lines, want %d", shards, n, c.articles)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(out, ".newslooks-runs", "*")); len(left) > 0 {
		t.Errorf("scratch left after both runs: %q", left)
	}
	if _, err := os.Stat(filepath.Join(out, ".newslooks-runs")); !os.IsNotExist(err) {
		t.Errorf("the runs directory is left after both runs ended well: %v", err)
	}
}
