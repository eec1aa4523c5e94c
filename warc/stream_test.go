package warc_test

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/newsingest/newslooks/warc"
)

var streamMB = flag.Int("warc.streammb", 32, "size in MiB of the stream TestFlatMemory generates (try 3072)")

// streamTemplates returns encoded records to repeat: pages of a few sizes, a
// skipped image, a request, a body over the limit and a corrupt member.
func streamTemplates(tb testing.TB, gzipped bool, bigBody int, corrupt bool) (members [][]byte, kinds []string) {
	add := func(e entry, kind string) {
		data, _ := build(tb, []entry{e}, gzipped)
		members = append(members, data)
		kinds = append(kinds, kind)
	}
	html := []string{"Content-Type: text/html; charset=utf-8"}
	for _, n := range []int{2 << 10, 30 << 10, 200 << 10} {
		add(entry{rec: response("https://news.example/p", "200 OK", html,
			page(prose(n)))}, "page")
	}
	add(entry{rec: response("https://news.example/i.png", "200 OK", []string{"Content-Type: image/png"},
		strings.Repeat("\x89PNG", 10<<10))}, "skip")
	add(entry{rec: rec{typ: 8, uri: "https://news.example/", ctype: "application/http;msgtype=request",
		block: "GET / HTTP/1.1\r\nHost: news.example\r\n\r\n"}}, "skip")
	if bigBody > 0 {
		add(entry{rec: response("https://news.example/huge", "200 OK", html,
			page(strings.Repeat("x", bigBody)))}, "skip")
	}
	if gzipped && corrupt {
		add(entry{rec: response("https://news.example/c", "200 OK", html, page(strings.Repeat("corrupt ", 500))),
			damage: "cutgzip"}, "corrupt")
	}
	return members, kinds
}

// prose returns about n bytes of text made of words in a pseudo-random
// order, which compresses about as well as a real page's text (3 to 4 times).
func prose(n int) string {
	words := strings.Fields("the minister said on tuesday that talks with union leaders would resume " +
		"after markets closed lower amid fears over inflation while officials in three provinces " +
		"reported flooding and the central bank kept its rate unchanged for a fourth month running " +
		"analysts expect growth to slow as exports fall and consumers cut back on spending")
	var b strings.Builder
	x := uint32(2463534242)
	for b.Len() < n {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b.WriteString(words[x%uint32(len(words))])
		if x%11 == 0 {
			b.WriteString(". ")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// generate writes templates round robin to w until size bytes are written,
// and returns how many of each kind it wrote.
func generate(w io.Writer, members [][]byte, kinds []string, size int64) (map[string]int, error) {
	counts := map[string]int{}
	var written int64
	for i := 0; written < size; i++ {
		j := i % len(members)
		n, err := w.Write(members[j])
		written += int64(n)
		if err != nil {
			return counts, err
		}
		counts[kinds[j]]++
	}
	return counts, nil
}

// TestFlatMemory reads a generated record-gzipped stream of -warc.streammb
// MiB through an io.Pipe and checks that the heap stays under a bound far
// below the stream size: every record, the bodies over MaxBodyBytes and the
// corrupt members included, is let go once read.
func TestFlatMemory(t *testing.T) {
	size := int64(*streamMB) << 20
	if testing.Short() || raceEnabled {
		size = 4 << 20
	}
	const maxBody = 1 << 20
	members, kinds := streamTemplates(t, true, 3<<20, true)
	pr, pw := io.Pipe()
	wrote := make(chan map[string]int, 1)
	go func() {
		counts, err := generate(pw, members, kinds, size)
		pw.CloseWithError(err)
		wrote <- counts
	}()

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak, livePeak uint64
	var c warc.Counts
	var bodyBytes int64
	n := 0
	for rec, err := range warc.Records(pr, &warc.Options{MaxBodyBytes: maxBody, TempDir: t.TempDir()}) {
		c.Add(rec, err)
		var ce *warc.CorruptError
		if err != nil && !errors.As(err, &ce) {
			t.Fatal(err)
		}
		if rec != nil {
			bodyBytes += int64(len(rec.Body))
		}
		if n++; n%64 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
		if n%512 == 0 {
			// The live heap: what the Reader holds, whatever the GC's pace.
			runtime.GC()
			runtime.ReadMemStats(&ms)
			livePeak = max(livePeak, ms.HeapAlloc)
		}
	}
	want := <-wrote
	if c.Pages != want["page"] || c.Skipped != want["skip"] || c.Corrupt != want["corrupt"] {
		t.Errorf("read %s; wrote %v", c.String(), want)
	}
	growth := int64(livePeak) - int64(base)
	t.Logf("stream %d MiB, %d records (%s), %d MiB of page bodies; heap: base %.1f MiB, live peak %.1f MiB, in-use peak %.1f MiB",
		size>>20, n, c.String(), bodyBytes>>20, float64(base)/(1<<20), float64(livePeak)/(1<<20), float64(peak)/(1<<20))
	// The bound is set by the largest record (3 MiB, spooled above 2 MiB),
	// the page bodies (under 1 MiB) and the history (up to 8 MiB), not by
	// the stream. The in-use peak also holds garbage not yet collected, which
	// depends on the GC's pace (and so on the load of the machine), and is
	// only logged.
	if limit := int64(32 << 20); growth > limit {
		t.Errorf("live heap grew by %d MiB reading a %d MiB stream, want under %d MiB", growth>>20, size>>20, limit>>20)
	}
}

// BenchmarkRecords reads a generated 2,000-record WARC from memory: pages of
// 2 KiB to 200 KiB, images and requests in turn.
func BenchmarkRecords(b *testing.B) {
	for _, gzipped := range []bool{true, false} {
		name := "warc"
		if gzipped {
			name = "warc.gz"
		}
		b.Run(name, func(b *testing.B) {
			members, kinds := streamTemplates(b, gzipped, 0, false)
			var buf bytes.Buffer
			for i := range 2000 {
				buf.Write(members[i%len(members)])
				_ = kinds
			}
			data := buf.Bytes()
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			records := 0
			for b.Loop() {
				records = 0
				for rec, err := range warc.Records(bytes.NewReader(data), nil) {
					if err != nil || rec == nil {
						b.Fatal(err)
					}
					records++
				}
			}
			if records != 2000 {
				b.Fatalf("read %d records", records)
			}
			b.ReportMetric(float64(records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
			b.ReportMetric(float64(len(data))/(1<<20), "MiB/file")
		})
	}
}
