package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestOpenExisting: a missing SQLite file is ErrNoStore and is not
// created; an existing store opens.
func TestOpenExisting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "typo.db")
	if s, err := OpenExisting(t.Context(), path); !errors.Is(err, ErrNoStore) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("OpenExisting(missing) = %v, want ErrNoStore", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the file was created: %v", err)
	}
	openTest(t, path).Close()
	s, err := OpenExisting(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}
