package warc

import (
	"bufio"
	"bytes"
	"compress/flate"
	stdgzip "compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/nlnwa/gowarc/v3"
)

// DefaultMaxBodyBytes is the body limit used when Options.MaxBodyBytes is 0.
const DefaultMaxBodyBytes = 16 << 20

// headRoom is what the in-memory block buffer holds beyond MaxBodyBytes for
// the HTTP status line and header.
const headRoom = 1 << 20

// bufSize is the size of the Reader's input buffer, and so the window in
// which a candidate record start is checked while resynchronising.
const bufSize = 256 << 10

var (
	warcMagic  = []byte("WARC/")
	warc1Magic = []byte("WARC/1.")
)

// Options configure a Reader. The zero value, or a nil *Options, gives the
// defaults.
type Options struct {
	// MaxBodyBytes bounds a page's body, both as stored and once its
	// Content-Encoding is decoded. A larger body makes its record Skipped
	// with SkipTooLarge; the records after it are read as usual. 0 means
	// DefaultMaxBodyBytes (16 MiB).
	MaxBodyBytes int64
	// TempDir is where gowarc spools a record block larger than
	// MaxBodyBytes plus 1 MiB while it reads past it; "" means os.TempDir.
	// Memory use stays the same whatever the size of a record.
	TempDir string
}

// Reader reads the records of a WARC file one at a time, in the shape of
// bufio.Scanner: call Next until it returns io.EOF. A *CorruptError from Next
// is reported once for the bad region and Next can be called again; any
// other error (the input failed to read) ends the reading, and every later
// call returns io.EOF.
//
// A Reader is not safe for use by several goroutines at once.
type Reader struct {
	maxBody int64
	src     *source
	br      *bufio.Reader
	u       gowarc.Unmarshaler
	vgz     *gzip.Reader // inflates candidate record starts while resynchronising

	started   bool
	wholeFile bool
	done      bool
	// gzipMembers and plainRecords say which kind of record start the
	// input has shown; resync then looks for that kind only, since a gzip
	// member with stored (incompressible) data holds its record's text,
	// "WARC/1." included, as it is.
	gzipMembers, plainRecords bool
	// pending is an error to report before the next record.
	pending error
}

// NewReader returns a Reader of the WARC data in r: a .warc file, a .warc.gz
// file with one gzip member per record (the usual form, in which Offset is
// the member's offset), or a .warc.gz gzipped as a whole. opts may be nil.
// The Reader does not close r.
func NewReader(r io.Reader, opts *Options) *Reader {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	ropts := []gowarc.WarcRecordOption{
		// ErrWarn on spec violations also makes gowarc keep the block
		// (in memory up to the limit below, then in a temporary file) so
		// that the payload can be read after Unmarshal has moved past it.
		gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrWarn),
		gowarc.WithBufferMaxMemBytes(o.MaxBodyBytes + headRoom),
	}
	if o.TempDir != "" {
		ropts = append(ropts, gowarc.WithBufferTmpDir(o.TempDir))
	}
	src := newSource(r, defaultRewindBytes)
	return &Reader{
		maxBody: o.MaxBodyBytes,
		src:     src,
		br:      bufio.NewReaderSize(src, bufSize),
		u:       newUnmarshaler(ropts...),
	}
}

// unmarshalerMu serializes the making of gowarc's unmarshalers: gowarc
// calls uuid.EnableRandPool, which writes a global of
// github.com/google/uuid, each time it makes one (no option or other call
// of gowarc's avoids it), so Readers made at once in several goroutines
// would race on it.
var unmarshalerMu sync.Mutex

// newUnmarshaler is gowarc.NewUnmarshaler, one call at a time.
func newUnmarshaler(opts ...gowarc.WarcRecordOption) gowarc.Unmarshaler {
	unmarshalerMu.Lock()
	defer unmarshalerMu.Unlock()
	return gowarc.NewUnmarshaler(opts...)
}

// Records returns an iterator over the records of the WARC data in r, as
// NewReader(r, opts).All does.
func Records(r io.Reader, opts *Options) iter.Seq2[*Record, error] {
	return NewReader(r, opts).All()
}

// All returns an iterator over the records left to read. Each step yields
// either a record and a nil error, or a nil record and an error: a
// *CorruptError, after which the iteration goes on, or another error, which
// is the last value yielded. io.EOF is never yielded.
func (r *Reader) All() iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if !yield(rec, err) {
				return
			}
		}
	}
}

// pos is the offset of the next byte the Reader will parse.
func (r *Reader) pos() int64 { return r.src.off - int64(r.br.Buffered()) }

// Next returns the next record, or a *CorruptError for a region of the input
// that is not a readable record, or io.EOF at the end of the input. See
// Reader for the other errors.
func (r *Reader) Next() (*Record, error) {
	if r.done {
		return nil, io.EOF
	}
	if err := r.pending; err != nil {
		r.pending = nil
		return nil, err
	}
	if !r.started {
		r.start()
	}
	r.skipBlank()
	pos := r.pos()
	r.src.mark(pos)

	head, _ := r.br.Peek(len(warcMagic))
	if len(head) == 0 {
		return nil, r.end(pos)
	}
	isGzip := len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b
	if !isGzip && !bytes.HasPrefix(head, warcMagic) {
		return nil, r.corrupt(pos, errors.New("no WARC record starts here"))
	}
	if !r.gzipMembers && !r.plainRecords {
		r.gzipMembers, r.plainRecords = isGzip, !isGzip
	}

	wrec, _, validation, err := r.u.Unmarshal(r.br)
	if err != nil {
		closeRecord(wrec)
		if r.src.err != nil {
			return nil, r.fail(r.pos(), r.src.err)
		}
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, r.corrupt(pos, err)
	}
	defer closeRecord(wrec)
	end := r.pos()

	var warnings []error
	blanked := false
	for _, v := range validation {
		if cl, ok := errors.AsType[*gowarc.ContentLengthError](v); ok {
			return nil, r.corrupt(pos, fmt.Errorf("record cut short: block has %d of its %d bytes", cl.Actual, cl.Expected))
		}
		if hf, ok := errors.AsType[*gowarc.HeaderFieldError](v); ok && hf.FieldName != "" {
			blanked = true
		}
		warnings = append(warnings, v)
	}
	if !isGzip && !r.wholeFile && r.overruns(pos, end) {
		return nil, r.corrupt(pos, errors.New("record runs into the next record start (its Content-Length is too large or its block was cut short)"))
	}

	rec := &Record{Offset: pos, Size: end - pos, Warnings: warnings}
	if err := r.fill(rec, wrec); err != nil {
		return nil, &CorruptError{Offset: pos, Next: end, Err: err}
	}
	if blanked {
		r.restoreFields(rec, pos, end, isGzip)
	}
	if isGzip && r.memberHeldMore(wrec, end-pos) {
		r.pending = &CorruptError{Offset: pos, Next: end, Err: errors.New(
			"the gzip member held more than this record, and the rest of it was not read " +
				"(a file gzipped as a whole whose first record is over 256 KiB? gunzip it first)")}
	}
	return rec, nil
}

// memberHeldMore reports whether a gzip member of size bytes is too large
// for the one record gowarc read from it: gowarc drops what follows the
// record in the member. Deflate adds at most a few bytes per 64 KiB to
// data it cannot compress; the margin also covers header values that
// gowarc blanked and a gzip header with a file name.
func (r *Reader) memberHeldMore(w gowarc.WarcRecord, size int64) bool {
	n, err := w.WarcHeader().Write(io.Discard)
	if err != nil {
		return false
	}
	cl, _ := w.ContentLength()
	plain := int64(len(w.Version().String())) + 2 + n + 2 + cl + 4
	return size > plain+plain/100+4096
}

// restoreFields takes the WARC fields that gowarc's validation blanked
// (it empties a field whose value it rejects, such as a target URI in angle
// brackets or with spaces) from the record's raw header, which the history
// still holds. The warnings stay.
func (r *Reader) restoreFields(rec *Record, pos, end int64, isGzip bool) {
	raw := r.src.between(pos, min(end, pos+64<<10))
	if raw == nil {
		return
	}
	var rd io.Reader = bytes.NewReader(raw)
	if isGzip {
		if r.vgz == nil {
			zr, err := gzip.NewReader(rd)
			if err != nil {
				return
			}
			r.vgz = zr
		} else if err := r.vgz.Reset(rd); err != nil {
			return
		}
		r.vgz.Multistream(false)
		rd = r.vgz
	}
	tp := textproto.NewReader(bufio.NewReader(io.LimitReader(rd, 64<<10)))
	if _, err := tp.ReadLine(); err != nil {
		return
	}
	h, _ := tp.ReadMIMEHeader()
	if rec.TargetURI == "" {
		rec.TargetURI = trimURI(h.Get(gowarc.WarcTargetURI))
	}
	if rec.ID == "" {
		rec.ID = h.Get(gowarc.WarcRecordID)
	}
	if rec.Type == "" || rec.Type == "unknown" {
		rec.Type = h.Get(gowarc.WarcType)
	}
	if rec.Date.IsZero() {
		if d, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(h.Get(gowarc.WarcDate))); err == nil {
			rec.Date = d
		}
	}
}

func trimURI(s string) string {
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "<"), ">")
}

func closeRecord(w gowarc.WarcRecord) {
	if w != nil {
		_ = w.Close()
	}
}

// start finds out, once, whether the input is gzipped as a whole: its first
// gzip member holds more than one record. Then the Reader reads the
// decompressed stream. The check reads the first member within the input
// buffer; a whole-file gzip whose first record is larger than that is taken
// for a record-compressed file, and memberHeldMore reports after its first
// record that the rest was not read.
func (r *Reader) start() {
	r.started = true
	buf, _ := r.br.Peek(r.br.Size())
	if len(buf) < 2 || buf[0] != 0x1f || buf[1] != 0x8b {
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(buf))
	if err != nil {
		return
	}
	zr.Multistream(false)
	plain := bufio.NewReader(zr)
	u := newUnmarshaler(
		gowarc.WithSpecViolationPolicy(gowarc.ErrIgnore),
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrIgnore),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore),
		gowarc.WithSkipParseBlock(),
	)
	w, _, _, err := u.Unmarshal(plain)
	closeRecord(w)
	if err != nil {
		return
	}
	for {
		b, err := plain.ReadByte()
		if err != nil {
			return // the member ends after one record
		}
		if !isBlank(b) {
			break
		}
	}
	gz, err := gzip.NewReader(r.br)
	if err != nil {
		return
	}
	r.wholeFile = true
	r.src = newSource(gz, defaultRewindBytes)
	r.br = bufio.NewReaderSize(r.src, bufSize)
}

func isBlank(b byte) bool { return b == '\r' || b == '\n' || b == ' ' || b == '\t' }

// skipBlank steps over line ends and spaces between records, which some
// writers add.
func (r *Reader) skipBlank() {
	for {
		b, err := r.br.Peek(1)
		if err != nil || !isBlank(b[0]) {
			return
		}
		_, _ = r.br.Discard(1)
	}
}

// end reports the end of the input, or the error that ended it.
func (r *Reader) end(pos int64) error {
	if r.src.err != nil {
		return r.fail(pos, r.src.err)
	}
	r.done = true
	return io.EOF
}

func (r *Reader) fail(pos int64, err error) error {
	r.done = true
	return fmt.Errorf("warc: reading input at offset %d: %w", pos, err)
}

// corrupt reports a bad region starting at pos and moves to the next record
// start after it, looking from pos+1, or from the oldest byte the history
// holds when pos+1 is older.
func (r *Reader) corrupt(pos int64, err error) error {
	if cur := r.pos(); pos+1 < cur {
		if to := max(pos+1, r.src.histStart); to < cur {
			r.src.rewind(to)
			r.br.Reset(r.src)
		}
	} else if cur <= pos {
		_, _ = r.br.Discard(1)
	}
	if !r.resync() && r.src.err != nil {
		return r.fail(r.pos(), r.src.err)
	}
	return &CorruptError{Offset: pos, Next: r.pos(), Err: err}
}

// resync discards input up to the next place where a record starts: a
// "WARC/1." line in a plain file, or a gzip member whose data inflates to
// one in a record-compressed file (either, before the first record). It stops at
// the end of the input, and then reports false.
func (r *Reader) resync() bool {
	for {
		buf, err := r.br.Peek(r.br.Size())
		if len(buf) == 0 {
			return false
		}
		atEOF := err != nil
		skip := len(buf)
		for i := 0; i < len(buf); i++ {
			if c := buf[i]; !(c == 'W' && !r.gzipMembers) && !(c == 0x1f && !r.plainRecords) {
				continue
			}
			ok, more := r.startsRecord(buf[i:], atEOF)
			if ok {
				_, _ = r.br.Discard(i)
				return true
			}
			if more && i > 0 {
				skip = i // look again with the candidate at the front of a full buffer
				break
			}
		}
		_, _ = r.br.Discard(skip)
		if atEOF && skip == len(buf) {
			return false
		}
	}
}

// startsRecord reports whether b starts with a record start, or that it
// cannot tell without more bytes.
func (r *Reader) startsRecord(b []byte, atEOF bool) (ok, more bool) {
	if b[0] == 'W' {
		if len(b) < len(warc1Magic) {
			return false, !atEOF
		}
		return bytes.HasPrefix(b, warc1Magic), false
	}
	if len(b) < 3 {
		return false, !atEOF
	}
	if b[1] != 0x8b || b[2] != 8 {
		return false, false
	}
	var err error
	if r.vgz == nil {
		r.vgz, err = gzip.NewReader(bytes.NewReader(b))
	} else {
		err = r.vgz.Reset(bytes.NewReader(b))
	}
	if err == nil {
		r.vgz.Multistream(false)
		var out [7]byte
		var n int
		n, err = io.ReadFull(r.vgz, out[:])
		if n == len(out) {
			return bytes.Equal(out[:], warc1Magic), false
		}
	}
	if (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)) && !atEOF && len(b) < r.br.Size() {
		return false, true
	}
	return false, false
}

// overruns reports whether a plain record whose end is not followed by a
// record start (or the end of the input) holds a record start itself: its
// Content-Length was larger than its block, and it took in the start of
// the next record.
func (r *Reader) overruns(pos, end int64) bool {
	next, _ := r.br.Peek(16)
	i := 0
	for i < len(next) && isBlank(next[i]) {
		i++
	}
	next = next[i:]
	if len(next) == 0 || bytes.HasPrefix(next, warcMagic) || (len(next) >= 2 && next[0] == 0x1f && next[1] == 0x8b) {
		return false
	}
	span := r.src.between(pos+1, end)
	return bytes.Contains(span, warc1Magic)
}

// fill sets rec from the parsed record and classifies it.
func (r *Reader) fill(rec *Record, w gowarc.WarcRecord) error {
	h := w.WarcHeader()
	rec.Type = w.Type().String()
	if w.Type() == 0 || rec.Type == "unknown" {
		rec.Type = h.Get(gowarc.WarcType)
	}
	rec.TargetURI = trimURI(h.Get(gowarc.WarcTargetURI))
	rec.ID = h.Get(gowarc.WarcRecordID)
	if d, err := w.Date(); err == nil {
		rec.Date = d
	}

	if w.Type() != gowarc.Response {
		return skip(rec, SkipNotResponse, "WARC-Type "+rec.Type)
	}
	blk, ok := w.Block().(gowarc.HttpResponseBlock)
	if !ok {
		return skip(rec, SkipNotHTTP, "Content-Type "+h.Get(gowarc.ContentType))
	}
	rec.Status = blk.HttpStatusCode()
	if hh := blk.HttpHeader(); hh != nil {
		rec.Header = hh.Clone()
		// net/http moves Transfer-Encoding out of the header it parses;
		// put it back from the stored head, since the body may be chunked.
		if te := transferEncoding(blk.ProtocolHeaderBytes()); len(te) > 0 {
			rec.Header["Transfer-Encoding"] = te
		}
	}
	if rec.Status == 0 || rec.Header == nil {
		return skip(rec, SkipNotHTTP, "HTTP head does not parse: "+strconv.Quote(blk.HttpStatusLine()))
	}
	rec.ContentType = rec.Header.Get("Content-Type")
	status := fmt.Sprintf("%d %s", rec.Status, http.StatusText(rec.Status))
	switch {
	case rec.Status >= 300 && rec.Status < 400:
		return skip(rec, SkipRedirect, status+" to "+rec.Header.Get("Location"))
	case rec.Status != http.StatusOK:
		return skip(rec, SkipStatus, status)
	}
	if rec.ContentType != "" && !isHTML(rec.ContentType) {
		return skip(rec, SkipNotHTML, mediaType(rec.ContentType))
	}

	payload, err := blk.PayloadBytes()
	if err != nil {
		return fmt.Errorf("reading payload: %w", err)
	}
	hint := blk.Size() - int64(len(blk.ProtocolHeaderBytes()))
	if hint > r.maxBody {
		return skip(rec, SkipTooLarge, fmt.Sprintf("body of %d bytes, over %d", hint, r.maxBody))
	}
	body, tooLarge, err := readLimitedHint(payload, r.maxBody, hint)
	if err != nil {
		return fmt.Errorf("reading payload: %w", err)
	}
	if tooLarge {
		return skip(rec, SkipTooLarge, fmt.Sprintf("body over %d bytes", r.maxBody))
	}
	if te := strings.ToLower(rec.Header.Get("Transfer-Encoding")); strings.Contains(te, "chunked") {
		dechunked, big, err := readLimited(httputil.NewChunkedReader(bytes.NewReader(body)), r.maxBody)
		switch {
		case big:
			return skip(rec, SkipTooLarge, fmt.Sprintf("body over %d bytes", r.maxBody))
		case err != nil:
			rec.Warnings = append(rec.Warnings, fmt.Errorf("Transfer-Encoding chunked, but the body is not: %w; kept as stored", err))
		default:
			body = dechunked
		}
	}
	if ce := rec.Header.Get("Content-Encoding"); ce != "" {
		var reason string
		body, reason, err = decodeContent(body, ce, r.maxBody, &rec.Warnings)
		if reason != "" {
			return skip(rec, SkipTooLarge, reason)
		}
		if err != nil {
			return skip(rec, SkipEncoding, err.Error())
		}
	}
	if rec.ContentType == "" {
		rec.ContentType = http.DetectContentType(body)
		if !isHTML(rec.ContentType) {
			return skip(rec, SkipNotHTML, mediaType(rec.ContentType)+" (sniffed)")
		}
	}
	rec.Kind = HTMLPage
	rec.Body = body
	return nil
}

// transferEncoding returns the Transfer-Encoding values of an HTTP head.
func transferEncoding(head []byte) []string {
	tp := textproto.NewReader(bufio.NewReader(bytes.NewReader(head)))
	if _, err := tp.ReadLine(); err != nil {
		return nil
	}
	h, _ := tp.ReadMIMEHeader()
	return h.Values("Transfer-Encoding")
}

func skip(rec *Record, reason SkipReason, detail string) error {
	rec.Kind = Skipped
	rec.Skip = reason
	rec.Detail = detail
	return nil
}

func mediaType(ct string) string {
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

func isHTML(ct string) bool {
	mt := mediaType(ct)
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// readLimited reads r whole if it holds at most limit bytes.
func readLimited(r io.Reader, limit int64) (data []byte, tooLarge bool, err error) {
	return readLimitedHint(r, limit, 0)
}

// readLimitedHint is readLimited for a reader expected to hold hint bytes:
// it reads them into one allocation.
func readLimitedHint(r io.Reader, limit, hint int64) (data []byte, tooLarge bool, err error) {
	if hint <= 0 || hint > limit {
		hint = 512
	}
	buf := make([]byte, 0, hint+1) // one more to see the end without growing
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, rerr := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, true, nil
		}
		if rerr == io.EOF {
			return buf, false, nil
		}
		if rerr != nil {
			return buf, false, rerr
		}
	}
}

// decodeContent undoes the Content-Encoding ce (a list, applied in order).
// A body marked gzip or deflate that is not is kept as it is, with a
// warning: some crawlers store the decoded body under the original header.
func decodeContent(body []byte, ce string, limit int64, warnings *[]error) (out []byte, tooLarge string, err error) {
	codings := strings.Split(strings.ToLower(ce), ",")
	for i := len(codings) - 1; i >= 0; i-- {
		c := strings.TrimSpace(codings[i])
		var zr io.Reader
		switch c {
		case "", "identity":
			continue
		case "gzip", "x-gzip":
			if len(body) < 2 || body[0] != 0x1f || body[1] != 0x8b {
				*warnings = append(*warnings, fmt.Errorf("Content-Encoding %s, but the body is not gzip data; kept as stored", c))
				continue
			}
			gr, gerr := stdgzip.NewReader(bytes.NewReader(body))
			if gerr != nil {
				return nil, "", fmt.Errorf("Content-Encoding %s: %v", c, gerr)
			}
			zr = gr
		case "deflate":
			// RFC 9110 deflate is zlib data; some servers send raw deflate.
			if len(body) >= 2 && body[0]&0x0f == 8 && (uint16(body[0])<<8|uint16(body[1]))%31 == 0 {
				zlr, zerr := zlib.NewReader(bytes.NewReader(body))
				if zerr != nil {
					return nil, "", fmt.Errorf("Content-Encoding deflate: %v", zerr)
				}
				zr = zlr
			} else {
				zr = flate.NewReader(bytes.NewReader(body))
			}
		default:
			return nil, "", fmt.Errorf("Content-Encoding %s is not decoded", c)
		}
		decoded, big, derr := readLimited(zr, limit)
		if big {
			return nil, fmt.Sprintf("body over %d bytes once %s-decoded", limit, c), nil
		}
		if derr != nil {
			return nil, "", fmt.Errorf("Content-Encoding %s: %v", c, derr)
		}
		body = decoded
	}
	return body, "", nil
}
