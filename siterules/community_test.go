package siterules

import (
	"os"
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
	s, err := LoadFiveFilters(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d host patterns loaded, %d files left out", s.Len(), len(s.Errors))
	for _, e := range s.Errors {
		t.Logf("left out: %v", e)
	}
	for _, n := range s.Notes {
		t.Logf("not applied: %s (first at %s)", n.Directive, n.At)
	}
}
