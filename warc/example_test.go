package warc_test

import (
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/newsingest/newslooks/warc"
)

// Read a record-compressed WARC file: print each page and why every other
// record was skipped, then the summary.
func Example() {
	f, err := os.Open("testdata/mixed.warc.gz")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	var counts warc.Counts
	for rec, err := range warc.Records(f, nil) {
		counts.Add(rec, err)
		var corrupt *warc.CorruptError
		switch {
		case errors.As(err, &corrupt):
			fmt.Println("corrupt at offset", corrupt.Offset) // reading goes on
		case err != nil:
			log.Fatal(err) // the file could not be read
		case rec.Kind == warc.HTMLPage:
			// A caller would parse the page here, e.g. with
			// newslooks.ParseHTML(bytes.NewReader(rec.Body), rec.TargetURI),
			// and take rec.Date as the time it was fetched.
			fmt.Printf("page %s %s (%d bytes)\n", rec.TargetURI, rec.Date.Format("2006-01-02T15:04:05"), len(rec.Body))
		default:
			fmt.Printf("skip %s: %s\n", rec.Skip, rec.Detail)
		}
	}
	fmt.Println(counts.String())
	// Output:
	// skip not-response: WARC-Type warcinfo
	// skip not-response: WARC-Type request
	// page https://news.example/ 2024-05-17T09:30:02 (130 bytes)
	// skip not-response: WARC-Type metadata
	// page https://news.example/latin1 2024-05-17T09:30:04 (82 bytes)
	// skip not-html: image/png
	// skip status: 404 Not Found
	// skip redirect: 301 Moved Permanently to https://news.example/new
	// skip not-response: WARC-Type revisit
	// corrupt at offset 3040
	// page https://news.example/after-truncated 2024-05-17T09:30:10 (128 bytes)
	// page https://news.example/chunked 2024-05-17T09:30:11 (114 bytes)
	// corrupt at offset 4318
	// page https://news.example/sniffed 2024-05-17T09:30:13 (106 bytes)
	// corrupt at offset 4899
	// skip not-response: WARC-Type resource
	// corrupt at offset 5567
	// page https://news.example/last 2024-05-17T09:30:17 (102 bytes)
	// 18 records: 6 pages, 8 skipped (not-response 5, not-html 1, redirect 1, status 1), 4 corrupt
}
