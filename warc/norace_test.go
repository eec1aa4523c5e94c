//go:build !race

package warc_test

// raceEnabled shrinks the generated streams under the race detector.
const raceEnabled = false
