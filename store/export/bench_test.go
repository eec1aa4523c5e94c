package export_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/store"
	"github.com/newsingest/newslooks/store/export"
)

// genStored returns the i-th of a run of generated stored articles of
// about 6 KB of text each.
func genStored(i int) *store.Stored {
	rng := rand.New(rand.NewPCG(uint64(i), 7))
	word := func() string { return strconv.FormatUint(rng.Uint64()%50000, 36) }
	var paras []string
	for range 8 {
		var b strings.Builder
		for range 120 {
			b.WriteString(word())
			b.WriteByte(' ')
		}
		paras = append(paras, b.String())
	}
	a := &newslooks.Article{Headline: "Story " + word(), URL: fmt.Sprintf("https://news.example/%d", i),
		Byline:    newslooks.Byline{Authors: []string{"A. Writer", "B. Writer"}},
		Tags:      []string{"x", "y"},
		Published: time.Unix(1_700_000_000+int64(i), 0).UTC(),
		Sections:  []newslooks.Section{{Paragraphs: paras}}}
	js, _ := json.Marshal(a)
	now := time.Unix(1_800_000_000, 0).UTC()
	return &store.Stored{ID: int64(i + 1), URL: a.URL, Source: "feed", Headline: a.Headline,
		Published: a.Published, Ingested: now, Updated: now, JSON: js}
}

var heapMetric = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

// BenchmarkExport writes 10,000 and 100,000 generated articles as CSV and
// as Parquet to io.Discard and reports the peak live heap, sampled every
// 1,000 rows, and the process's peak RSS (VmHWM; run one case at a time
// for a clean figure): both stay flat as rows are added, because the
// writers hold one row (CSV) or one row group (Parquet) at a time.
func BenchmarkExport(b *testing.B) {
	for _, c := range []struct {
		format string
		n      int
	}{{"csv", 10_000}, {"csv", 100_000}, {"parquet", 10_000}, {"parquet", 100_000}} {
		format, n := c.format, c.n
		b.Run(fmt.Sprintf("%s/%d", format, n), func(b *testing.B) {
			for b.Loop() {
				var w interface {
					Write(*store.Stored) error
					Close() error
				}
				out := &countingWriter{}
				if format == "csv" {
					w = export.NewCSV(out)
				} else {
					w = export.NewParquet(out)
				}
				runtime.GC()
				var peak uint64
				var size int64
				for i := range n {
					st := genStored(i)
					size += int64(len(st.JSON))
					if err := w.Write(st); err != nil {
						b.Fatal(err)
					}
					if i%1000 == 0 {
						metrics.Read(heapMetric)
						peak = max(peak, heapMetric[0].Value.Uint64())
					}
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(size)
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
				b.ReportMetric(float64(vmHWM())/(1<<20), "peak-RSS-MiB")
				b.ReportMetric(float64(out.n)/float64(n), "out-B/row")
			}
		})
	}
}

// countingWriter discards what is written to it and counts the bytes.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// vmHWM returns the process's peak resident set size in bytes, or 0.
func vmHWM() int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range bytes.Lines(raw) {
		if v, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			kb, _ := strconv.ParseInt(string(bytes.TrimSuffix(bytes.TrimSpace(v), []byte(" kB"))), 10, 64)
			return kb << 10
		}
	}
	return 0
}
