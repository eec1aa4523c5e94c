package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

const crashArticles = 2000

var crashChild struct {
	once sync.Once
	bin  string
	err  error
	dir  string
}

// crashChildBinary builds internal/crashchild, once per test binary.
func crashChildBinary(t *testing.T) string {
	crashChild.once.Do(func() {
		crashChild.dir, crashChild.err = os.MkdirTemp("", "newslooks-crashchild-")
		if crashChild.err != nil {
			return
		}
		// The go command that runs this test is on PATH.
		gobin, err := exec.LookPath("go")
		if err != nil {
			crashChild.err = fmt.Errorf("the go command is needed to build crashchild: %v", err)
			return
		}
		crashChild.bin = filepath.Join(crashChild.dir, "crashchild")
		out, err := exec.Command(gobin, "build", "-o", crashChild.bin, "github.com/newsingest/newslooks/store/internal/crashchild").CombinedOutput()
		if err != nil {
			crashChild.err = fmt.Errorf("go build crashchild: %v\n%s", err, out)
		}
	})
	if crashChild.err != nil {
		t.Fatal(crashChild.err)
	}
	return crashChild.bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if crashChild.dir != "" {
		os.RemoveAll(crashChild.dir)
	}
	os.Exit(code)
}

// TestCrashSafety kills (SIGKILL) a child process ingesting into SQLite at
// 5 random points of a 2,000-article ingest, then lets it finish, and
// checks every article is stored exactly once in an intact database. A
// reader in this process searches while the child writes.
func TestCrashSafety(t *testing.T) {
	db := filepath.Join(t.TempDir(), "crash.db")
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	var points []int
	for len(points) < 5 {
		if p := 1 + rng.IntN(crashArticles-2); !slices.Contains(points, p) {
			points = append(points, p)
		}
	}
	slices.Sort(points)
	t.Logf("seed %d: killing after articles %v", seed, points)

	bin := crashChildBinary(t)
	reader := openTest(t, db) // creates the schema, and searches during the ingest
	word := "article"
	searches := 0
	run := func(killAfter int) {
		cmd := exec.Command(bin, db, strconv.Itoa(crashArticles))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			i, _ := strconv.Atoi(sc.Text())
			if i%250 == 0 {
				if _, err := reader.Search(t.Context(), word, SearchOptions{Limit: 5}); err != nil {
					t.Errorf("search during ingest: %v", err)
				}
				searches++
			}
			if killAfter >= 0 && i >= killAfter {
				cmd.Process.Kill() // SIGKILL: no chance to clean up
				break
			}
		}
		err = cmd.Wait()
		if killAfter < 0 && err != nil {
			t.Fatalf("final ingest: %v\n%s", err, stderr.String())
		}
		if killAfter >= 0 && stderr.Len() > 0 {
			t.Fatalf("child failed before the kill:\n%s", stderr.String())
		}
	}
	for _, p := range points {
		run(p)
	}
	run(-1)
	if searches == 0 {
		t.Error("no search ran during the ingest")
	}

	s := openTest(t, db)
	var n, distinct, fts int
	if err := s.db.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT url) FROM articles`).Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	if n != crashArticles || distinct != crashArticles {
		t.Fatalf("%d articles, %d distinct URLs; want %d of each", n, distinct, crashArticles)
	}
	rows, err := s.db.Query(`SELECT url FROM articles`)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			t.Fatal(err)
		}
		seen[u] = true
	}
	rows.Close()
	for i := range crashArticles {
		if u := fmt.Sprint("https://crash.example/", i); !seen[u] {
			t.Fatalf("article %d (%s) is missing", i, u)
		}
	}
	var ok string
	if err := s.db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q, %v", ok, err)
	}
	if _, err := s.db.Exec(`INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')`); err != nil {
		t.Fatalf("FTS integrity: %v", err)
	}
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM articles_fts`).Scan(&fts); err != nil || fts != crashArticles {
		t.Fatalf("%d rows in the search index, want %d (%v)", fts, crashArticles, err)
	}
}

func TestSQLiteOpenErrors(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()

	t.Run("missing directory", func(t *testing.T) {
		p := filepath.Join(dir, "no", "such", "dir", "x.db")
		if _, err := Open(ctx, p); !errors.Is(err, ErrCannotOpen) {
			t.Fatalf("Open(%s) = %v, want ErrCannotOpen", p, err)
		}
	})

	t.Run("not a database", func(t *testing.T) {
		p := filepath.Join(dir, "notes.txt")
		content := []byte("These are my notes, not an SQLite database.\n")
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(ctx, p); !errors.Is(err, ErrNotDatabase) {
			t.Fatalf("Open(%s) = %v, want ErrNotDatabase", p, err)
		}
		if got, _ := os.ReadFile(p); !bytes.Equal(got, content) {
			t.Error("the file was changed")
		}
		for _, suffix := range []string{"-wal", "-shm", "-journal"} {
			if _, err := os.Stat(p + suffix); err == nil {
				t.Errorf("%s%s was created", p, suffix)
			}
		}
	})

	t.Run("a directory", func(t *testing.T) {
		if _, err := Open(ctx, dir); !errors.Is(err, ErrCannotOpen) {
			t.Fatalf("Open(dir) = %v, want ErrCannotOpen", err)
		}
	})

	t.Run("read-only file system", func(t *testing.T) {
		// sysfs refuses new files to everyone, root included.
		if fi, err := os.Stat("/sys"); err != nil || !fi.IsDir() {
			t.Skip("no /sys to test a read-only location with")
		}
		if _, err := Open(ctx, "/sys/newslooks.db"); !errors.Is(err, ErrReadOnly) {
			t.Fatalf("Open(/sys/newslooks.db) = %v, want ErrReadOnly", err)
		}
	})

	t.Run("read-only directory", func(t *testing.T) {
		ro := filepath.Join(t.TempDir(), "ro")
		if err := os.Mkdir(ro, 0o755); err != nil {
			t.Fatal(err)
		}
		makeReadOnly(t, ro)
		p := filepath.Join(ro, "x.db")
		if _, err := Open(ctx, p); !errors.Is(err, ErrReadOnly) {
			t.Fatalf("Open in a read-only directory = %v, want ErrReadOnly", err)
		}
		if _, err := os.Stat(p); err == nil {
			t.Error("a file was created")
		}
	})

	t.Run("read-only database file", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "x.db")
		s, err := Open(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		mustPut(t, s, genArticle(1, 1), PutInfo{}, New)
		s.Close()
		before, _ := os.ReadFile(p)
		makeReadOnly(t, p)
		if _, err := Open(ctx, p); !errors.Is(err, ErrReadOnly) {
			t.Fatalf("Open of a read-only file = %v, want ErrReadOnly", err)
		}
		if after, _ := os.ReadFile(p); !bytes.Equal(before, after) {
			t.Error("the file was changed")
		}
	})
}

// makeReadOnly makes path unwritable: by its mode, or, for root (whom
// modes do not stop), with the immutable attribute. It skips the test when
// neither works here.
func makeReadOnly(t *testing.T, path string) {
	t.Helper()
	if os.Geteuid() != 0 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, fi.Mode().Perm()&^0o222); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(path, fi.Mode().Perm()) })
		return
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("running as root and chattr +i fails here (%v: %s): cannot make %s read-only", err, bytes.TrimSpace(out), path)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
}

// TestOpenDefault checks "" means newslooks.db in the working directory,
// whatever the environment says: the command reads $NEWSLOOKS_DB, the
// library reads no environment.
func TestOpenDefault(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	env := filepath.Join(dir, "env.db")
	t.Setenv("NEWSLOOKS_DB", env)
	s, err := Open(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, DefaultPath)); err != nil {
		t.Errorf("no %s in the working directory: %v", DefaultPath, err)
	}
	if _, err := os.Stat(env); err == nil {
		t.Errorf("Open read $NEWSLOOKS_DB")
	}
}

func TestPostgresCannotOpen(t *testing.T) {
	// Port 1 on the loopback: nothing listens there.
	_, err := Open(t.Context(), "postgres://nobody:secret@127.0.0.1:1/none?connect_timeout=5")
	if !errors.Is(err, ErrCannotOpen) {
		t.Fatalf("Open = %v, want ErrCannotOpen", err)
	}
	if bytes.Contains([]byte(err.Error()), []byte("secret")) {
		t.Errorf("the error shows the password: %v", err)
	}
}
