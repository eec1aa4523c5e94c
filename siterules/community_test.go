package siterules

import (
	"os"
	"runtime"
	"testing"
)

// TestCommunityConfigs loads the whole FiveFilters site-config folder
// named by NEWSLOOKS_SITE_CONFIG, when it is set, and logs how many files
// parse: a check for people updating the reader, never run in CI, which
// has no such folder.
func TestCommunityConfigs(t *testing.T) {
	dir := os.Getenv("NEWSLOOKS_SITE_CONFIG")
	if dir == "" {
		t.Skip("NEWSLOOKS_SITE_CONFIG names no site-config folder")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, err := LoadFiveFilters(dir)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("%d host patterns loaded, %d files left out; %.1f MB of heap held", s.Len(), len(s.Errors),
		float64(after.HeapAlloc-before.HeapAlloc)/1e6)
	runtime.KeepAlive(s)
	for _, e := range s.Errors {
		t.Logf("left out: %v", e)
	}
	for _, n := range s.Notes {
		t.Logf("not applied: %s (first at %s)", n.Directive, n.At)
	}
}

// BenchmarkLoadFiveFilters times loading the site-config folder that
// NEWSLOOKS_SITE_CONFIG names (skipped without it): what a command pays
// at start for --site-config.
func BenchmarkLoadFiveFilters(b *testing.B) {
	dir := os.Getenv("NEWSLOOKS_SITE_CONFIG")
	if dir == "" {
		b.Skip("NEWSLOOKS_SITE_CONFIG names no site-config folder")
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadFiveFilters(dir); err != nil {
			b.Fatal(err)
		}
	}
}
