// Command pipeline runs the newslooks Apache Beam pipeline: it parses web
// archives (.warc, .warc.gz), JSONL of articles and Newslooks text dumps
// matched by --input, deduplicates the articles across the whole input and
// writes DIR/articles-*.jsonl and DIR/failures-*.jsonl.
//
//	go run ./cmd/pipeline --input 'crawl/*.warc.gz' --output out
//
// It runs on Prism, Beam's local runner, in this process unless --runner
// names another; see README.md for Dataflow, Flink and Spark.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs" // gs:// inputs and output, for Dataflow
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/newsingest/newslooks/beam/pipeline"
)

var (
	inputs patterns
	output = flag.String("output", "", "directory for articles-*.jsonl and failures-*.jsonl (required)")
	shards = flag.Int("shards", 4, "number of files of each kind")
	lists  patterns
	prefix = flag.String("input_prefix", "", "put before each line of an --input_list that has no scheme (gs://BUCKET/, a local mirror's directory/)")
)

func init() {
	flag.Var(&inputs, "input", "glob of input files: .warc, .warc.gz, .jsonl, .txt (repeat the flag, or separate with commas)")
	flag.Var(&lists, "input_list", "file listing inputs, one a line (.gz un-gzipped), such as Common Crawl's warc.paths.gz (repeatable)")
}

type patterns []string

func (p *patterns) String() string { return strings.Join(*p, ",") }
func (p *patterns) Set(v string) error {
	for s := range strings.SplitSeq(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*p = append(*p, s)
		}
	}
	return nil
}

func main() {
	flag.Parse()
	beam.Init()
	ctx := context.Background()
	for _, l := range lists {
		more, err := pipeline.ReadInputList(ctx, l, *prefix)
		if err != nil {
			fmt.Fprintf(os.Stderr, "pipeline: --input_list: %v\n", err)
			os.Exit(2)
		}
		inputs = append(inputs, more...)
	}
	if len(inputs) == 0 || *output == "" {
		fmt.Fprintln(os.Stderr, "usage: pipeline --input 'GLOB' | --input_list FILE --output DIR [--runner prism] [beam flags]")
		os.Exit(2)
	}
	counters, err := pipeline.Run(ctx, pipeline.Config{Inputs: inputs, Output: *output, Shards: *shards}, beamx.RunWithMetrics)
	if err != nil {
		log.Exitf(ctx, "pipeline failed: %v", err)
	}
	for _, c := range counters {
		fmt.Printf("%-20s %d\n", c.Name, c.Value)
	}
}
