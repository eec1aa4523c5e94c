//go:build linux

package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsingest/newslooks/cmd/newslooks/internal/cli"
)

// smallDisk mounts a tmpfs of size bytes on a new folder and returns it.
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "disk")
	require.NoError(t, os.Mkdir(dir, 0o755))
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+strconv.Itoa(size)); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (needs root or CAP_SYS_ADMIN): %v", err)
	}
	t.Cleanup(func() { _ = syscall.Unmount(dir, 0) })
	return dir
}

// distinctStories writes n text articles that are not near copies of
// each other, and returns their folder.
func distinctStories(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	words := strings.Fields(readFile(t, sampleTxt))
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "Story number %d/ Newslooks/ WASHINGTON/ J. Mansour/ Morning Edition/ A summary of story %d.\n\n", i, i)
		rng := rand.New(rand.NewPCG(uint64(i), 1))
		for _, j := range rng.Perm(len(words))[:300] {
			b.WriteString(words[j])
			b.WriteByte(' ')
		}
		b.WriteString("\n")
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d.txt", i)), []byte(b.String()), 0o644))
	}
	return dir
}

var summaryLine = regexp.MustCompile(`newslooks: (\d+) articles? written, (\d+) inputs? read, (\d+) inputs? failed.*; stored: (\d+) new`)

// TestDiskFullAccounting: ingest into an SQLite store on a disk that
// fills up. Every article counted as written is stored, every other
// input is named with a line that says the disk is full, and the
// summary adds up (it read "397 written" with 16 stored).
func TestDiskFullAccounting(t *testing.T) {
	// A new store takes about a quarter of it (pages of 16 KiB).
	disk := smallDisk(t, 2<<20)
	inputs := distinctStories(t, 400)
	db := filepath.Join(disk, "news.db")
	code, _, errOut := runCmd(t, "", "ingest", "--db", db, inputs)
	assert.NotEqual(t, cli.ExitOK, code)
	m := summaryLine.FindStringSubmatch(errOut)
	require.NotNil(t, m, errOut)
	written, read, failed, stored := atoi(t, m[1]), atoi(t, m[2]), atoi(t, m[3]), atoi(t, m[4])
	t.Logf("%d inputs read: %d written, %d failed", read, written, failed)
	assert.Equal(t, 400, read)
	assert.Positive(t, failed, "the disk filled up")
	assert.Positive(t, written, "the disk filled up midway")
	assert.Equal(t, read, written+failed, "each input is written or failed")
	assert.Equal(t, written, stored, "written means stored")
	lines := regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(inputs)+`/\d{3}\.txt: .*$`).FindAllString(errOut, -1)
	assert.Len(t, lines, failed, "one line per failed input")
	for _, l := range lines {
		assert.Contains(t, l, "not stored: disk full")
	}

	// What the store holds is what the summary said.
	code, out, errOut := runCmd(t, "", "status", "--db", db)
	require.Equal(t, cli.ExitOK, code, errOut)
	assert.Contains(t, out, fmt.Sprintf("articles:         %d ", written))
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}

// A cutProxy forwards TCP connections to a server until limit bytes have
// gone from the clients to it; then it drops every connection and refuses
// new ones, as a server that goes down does.
type cutProxy struct {
	ln    net.Listener
	to    string
	limit int64
	sent  atomic.Int64
	mu    sync.Mutex
	conns []net.Conn
	cut   bool
}

func (p *cutProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.to)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		if p.cut {
			p.mu.Unlock()
			c.Close()
			s.Close()
			continue
		}
		p.conns = append(p.conns, c, s)
		p.mu.Unlock()
		go func() { _, _ = io.Copy(c, s); c.Close() }()
		go func() {
			buf := make([]byte, 32<<10)
			for {
				n, err := c.Read(buf)
				if n > 0 {
					if p.sent.Add(int64(n)) > p.limit {
						p.shut()
						return
					}
					if _, werr := s.Write(buf[:n]); werr != nil {
						return
					}
				}
				if err != nil {
					s.Close()
					return
				}
			}
		}()
	}
}

// shut drops every connection and stops listening.
func (p *cutProxy) shut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cut {
		return
	}
	p.cut = true
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
}

// TestPostgresGoneAccounting: PostgreSQL goes away in the middle of an
// ingest (the connection drops and new ones are refused): every article
// counted as written is stored, every other input is named, and the
// summary adds up, as for a full disk.
func TestPostgresGoneAccounting(t *testing.T) {
	dsn, admin := postgresSchema(t)
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &cutProxy{ln: ln, to: u.Host, limit: 600 << 10}
	go p.serve()
	t.Cleanup(p.shut)
	// Create the schema through the server itself, then ingest through
	// the proxy.
	code, _, errOut := runCmd(t, "", "status", "--db", dsn)
	require.Equal(t, cli.ExitOK, code, errOut)
	u.Host = ln.Addr().String()

	inputs := distinctStories(t, 400)
	code, _, errOut = runCmd(t, "", "ingest", "--db", u.String(), inputs)
	assert.NotEqual(t, cli.ExitOK, code)
	m := summaryLine.FindStringSubmatch(errOut)
	require.NotNil(t, m, errOut)
	written, read, failed, stored := atoi(t, m[1]), atoi(t, m[2]), atoi(t, m[3]), atoi(t, m[4])
	t.Logf("%d inputs read: %d written, %d failed", read, written, failed)
	assert.Equal(t, 400, read)
	assert.Positive(t, failed, "the server went away:\n%s", errOut)
	assert.Equal(t, read, written+failed, "each input is written or failed")
	assert.Equal(t, written, stored, "written means stored")
	lines := regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(inputs)+`/\d{3}\.txt: .*$`).FindAllString(errOut, -1)
	assert.Len(t, lines, failed, "one line per failed input")

	var n int
	require.NoError(t, admin.QueryRow(`SELECT count(*) FROM `+u.Query().Get("search_path")+`.articles`).Scan(&n))
	assert.Equal(t, written, n, "the store holds what the summary says")
}
