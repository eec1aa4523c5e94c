package pipeline_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/newsingest/newslooks/beam/pipeline"
)

// heldRunEnv, when set in a test process's environment, makes
// TestHeldRunHelper run the pipeline on "INPUT|OUTPUT|RUNID" and
// stop it for good before it writes, after printing heldMarker: a run
// alive, its scratch written, for TestKilledRunScratch to kill.
const (
	heldRunEnv = "NEWSLOOKS_BEAM_HELD_RUN"
	heldMarker = "newslooks-beam-run-held"
)

// TestHeldRunHelper is the child process of TestKilledRunScratch; it is
// skipped unless heldRunEnv is set.
func TestHeldRunHelper(t *testing.T) {
	args := strings.Split(os.Getenv(heldRunEnv), "|")
	if len(args) != 3 {
		t.Skip(heldRunEnv + " is not set: this is TestKilledRunScratch's child")
	}
	var once sync.Once
	pipeline.SetBeforeMark(func(string, int) {
		once.Do(func() { fmt.Println(heldMarker) })
		select {} // until killed
	})
	_, err := pipeline.Run(context.Background(), pipeline.Config{Inputs: []string{args[0]}, Output: args[1], Shards: 4, RunID: args[2]}, prism.Execute)
	t.Fatalf("the held run ended: %v", err)
}

// TestKilledRunScratch kills a real run (a child process, SIGKILL) after
// it has written its scratch and checks that the next run into the same
// output removes that scratch, while a run alive at the same time keeps
// its own: the run started while the child is alive leaves the child's,
// and the run after the kill leaves the live one's.
func TestKilledRunScratch(t *testing.T) {
	dir := t.TempDir()
	c := genCorpus(t, dir, 6)
	out := t.TempDir()
	runs := filepath.Join(out, ".newslooks-runs")
	input := dir + "/*.warc*"

	// The child: a run held before it writes, then killed.
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	child := exec.Command(exe, "-test.run=^TestHeldRunHelper$")
	child.Env = append(os.Environ(), heldRunEnv+"="+input+"|"+out+"|killed")
	var stderr bytes.Buffer
	child.Stderr = &stderr
	stdout, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	held := false
	for sc := bufio.NewScanner(stdout); !held && sc.Scan(); {
		held = sc.Text() == heldMarker
	}
	if !held { // the child ended without reaching its writing
		child.Wait()
		t.Fatalf("the child run ended before it was held:\n%s", stderr.Bytes())
	}
	killed := filepath.Join(runs, "killed")
	scratchFiles := func(d string) int {
		names, _ := filepath.Glob(filepath.Join(d, "*"))
		return len(names)
	}
	if scratchFiles(killed) == 0 {
		t.Fatalf("the child holds no scratch files in %s", killed)
	}

	// A run started while the child is alive, held before it writes: it
	// must leave the child's scratch.
	liveHeld := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	pipeline.SetBeforeMark(func(_ string, shards int) {
		if shards == 3 {
			once.Do(func() { close(liveHeld) })
			<-release
		}
	})
	defer pipeline.SetBeforeMark(nil)
	live := make(chan error, 1)
	go func() {
		_, err := pipeline.Run(context.Background(), pipeline.Config{Inputs: []string{input}, Output: out, Shards: 3, RunID: "live"}, prism.Execute)
		live <- err
	}()
	select {
	case <-liveHeld:
	case err := <-live:
		t.Fatalf("the live run ended before writing: %v", err)
	}
	if scratchFiles(killed) == 0 {
		t.Fatal("a run removed the scratch of a run alive beside it")
	}

	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	if scratchFiles(killed) == 0 {
		t.Fatal("the killed run's scratch is gone before the next run")
	}

	// The next run removes the killed run's scratch, not the live one's.
	runPrism(t, pipeline.Config{Inputs: []string{input}, Output: out, Shards: 2})
	if _, err := os.Stat(killed); !os.IsNotExist(err) {
		t.Errorf("the killed run's scratch is left after the next run: %v", err)
	}
	if _, err := os.Stat(killed + ".lock"); !os.IsNotExist(err) {
		t.Errorf("the killed run's lock file is left after the next run: %v", err)
	}
	if scratchFiles(filepath.Join(runs, "live")) == 0 {
		t.Error("the next run removed the scratch of the live run")
	}

	close(release)
	if err := <-live; err != nil {
		t.Fatalf("the live run: %v", err)
	}
	for _, shards := range []int{2, 3} {
		glob := fmt.Sprintf("%s/articles-*-of-%05d.jsonl", out, shards)
		if n := len(readLines(t, glob)); n != c.articles {
			t.Errorf("%d shards: %d article lines, want %d", shards, n, c.articles)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(runs, "*")); len(left) > 0 {
		t.Errorf("scratch left after the runs: %q", left)
	}
}

// TestRunIDNamesOneDirectory checks that Run refuses a run ID that is not
// the name of one directory (its scratch, which runs remove whole, would
// be elsewhere or the runs directory itself), before it runs anything,
// and that a sweep leaves alone a lock file whose name gives such an ID.
func TestRunIDNamesOneDirectory(t *testing.T) {
	out := t.TempDir()
	ran := false
	never := func(context.Context, *beam.Pipeline) (beam.PipelineResult, error) {
		ran = true
		return nil, fmt.Errorf("not run")
	}
	for _, id := range []string{".", "..", "a/b", "../x", `a\b`} {
		_, err := pipeline.Run(context.Background(), pipeline.Config{Inputs: []string{"in.warc"}, Output: out, RunID: id}, never)
		if err == nil || !strings.Contains(err.Error(), "not the name of one directory") {
			t.Errorf("RunID %q: err = %v, want a refusal", id, err)
		}
	}
	if ran {
		t.Error("a run with a bad ID ran")
	}

	// A lock file "..lock" (run ID ".") is not swept: removing its
	// "scratch" would remove every run's.
	runs := filepath.Join(out, ".newslooks-runs")
	live := filepath.Join(runs, "live")
	if err := os.MkdirAll(live, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(runs, "..lock"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, _ = pipeline.Run(context.Background(), pipeline.Config{Inputs: []string{"in.warc"}, Output: out}, never)
	if _, err := os.Stat(live); err != nil {
		t.Errorf("the sweep removed another run's scratch: %v", err)
	}
}
