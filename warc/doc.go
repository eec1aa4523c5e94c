// Package warc reads web archive (WARC) files as a stream of web pages.
//
// It reads WARC/1.0 and WARC/1.1 data, plain (.warc), compressed one gzip
// member per record (.warc.gz, the usual form), or gzipped as a whole. Each
// record comes out as a *Record of one of two kinds:
//
//   - HTMLPage: a response record holding an HTTP 200 response whose body is
//     HTML (Content-Type text/html or application/xhtml+xml, or sniffed as
//     HTML when the header is missing). Record.Body is the page,
//     Record.TargetURI its address and Record.Date the time it was fetched.
//   - Skipped: every other record, with Record.Skip saying why (a
//     SkipReason: not-response, not-http, redirect, status, not-html,
//     too-large, encoding) and Record.Detail the particulars. Nothing is
//     dropped silently.
//
// Input that is not a readable record (a record cut short, a gzip member
// that does not inflate, stray bytes between records) is reported as one
// *CorruptError naming its byte offset, and reading goes on with the next
// record. Counts tallies all of it for a summary:
//
//	var counts warc.Counts
//	for rec, err := range warc.Records(f, nil) {
//		counts.Add(rec, err)
//		var corrupt *warc.CorruptError
//		switch {
//		case errors.As(err, &corrupt):
//			log.Print(err) // reading goes on
//		case err != nil:
//			return err // the input failed to read
//		case rec.Kind == warc.HTMLPage:
//			// p is a *page.Parser
//			article, err := p.ParseResponse(bytes.NewReader(rec.Body), rec.TargetURI, rec.ContentType)
//			...
//		}
//	}
//	log.Print(counts.String())
//
// Reader is the same in the shape of bufio.Scanner, with Next.
//
// # Bodies
//
// Body is the HTTP payload with a chunked Transfer-Encoding removed and a
// gzip, x-gzip or deflate Content-Encoding decoded; it is left in the
// character set it was served in, which page.Parser.ParseResponse decodes
// using the Content-Type header, as it decodes every page (Header keeps
// every header, Transfer-Encoding included). Package source reads web
// archives this way, with every other input. A body stored already decoded under its original
// Content-Encoding or Transfer-Encoding header is kept as stored, with an
// entry in Record.Warnings. Other encodings (br, zstd) make the record Skipped with
// SkipEncoding.
//
// # Memory
//
// Memory stays flat however large the file: records are read one at a time
// and let go, and a Body is copied out only for a page. Options.MaxBodyBytes
// (16 MiB by default) bounds a body both as stored and once decoded; a larger
// one makes its record Skipped with SkipTooLarge. gowarc keeps each record block in
// memory up to MaxBodyBytes plus 1 MiB and spools a larger block to a
// temporary file in Options.TempDir while it reads past it. Besides that the
// Reader holds a 256 KiB input buffer and up to 8 MiB of input history (see
// below).
//
// # Offsets and recovery
//
// Record.Offset is the byte offset of the record in the input: of its gzip
// member in a .warc.gz, of its "WARC/1." line in a plain file, so it can be
// used as an index into the file. For a file gzipped as a whole it is the
// offset in the decompressed stream, and a corrupt block in such a file ends
// the reading, since gzip has no way to find the next block. Such a file is
// told from a record-compressed one by its first gzip member holding more
// than one record. When its first record does not fit in the first 256 KiB
// of the file this cannot be seen: the first record is read, then a
// CorruptError says that the rest of its gzip member (the whole file) was
// not, since a member much larger than its one record is taken for one that
// held more.
//
// After a corrupt record the Reader looks for the next record start from the
// byte after the corrupt record's first byte: a gzip member whose data
// inflates to "WARC/1." in a record-compressed file, a line starting
// "WARC/1." in a plain one. To go back there it keeps the input read since
// the record's start, or at least the last 4 MiB of it (at most 8 MiB): an
// inflater reading a cut gzip member runs on into the members after it, and
// a plain record whose Content-Length is too large runs into the records
// after it, and going back saves those records. When the corrupt record is
// larger than that, the search starts 4 MiB before the point where reading
// stopped. In a plain file the text of a corrupt record's body may hold
// "WARC/1." and so yield a second CorruptError.
//
// # The WARC library
//
// Parsing is done by github.com/nlnwa/gowarc/v3 (National Library of
// Norway), chosen over github.com/internetarchive/gowarc:
//
//   - Streaming: its Unmarshaler reads one record at a time from a
//     bufio.Reader, plain or gzip member, and reports validation problems as
//     values beside the record, so this package can tell a digest mismatch
//     (a Warning) from a record cut short (a CorruptError). The Internet
//     Archive reader stops at the first error and has no way to resume.
//   - Weight: in this module it adds 5 modules (gowarc, klauspost/compress,
//     google/uuid, nlnwa/whatwg-url, bits-and-blooms/bitset); a program
//     that reads with it compiles 21 non-standard packages. A program that
//     reads with internetarchive/gowarc compiles 76: that module is mostly
//     an archiving HTTP client and brings uTLS, miekg/dns, brotli, zstd, xz,
//     blake3 and an LRU cache. (In a bare module, go list -m all: 22 against
//     38 modules; go mod graph: 148 against 93 edges, nlnwa's longer from
//     old x/net and x/text versions that resolve to the ones newslooks
//     already has.)
//   - Maintenance: both are maintained (nlnwa v3.1.0, March 2026;
//     internetarchive v0.8.96, November 2025, not listed by the module
//     proxy's version list).
//   - Writing: gowarc builds and marshals records (NewRecordBuilder,
//     NewMarshaler), which the tests use to write their WARC files.
//
// gowarc is used with its defaults (validation findings as warnings) and
// this package adds what it lacks for a crawl-sized stream: the body limit,
// the raw value of a WARC field that gowarc's validation rejects and blanks
// (a WARC/1.0 target URI in angle brackets, one with a space: the Reader
// takes it from the record's raw header and keeps the warning),
// the resynchronisation after a corrupt record described above (its own
// forward scan for "WARC/" or a gzip magic is byte by byte and trusts any
// 0x1f 0x8b), the detection of whole-file gzip, a CorruptError for a gzip
// member that held more than the one record gowarc reads from it (gowarc
// drains the rest unseen), and HTTP body decoding.
package warc
