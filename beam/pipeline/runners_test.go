package pipeline_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
)

// TestRunnerFlags runs cmd/pipeline with the flags README.md gives for
// other runners, against Prism:
//
//   - Flink's: --runner flink --endpoint HOST:PORT --environment_type
//     LOOPBACK submits the job through Beam's portable Job API to a job
//     server; here Prism's job server (started in this test, on
//     loopback) stands where Flink's would, so the same submission path,
//     workers in the submitting process, runs the whole pipeline.
//   - Dataflow's: --project, --region, --temp_location and
//     --staging_location are accepted with --runner prism (Dataflow itself
//     needs a Google Cloud project and is not run).
//
// The inputs come from a listing file, as a CC-NEWS warc.paths.gz gives
// them: paths relative to a prefix.
func TestRunnerFlags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and runs it twice")
	}
	buildPipeline(t)
	dir := t.TempDir()
	c := genCorpus(t, dir, 6)
	var listing bytes.Buffer
	listing.WriteString("# CC-NEWS style: paths relative to --input_prefix\n")
	for _, f := range c.files {
		fmt.Fprintln(&listing, filepath.Base(f))
	}
	list := filepath.Join(t.TempDir(), "warc.paths")
	if err := os.WriteFile(list, listing.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := prism.CreateJobServer(ctx, prism.Options{Port: port}); err != nil {
		t.Fatal(err)
	}

	common := []string{"--input_list", list, "--input_prefix", dir + "/", "--shards", "2"}
	for name, flags := range map[string][]string{
		"flink":    {"--runner", "flink", "--endpoint", fmt.Sprintf("127.0.0.1:%d", port), "--environment_type", "LOOPBACK"},
		"dataflow": {"--runner", "prism", "--project", "my-project", "--region", "europe-west1", "--temp_location", t.TempDir(), "--staging_location", t.TempDir()},
	} {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			cmd := exec.Command(pipelineBin, append(append([]string{"--output", out}, common...), flags...)...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v\n%s", err, stderr.Bytes())
			}
			if want := fmt.Sprintf("articles %d\n", c.articles); !strings.Contains(collapse(stdout.String()), want) {
				t.Errorf("output lacks %q:\n%s", want, stdout.Bytes())
			}
			if n := len(readLines(t, out+"/articles-*.jsonl")); n != c.articles {
				t.Errorf("%d article lines, want %d", n, c.articles)
			}
		})
	}
}

// collapse turns runs of spaces into one, as the counters are aligned.
func collapse(s string) string {
	var b strings.Builder
	for l := range strings.Lines(s) {
		b.WriteString(strings.Join(strings.Fields(l), " "))
		b.WriteByte('\n')
	}
	return b.String()
}
