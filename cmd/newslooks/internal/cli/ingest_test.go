package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEagerBatchGrowsWithTheRun(t *testing.T) {
	assert.Equal(t, minBatch, eagerBatch(0))
	assert.Equal(t, minBatch, eagerBatch(127))
	assert.Equal(t, 16, eagerBatch(256))
	assert.Equal(t, 50, eagerBatch(800))
	assert.Equal(t, batchSize, eagerBatch(1<<20))
	for n := range 4096 {
		assert.LessOrEqual(t, eagerBatch(n), eagerBatch(n+1))
	}
}
