//go:build unix

package store

import "syscall"

// dirWritable reports, without writing, whether files can be created in
// dir: SQLite's WAL mode creates the -wal and -shm files beside the
// database.
func dirWritable(dir string) error { return syscall.Access(dir, 2 /* W_OK */) }
