package pipeline

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local paths
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
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
	// ChunkBytes is about how much of a web archive one worker reads and
	// parses as one element; 0 means 8 MiB.
	ChunkBytes int64
	// RunID names the run's scratch directory,
	// OUTPUT/.newslooks-runs/RUNID, where the parse stage writes the
	// articles' JSON and signatures until the output is written and the
	// directory removed. "" means a new random ID, so that runs writing to
	// one output directory at once never touch each other's files; Run
	// refuses one that is not the name of a single directory.
	RunID string
}

// Build adds the whole pipeline to s:
//
//	glob ─ MatchFiles ─ ReadMatches ─ plan ─ chunks ─ Reshuffle ─ read and parse ─┬─ items
//	                                                                              └─ failures ─ shard ─ write failures-*.jsonl
//	items ─ split ─┬─ (shard, Line: id, JSON) ─ spill ─ (shard, run file name) ─────────────────────────────────── runs
//	               ├─ (shard, Entry) ─ spill ─ (shard, entry file name) ─ GBK ─ exact ─┬─ (shard, band key + id hash) ─ spill ─ (shard, band file name) ─ GBK ─ shared
//	               │                                                                    └─ (0, edge) ─ spill ─ (0, edge file name)
//	               └─ (shard, id hash + Meta + signature) ─ spill ─ (shard, signature file name)
//	shared ─ (shard, group key + id hash) ─ spill ─ (shard, group file name)
//	group + signature file names ─ CoGBK by shard ─ join ─ (shard, group key + signature record) ─ spill ─ (shard, candidate file name) ─ GBK ─ near ─ (0, edge) ─ spill ─ (0, edge file name)
//	edge file names ─ one key ─ GBK ─ resolve (chains to their root) ─ (shard, id + duplicate_of) ─ spill ─ (shard, ref file name)
//	run + ref file names ─ CoGBK by shard ─ merge, mark and write articles-*.jsonl ─ one key ─ GBK ─ clean up the run files
//
// Nothing per article goes through the runner, which holds a grouping's
// whole input (Prism in memory, a cluster runner in its shuffle): chunks
// of the input files rather than their pages, and file names rather than
// records, a few per shard and bundle. The articles' JSON, their Entries
// (content hash, metadata, band keys), the band pairs of the earliest
// copies, the groups of shared bands, the signatures, the candidates of
// near-duplicate search, the duplicate edges and the resolved refs are all
// written to files in the run's scratch directory by shard; each step
// after a grouping reads one shard's files and groups them again in
// memory, holding 1/64 of the input's records of that kind (spillShards).
// Only resolveFn holds every edge at once (one per duplicate, to follow
// chains across shards). A signature is read back only for an article
// that shares a band with another, once for each distinct set of articles
// it shares a band with (a copy shares most of its 21 bands with one
// original: one set, not 21 bands).
func Build(s beam.Scope, cfg Config) {
	shards := cfg.Shards
	if shards <= 0 {
		shards = 4
	}
	runs := runsDir(cfg.Output, cmp.Or(cfg.RunID, newRunID()))
	// One transform matches every pattern, so that a listing of thousands
	// of files (ReadInputList) is one step of the graph, not thousands.
	patterns := beam.CreateList(s, slices.Clone(cfg.Inputs))
	matched := fileio.MatchAll(s, patterns, fileio.MatchEmptyDisallow())
	// The web archive reader handles .warc.gz itself, record by record, and
	// the read step un-gzips other inputs it finds gzipped.
	readable := fileio.ReadMatches(s, matched, fileio.ReadUncompressed())
	chunks := beam.Reshuffle(s, beam.ParDo(s.Scope("plan"), &planFn{ChunkBytes: cmp.Or(cfg.ChunkBytes, defaultChunkBytes)}, readable))
	items, failures := beam.ParDo2(s.Scope("read"), &readFn{}, chunks)

	ds := s.Scope("dedup")
	lines, entries, sigs := beam.ParDo3(ds, &splitFn{Shards: shards}, items)
	entryFiles := beam.ParDo(ds.Scope("spill entries"), &spillRecordsFn{Runs: runs, Suffix: ".ent"}, entries)
	sigFiles := beam.ParDo(ds.Scope("spill signatures"), &spillRecordsFn{Runs: runs, Suffix: ".sig"}, sigs)
	bandPairs, exactEdges := beam.ParDo2(ds.Scope("exact"), &exactFn{}, beam.GroupByKey(ds, entryFiles))
	exactEdgeFiles := beam.ParDo(ds.Scope("spill exact edges"), &spillRecordsFn{Runs: runs, Suffix: ".edge"}, exactEdges)
	bandFiles := beam.ParDo(ds.Scope("spill bands"), &spillRecordsFn{Runs: runs, Suffix: ".band"}, bandPairs)
	shared := beam.ParDo(ds.Scope("shared bands"), &sharedBandFn{}, beam.GroupByKey(ds, bandFiles))
	groupFiles := beam.ParDo(ds.Scope("spill groups"), &spillRecordsFn{Runs: runs, Suffix: ".grp"}, shared)
	cands := beam.ParDo(ds.Scope("join signatures"), &candFn{}, beam.CoGroupByKey(ds, groupFiles, sigFiles))
	candFiles := beam.ParDo(ds.Scope("spill candidates"), &spillRecordsFn{Runs: runs, Suffix: ".cand"}, cands)
	nearEdges := beam.ParDo(ds.Scope("near"), &nearFn{}, beam.GroupByKey(ds, candFiles))
	nearEdgeFiles := beam.ParDo(ds.Scope("spill near edges"), &spillRecordsFn{Runs: runs, Suffix: ".edge"}, nearEdges)
	refs := beam.ParDo(ds.Scope("resolve"), &resolveFn{Shards: shards}, beam.GroupByKey(ds, beam.Flatten(ds, exactEdgeFiles, nearEdgeFiles)))
	refFiles := beam.ParDo(ds.Scope("spill refs"), &spillRecordsFn{Runs: runs, Suffix: ".ref"}, refs)
	runFiles := beam.ParDo(ds.Scope("spill lines"), &spillFn{Runs: runs}, lines)
	written := beam.ParDo(s.Scope("write articles"), &markFn{Dir: cfg.Output, Shards: shards}, beam.CoGroupByKey(s, runFiles, refFiles))
	beam.ParDo0(s.Scope("clean up"), &cleanupFn{Runs: runs}, beam.GroupByKey(s, written))

	failLines := beam.ParDo(s, &failureLineFn{Shards: shards}, failures)
	writeShards(s.Scope("write failures"), failLines, cfg.Output, "failures", shards)
}

// ReadInputList reads a listing of inputs, one path, URL or glob a line
// (blank lines and lines starting with # are skipped), from any file system
// the runner links (a local path, gs://…); a listing ending in .gz is
// un-gzipped. Prefix is put before every line that has no scheme: Common
// Crawl's warc.paths.gz lists paths relative to its bucket, so with prefix
// "gs://BUCKET/" (where they were copied) or a local mirror's directory
// the listing gives the pipeline's Inputs as they are.
func ReadInputList(ctx context.Context, listing, prefix string) ([]string, error) {
	fs, err := filesystem.New(ctx, listing)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, listing)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var r io.Reader = rc
	if strings.HasSuffix(listing, ".gz") {
		zr, err := gzip.NewReader(rc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", listing, err)
		}
		defer zr.Close()
		r = zr
	}
	var inputs []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if !strings.Contains(l, "://") {
			l = prefix + l
		}
		inputs = append(inputs, l)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", listing, err)
	}
	if len(inputs) == 0 {
		return nil, fmt.Errorf("%s: lists no input", listing)
	}
	return inputs, nil
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
	return writeShard(ctx, f.Dir, f.Prefix, shard, f.Shards, all)
}

// writeShard writes DIR/PREFIX-SSSSS-of-NNNNN.jsonl: the lines, sorted so
// that a rerun gives the same file.
func writeShard(ctx context.Context, dir, prefix string, shard, shards int, all [][]byte) error {
	slices.SortFunc(all, bytes.Compare)
	w, err := openShard(ctx, dir, prefix, shard, shards)
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

// openShard creates DIR/PREFIX-SSSSS-of-NNNNN.jsonl.
func openShard(ctx context.Context, dir, prefix string, shard, shards int) (io.WriteCloser, error) {
	name := fmt.Sprintf("%s/%s-%05d-of-%05d.jsonl", strings.TrimSuffix(dir, "/"), prefix, shard, shards)
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	return fs.OpenWrite(ctx, name)
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
//
// Where the output is a local directory, Run locks the run's scratch
// directory while the pipeline runs and first removes those of runs into
// the same output that are no longer alive (killed, or failed): see
// scratch.go. The runner must return only once the pipeline has ended.
func Run(ctx context.Context, cfg Config, run Runner) ([]Counter, error) {
	if cfg.RunID != "" {
		if err := checkRunID(cfg.RunID); err != nil {
			return nil, err
		}
	}
	if locks(cfg.Output) {
		cfg.RunID = cmp.Or(cfg.RunID, newRunID())
		l, err := lockRun(cfg.Output, cfg.RunID)
		if err != nil {
			return nil, err
		}
		defer l.release()
		if gone, err := sweepDeadRuns(cfg.Output, cfg.RunID); err != nil {
			log.Warnf(ctx, "removing the scratch of runs no longer alive in %s: %v", cfg.Output, err)
		} else if len(gone) > 0 {
			log.Infof(ctx, "removed the scratch of %d runs no longer alive in %s", len(gone), cfg.Output)
		}
	}
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
