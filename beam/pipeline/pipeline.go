package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local paths
)

// Config is what one run reads and writes.
type Config struct {
	// Inputs are glob patterns, each matched by the runner's file system
	// (local paths; gs:// and s3:// where those file systems are linked).
	Inputs []string
	// Output is the directory that receives articles-*.jsonl and
	// failures-*.jsonl. It must exist on local file systems.
	Output string
	// Shards is the number of files of each kind; 0 means 4.
	Shards int
}

// Build adds the whole pipeline to s:
//
//	glob ─ MatchFiles ─ ReadMatches ─ read ─┬─ pages ─ Reshuffle ─ parse ─┬─ items
//	                                        ├─ items (JSONL, text) ───────┤
//	                                        └─ failures ──────────────────┼─ failures ─ shard ─ write failures-*.jsonl
//	items ─ key by ContentHash ─ GBK ─ exact ─┬─ earliest of each hash ─ key by LSH bands ─ GBK ─ near ─ edges
//	                                          └─ edges (exact duplicates)
//	edges ─ one key ─ GBK ─ resolve (chains to their root) ─ (id, duplicate_of)
//	items by id + (id, duplicate_of) ─ CoGBK ─ mark ─ shard ─ GBK ─ write articles-*.jsonl
func Build(s beam.Scope, cfg Config) {
	shards := cfg.Shards
	if shards <= 0 {
		shards = 4
	}
	var files []beam.PCollection
	for _, in := range cfg.Inputs {
		files = append(files, fileio.MatchFiles(s, in, fileio.MatchEmptyDisallow()))
	}
	matched := beam.Flatten(s, files...)
	// The web archive reader handles .warc.gz itself, record by record, and
	// the read step un-gzips other inputs it finds gzipped.
	readable := fileio.ReadMatches(s, matched, fileio.ReadUncompressed())
	pages, textItems, readFails := beam.ParDo3(s.Scope("read"), &readFn{}, readable)
	pages = beam.Reshuffle(s, pages)
	pageItems, parseFails := beam.ParDo2(s.Scope("parse"), &parseFn{}, pages)
	items := beam.Flatten(s, textItems, pageItems)
	failures := beam.Flatten(s, readFails, parseFails)

	ds := s.Scope("dedup")
	byHash := beam.GroupByKey(ds, beam.ParDo(ds, hashKey, items))
	firsts, exactEdges := beam.ParDo2(ds.Scope("exact"), &exactFn{}, byHash)
	byBand := beam.GroupByKey(ds, beam.ParDo(ds, bandKeys, firsts))
	nearEdges := beam.ParDo(ds.Scope("near"), &nearFn{}, byBand)
	edges := beam.GroupByKey(ds, beam.ParDo(ds, oneKey, beam.Flatten(ds, exactEdges, nearEdges)))
	refs := beam.ParDo(ds.Scope("resolve"), &resolveFn{}, edges)
	joined := beam.CoGroupByKey(ds, beam.ParDo(ds, keyByID, items), refs)
	lines := beam.ParDo(s.Scope("mark"), &markFn{Shards: shards}, joined)

	writeShards(s.Scope("write articles"), lines, cfg.Output, "articles", shards)
	failLines := beam.ParDo(s, &failureLineFn{Shards: shards}, failures)
	writeShards(s.Scope("write failures"), failLines, cfg.Output, "failures", shards)
}

func writeShards(s beam.Scope, keyed beam.PCollection, dir, prefix string, shards int) {
	beam.ParDo0(s, &writeShardFn{Dir: dir, Prefix: prefix, Shards: shards}, beam.GroupByKey(s, keyed))
}

// writeShardFn writes one shard's lines, sorted so that a rerun gives the
// same files.
type writeShardFn struct {
	Dir, Prefix string
	Shards      int
}

func (f *writeShardFn) ProcessElement(ctx context.Context, shard int, lines func(*[]byte) bool) error {
	var all [][]byte
	var l []byte
	for lines(&l) {
		all = append(all, l)
	}
	slices.SortFunc(all, func(a, b []byte) int { return strings.Compare(string(a), string(b)) })
	name := fmt.Sprintf("%s/%s-%05d-of-%05d.jsonl", strings.TrimSuffix(f.Dir, "/"), f.Prefix, shard, f.Shards)
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, name)
	if err != nil {
		return err
	}
	for _, l := range all {
		if _, err := w.Write(append(l, '\n')); err != nil {
			w.Close()
			return err
		}
	}
	return w.Close()
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

func beamType[T any]() reflect.Type { return reflect.TypeFor[T]() }

// A Counter is the final value of one of the pipeline's counters.
type Counter struct {
	Name  string
	Value int64
}

// Runner runs a pipeline, as beamx.RunWithMetrics or prism.Execute do.
type Runner func(context.Context, *beam.Pipeline) (beam.PipelineResult, error)

// Run builds the pipeline for cfg, runs it with run and returns its
// counters: the totals first, then skipped records by reason.
func Run(ctx context.Context, cfg Config, run Runner) ([]Counter, error) {
	p, s := beam.NewPipelineWithRoot()
	Build(s, cfg)
	res, err := run(ctx, p)
	if err != nil {
		return nil, err
	}
	vals := map[string]int64{}
	if res != nil {
		for _, c := range res.Metrics().AllMetrics().Counters() {
			if c.Key.Namespace == Namespace {
				vals[c.Key.Name] += c.Result()
			}
		}
	}
	var out []Counter
	for _, n := range []string{"records_read", "articles", "failures", "skipped", "unique_articles", "exact_duplicates", "near_duplicates"} {
		out = append(out, Counter{n, vals[n]})
		delete(vals, n)
	}
	var rest []string
	for n := range vals {
		rest = append(rest, n)
	}
	slices.Sort(rest)
	for _, n := range rest {
		out = append(out, Counter{n, vals[n]})
	}
	return out, nil
}
