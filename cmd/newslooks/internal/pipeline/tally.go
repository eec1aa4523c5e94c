package pipeline

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// A Tally counts what a run did, for the summary line.
type Tally struct {
	Articles int // articles written
	Inputs   int // inputs that ended: their articles written, or an error line
	Failed   int // inputs that ended with an error line
	// NotProcessed counts the inputs an interruption left unread or cut
	// short (an input cut short may have written some of its articles).
	NotProcessed int
	// Interrupted is set when a signal stopped the run.
	Interrupted bool
	// Skipped counts the files folder walks left out, by reason.
	Skipped map[string]int
	// Records counts the records of web archives that hold no article
	// (requests, metadata, redirects, errors, other media), by reason.
	Records map[string]int
	// Out is set when articles go to files; then Created, Existing and
	// Shared count the articles that made a new file, that found their
	// file from an earlier run, and that found a file this run wrote for
	// another article with the same bytes.
	Out                       bool
	Created, Existing, Shared int
}

// plural returns "1 article", "2 articles".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// String returns the summary line, without its newline, such as
// "newslooks: 2 articles written, 3 inputs read, 1 input failed, 0 files skipped".
func (t Tally) String() string {
	var b strings.Builder
	b.WriteString("newslooks: ")
	fmt.Fprintf(&b, "%s written, %s read, %s failed, %s skipped",
		plural(t.Articles, "article"), plural(t.Inputs, "input"), plural(t.Failed, "input"), plural(t.skipped(), "file"))
	if len(t.Skipped) > 0 {
		fmt.Fprintf(&b, " (%s)", byReason(t.Skipped))
	}
	if n := sum(t.Records); n > 0 {
		fmt.Fprintf(&b, ", %s skipped (%s)", plural(n, "archive record"), byReason(t.Records))
	}
	if t.Interrupted || t.NotProcessed > 0 {
		fmt.Fprintf(&b, ", %s not processed (interrupted)", plural(t.NotProcessed, "input"))
	}
	if t.Out {
		fmt.Fprintf(&b, "; %s created, %d already present", plural(t.Created, "file"), t.Existing)
		if t.Shared > 0 {
			fmt.Fprintf(&b, ", %s identical to another and not written again", plural(t.Shared, "article"))
		}
	}
	return b.String()
}

func (t Tally) skipped() int { return sum(t.Skipped) }

// skipRecord counts an archive record left out for reason.
func (t *Tally) skipRecord(reason string) {
	if t.Records == nil {
		t.Records = make(map[string]int)
	}
	t.Records[reason]++
}

// sum returns the total of counts.
func sum(counts map[string]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}

// byReason lists counts as "3 reason, 1 other", by reason.
func byReason(counts map[string]int) string {
	var parts []string
	for _, reason := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%d %s", counts[reason], reason))
	}
	return strings.Join(parts, ", ")
}
