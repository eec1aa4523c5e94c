package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/dedup"
	"github.com/newsingest/newslooks/source"
)

// The counters; Run prints them. articles + failures + skipped = records_read.
var (
	cRecords  = beam.NewCounter(Namespace, "records_read")
	cArticles = beam.NewCounter(Namespace, "articles")
	cFailures = beam.NewCounter(Namespace, "failures")
	cSkipped  = beam.NewCounter(Namespace, "skipped")
	cExact    = beam.NewCounter(Namespace, "exact_duplicates")
	cNear     = beam.NewCounter(Namespace, "near_duplicates")
	cKept     = beam.NewCounter(Namespace, "unique_articles")
)

// Namespace is the namespace of the pipeline's counters.
const Namespace = "newslooks"

func init() {
	beam.RegisterType(beamType[Page]())
	beam.RegisterType(beamType[Meta]())
	beam.RegisterType(beamType[Item]())
	beam.RegisterType(beamType[Failure]())
	beam.RegisterType(beamType[Edge]())

	register.DoFn5x1[context.Context, fileio.ReadableFile, func(Page), func(Item), func(Failure), error](&readFn{})
	register.DoFn4x0[context.Context, Page, func(Item), func(Failure)](&parseFn{})
	register.DoFn5x0[context.Context, string, func(*Item) bool, func(Item), func(Edge)](&exactFn{})
	register.Function1x2[Item, string, Item](hashKey)
	register.DoFn4x0[context.Context, uint64, func(*Item) bool, func(Edge)](&nearFn{})
	register.DoFn4x0[context.Context, int, func(*Edge) bool, func(string, string)](&resolveFn{})
	register.DoFn5x0[context.Context, string, func(*Item) bool, func(*string) bool, func(int, []byte)](&markFn{})
	register.Function2x0[Item, func(uint64, Item)](bandKeys)
	register.Function1x2[Item, string, Item](keyByID)
	register.Function1x2[Edge, int, Edge](oneKey)
	register.DoFn2x1[Failure, func(int, []byte), error](&failureLineFn{})
	register.DoFn3x1[context.Context, int, func(*[]byte) bool, error](&writeShardFn{})

	register.Emitter1[Page]()
	register.Emitter1[Item]()
	register.Emitter1[Failure]()
	register.Emitter1[Edge]()
	register.Emitter2[uint64, Item]()
	register.Emitter2[string, string]()
	register.Emitter2[int, []byte]()
	register.Iter1[Item]()
	register.Iter1[Edge]()
	register.Iter1[string]()
	register.Iter1[[]byte]()
}

// readFn reads one input file through package source, as the command
// reads its inputs. A web archive gives one Page per HTML record, a count
// for each other record and a Failure for each corrupt stretch; JSONL and
// Newslooks text give Items (parsing them is cheap and sequential by
// nature). The expensive page parsing happens in parseFn, after a
// reshuffle spreads the pages over the workers.
type readFn struct{}

func (f *readFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emitPage func(Page), emitItem func(Item), emitFail func(Failure)) error {
	path := file.Metadata.Path
	fail := func(err error) {
		cRecords.Inc(ctx, 1)
		cFailures.Inc(ctx, 1)
		emitFail(Failure{Source: path, Reason: err.Error()})
	}
	rc, err := file.Open(ctx)
	if err != nil {
		fail(err)
		return nil
	}
	defer rc.Close()
	rd := *reader
	rd.Skipped = func(s source.Skip) {
		cRecords.Inc(ctx, 1)
		cSkipped.Inc(ctx, 1)
		beam.NewCounter(Namespace, "skipped_"+string(s.Reason)).Inc(ctx, 1)
	}
	for rec, err := range rd.Records(ctx, source.FromReader(path, rc)) {
		cRecords.Inc(ctx, 1)
		switch {
		case err != nil:
			cRecords.Inc(ctx, -1)
			fail(err)
		case rec.Article != nil:
			it, err := rd.Parse(rec) // sets the article's Source
			if err != nil {
				cRecords.Inc(ctx, -1)
				fail(err)
				continue
			}
			emitArticle(ctx, it.Article, fmt.Sprintf("%s#%d", path, rec.Index), emitItem, func(err error) {
				cRecords.Inc(ctx, -1)
				fail(err)
			})
		default:
			p := Page{Input: path, Offset: rec.Offset, Source: cmp.Or(rec.PageURL, path), ContentType: rec.ContentType, Body: rec.Body}
			if !rec.Fetched.IsZero() {
				t, _ := rec.Fetched.MarshalText()
				p.Fetched = string(t)
			}
			emitPage(p)
		}
	}
	return nil
}

// reader reads the inputs and parses the pages, with the default options.
var reader = new(source.Reader)

// parseFn parses one page through package source, as `newslooks parse`
// does: a web archive's record gets its address as Source and its
// WARC-Date as Fetched.
type parseFn struct{}

func (f *parseFn) ProcessElement(ctx context.Context, p Page, emitItem func(Item), emitFail func(Failure)) {
	fail := func(err error) {
		cFailures.Inc(ctx, 1)
		emitFail(Failure{Source: p.Source, Reason: err.Error()})
	}
	rec := source.Record{Source: p.Input, Offset: p.Offset, ContentType: p.ContentType, Body: p.Body}
	if p.Offset >= 0 {
		rec.PageURL = p.Source // a local HTML file has no address
	}
	if p.Fetched != "" {
		_ = rec.Fetched.UnmarshalText([]byte(p.Fetched))
	}
	it, err := reader.Parse(rec)
	if err != nil {
		fail(err)
		return
	}
	emitArticle(ctx, it.Article, fmt.Sprintf("%s@%d", p.Input, max(p.Offset, 0)), emitItem, fail)
}

// emitArticle makes the Item of a parsed article and counts it.
func emitArticle(ctx context.Context, a *newslooks.Article, id string, emitItem func(Item), fail func(error)) {
	js, err := ArticleJSON(a)
	if err != nil {
		fail(err)
		return
	}
	m := Meta{ID: id, Source: a.Source, Ref: a.Source}
	if c, err := dedup.CanonicalURL(a.Source); err == nil {
		m.Ref = c
	}
	m.PublishedNs, m.HasPublished = unixNano(a.Published)
	m.FetchedNs, m.HasFetched = unixNano(a.Fetched)
	it := Item{Meta: m, Hash: dedup.ContentHash(a), JSON: js}
	if sig := dedup.Fingerprint(a.Text()); !sig.Empty() {
		it.Sig, _ = sig.MarshalBinary()
	}
	cArticles.Inc(ctx, 1)
	emitItem(it)
}

// exactFn gets the articles of one content hash: the earliest goes on to
// near-duplicate search and every other one is its exact duplicate.
type exactFn struct{}

func (f *exactFn) ProcessElement(ctx context.Context, _ string, items func(*Item) bool, emitItem func(Item), emitEdge func(Edge)) {
	var first Item
	var rest []Meta
	var it Item
	n := 0
	for items(&it) {
		switch {
		case n == 0:
			first = it
		case Earlier(it.Meta, first.Meta):
			rest = append(rest, first.Meta)
			first = it
		default:
			rest = append(rest, it.Meta)
		}
		n++
	}
	emitItem(first)
	for _, m := range rest {
		emitEdge(Edge{ID: m.ID, Of: first.Meta, Exact: true})
	}
}

// hashKey keys an article by its content hash; one with no body text is
// a group of its own.
func hashKey(it Item) (string, Item) {
	if it.Hash == "" {
		return "id:" + it.Meta.ID, it
	}
	return it.Hash, it
}

// bandKeys keys an article by each of its LSH band keys.
func bandKeys(it Item, emit func(uint64, Item)) {
	var sig dedup.Sig
	if sig.UnmarshalBinary(it.Sig) != nil || sig.Empty() {
		return
	}
	it.JSON = nil // not needed to compare
	for _, k := range sig.Bands() {
		emit(k, it)
	}
}

// nearFn gets the articles that share one band key, confirms candidates
// with dedup.Similar and says, for each article, which earlier one it
// copies: the earliest similar one in the band.
type nearFn struct{}

func (f *nearFn) ProcessElement(ctx context.Context, _ uint64, items func(*Item) bool, emit func(Edge)) {
	type cand struct {
		m   Meta
		sig dedup.Sig
	}
	var all []cand
	var it Item
	for items(&it) {
		var c cand
		if c.sig.UnmarshalBinary(it.Sig) == nil {
			c.m = it.Meta
			all = append(all, c)
		}
	}
	if len(all) < 2 {
		return
	}
	slices.SortFunc(all, func(a, b cand) int { return compareMeta(a.m, b.m) })
	for i := 1; i < len(all); i++ {
		for j := range i {
			if dedup.Similar(all[j].sig, all[i].sig) {
				emit(Edge{ID: all[i].m.ID, Of: all[j].m})
				break
			}
		}
	}
}

func oneKey(e Edge) (int, Edge) { return 0, e }

// resolveFn gets every duplicate edge (one per exact duplicate, one or more
// per near duplicate: one per band it met an earlier copy in) and points
// each duplicate at the root of its chain: B copies A and C copies B makes
// both point at A, so that a story syndicated to many sites keeps one
// article. Only the duplicates pass here, a small part of the input.
type resolveFn struct{}

func (f *resolveFn) ProcessElement(ctx context.Context, _ int, edges func(*Edge) bool, emit func(string, string)) {
	best := map[string]Edge{}
	var e Edge
	for edges(&e) {
		if b, ok := best[e.ID]; !ok || Earlier(e.Of, b.Of) {
			best[e.ID] = e
		}
	}
	ids := make([]string, 0, len(best))
	for id := range best {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		e := best[id]
		root := e.Of
		seen := map[string]bool{id: true}
		for {
			next, ok := best[root.ID]
			if !ok || seen[root.ID] {
				break
			}
			seen[root.ID] = true
			root = next.Of
		}
		if e.Exact {
			cExact.Inc(ctx, 1)
		} else {
			cNear.Inc(ctx, 1)
		}
		emit(id, root.Ref)
	}
}

func keyByID(it Item) (string, Item) { return it.Meta.ID, it }

// markFn joins an article with its resolved duplicate_of, if any, and
// gives its output line keyed by shard.
type markFn struct{ Shards int }

func (f *markFn) ProcessElement(ctx context.Context, id string, items func(*Item) bool, refs func(*string) bool, emit func(int, []byte)) {
	var ref, r string
	for refs(&r) {
		ref = r
	}
	var it Item
	for items(&it) {
		line := it.JSON
		if ref != "" {
			line = WithDuplicateOf(line, ref)
		} else {
			cKept.Inc(ctx, 1)
		}
		emit(shardOf(id, f.Shards), line)
	}
}

func shardOf(key string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(max(n, 1)))
}

type failureLineFn struct{ Shards int }

func (f *failureLineFn) ProcessElement(fl Failure, emit func(int, []byte)) error {
	b, err := jsonMarshal(fl)
	if err != nil {
		return err
	}
	emit(shardOf(fl.Source+"\x00"+fl.Reason, f.Shards), b)
	return nil
}
