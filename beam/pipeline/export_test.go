package pipeline

// SetBeforeMark sets the hook markFn calls before it reads a shard's runs
// (nil: none), for tests that hold one run while another ends.
func SetBeforeMark(f func(dir string, shards int)) { beforeMark = f }
