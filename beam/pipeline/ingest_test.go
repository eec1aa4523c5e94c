package pipeline_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/beam/pipeline"
	"github.com/newsingest/newslooks/dedup"
	"github.com/newsingest/newslooks/store"
)

// reencode gives an article's JSON in one form, whichever encoder wrote it
// (the store's escapes HTML characters, the pipeline's does not).
func reencode(t testing.TB, js []byte) (string, *newslooks.Article) {
	t.Helper()
	var a newslooks.Article
	if err := json.Unmarshal(js, &a); err != nil {
		t.Fatalf("bad article JSON %s: %v", js, err)
	}
	b, err := json.Marshal(&a)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), &a
}

// checkAgainstIngest stores files with the command's `ingest` and checks
// that the pipeline's output in out holds the same canonical articles
// (those without duplicate_of, equal field for field), the same near
// duplicates pointing at the same kept copy, and as many exact duplicates
// as the store recorded aliases.
func checkAgainstIngest(t testing.TB, files []string, out string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "ingest.db")
	cmd := exec.Command(newslooksBin, append([]string{"ingest", "--db", db}, files...)...)
	_ = cmd.Run() // exits non-zero for planted failures; the store is what counts
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	kept := map[string]string{} // origin → canonical JSON
	byID := map[int64]string{}  // store id → origin
	near := map[string]int64{}  // origin → store id it duplicates
	for st, err := range s.Export(ctx, store.ExportOptions{Duplicates: true}) {
		if err != nil {
			t.Fatal(err)
		}
		js, a := reencode(t, st.JSON)
		byID[st.ID] = a.Source
		if st.DuplicateOf != 0 {
			near[a.Source] = st.DuplicateOf
			continue
		}
		kept[a.Source] = js
	}
	status, err := s.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}

	t.Logf("ingest: %d kept, %d near duplicates, %d aliases", len(kept), len(near), status.Duplicates)
	beamKept := map[string]string{}
	beamDups := map[string]string{}
	for _, l := range readLines(t, out+"/articles-*.jsonl") {
		art, dupOf := splitDup(t, l)
		js, a := reencode(t, []byte(art))
		if dupOf != "" {
			beamDups[a.Source] = dupOf
			continue
		}
		beamKept[a.Source] = js
	}
	if len(beamKept) != len(kept) {
		t.Errorf("pipeline kept %d articles, ingest %d", len(beamKept), len(kept))
	}
	for src, js := range kept {
		switch got, ok := beamKept[src]; {
		case !ok:
			t.Errorf("ingest kept %s, the pipeline did not (duplicate_of %q)", src, beamDups[src])
		case got != js:
			t.Errorf("%s differs:\ningest:   %s\npipeline: %s", src, js, got)
		}
	}
	for src, id := range near {
		want := byID[id]
		if c, err := dedup.CanonicalURL(want); err == nil {
			want = c
		}
		if beamDups[src] != want {
			t.Errorf("%s: pipeline duplicate_of %q, ingest's near duplicate of %q", src, beamDups[src], want)
		}
	}
	if exact := int64(len(beamDups) - len(near)); exact != status.Duplicates {
		t.Errorf("pipeline has %d exact duplicates, ingest recorded %d aliases", exact, status.Duplicates)
	}
}

// TestDumpEqualsIngest runs the pipeline and the command's ingest over a
// generated dump of $NEWSLOOKS_BEAM_DUMP_MB megabytes and compares them
// (checkAgainstIngest). Skipped unless the variable is set: minutes long.
func TestDumpEqualsIngest(t *testing.T) {
	mb, _ := strconv.Atoi(os.Getenv("NEWSLOOKS_BEAM_DUMP_MB"))
	if mb <= 0 {
		t.Skip("NEWSLOOKS_BEAM_DUMP_MB is not set")
	}
	dir := t.TempDir()
	dump := filepath.Join(dir, "dump.warc")
	genBench(t, dump, mb<<20/3300)
	out := t.TempDir()
	if _, err := pipeline.Run(context.Background(), pipeline.Config{Inputs: []string{dump}, Output: out}, prism.Execute); err != nil {
		t.Fatal(err)
	}
	checkAgainstIngest(t, []string{dump}, out)
}
