package warc_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/newsingest/newslooks/warc"
)

// FuzzRecords feeds arbitrary bytes to the Reader: it must not panic, must
// move forward with every value it yields, and must stop. The seeds are in
// testdata/fuzz/FuzzRecords (written by TestGenerateFixtures -update).
//
//	go test -run XXX -fuzz FuzzRecords -fuzztime 5m -fuzzminimizetime 5s ./warc
//
// With the default minimize time (60s) the exec count stands still for a
// minute each time a new input is found: the minimizer's runs are not
// counted. That is not a hang.
func FuzzRecords(f *testing.F) {
	f.Add([]byte("WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := &warc.Options{MaxBodyBytes: 4096, TempDir: t.TempDir()}
		// A whole-file gzip can inflate about 1032 times; every yield
		// covers at least one byte of the input it reads.
		limit := len(data)*1100 + 10
		n := 0
		var last int64 = -1
		var fatal error
		for rec, err := range warc.Records(bytes.NewReader(data), opts) {
			n++
			if fatal != nil {
				t.Fatalf("a value after the error %v", fatal)
			}
			if n > limit {
				t.Fatalf("more than %d values from %d bytes", limit, len(data))
			}
			var ce *warc.CorruptError
			switch {
			case errors.As(err, &ce):
				if ce.Offset <= last || ce.Next <= ce.Offset {
					t.Fatalf("CorruptError goes backwards: offset %d, next %d, last %d", ce.Offset, ce.Next, last)
				}
				last = ce.Offset
			case err != nil:
				// Only a whole-file gzip stream fails this way.
				fatal = err
			case rec == nil:
				t.Fatal("nil record and nil error")
			default:
				if rec.Offset <= last || rec.Size <= 0 {
					t.Fatalf("record goes backwards: offset %d size %d, last %d", rec.Offset, rec.Size, last)
				}
				last = rec.Offset
				if rec.Kind == warc.HTMLPage {
					if int64(len(rec.Body)) > opts.MaxBodyBytes {
						t.Fatalf("body of %d bytes over the limit", len(rec.Body))
					}
				} else if rec.Skip == "" {
					t.Fatalf("skipped record without a reason: %+v", rec)
				}
			}
		}
	})
}
