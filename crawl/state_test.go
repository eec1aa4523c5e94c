package crawl_test

import (
	"testing"

	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/crawl/statetest"
)

// TestMemoryStateSuite runs the State suite that every implementation
// passes (the SQL one in package store too) on MemoryState.
func TestMemoryStateSuite(t *testing.T) {
	statetest.Run(t, func(*testing.T) crawl.State { return new(crawl.MemoryState) })
}
