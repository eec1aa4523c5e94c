package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/newsingest/newslooks/crawl"
	"github.com/newsingest/newslooks/store"
)

// writeHitTable writes search hits as a table for a person: date,
// headline, source and snippet. It returns the exit status.
func writeHitTable(w io.Writer, hits []store.Hit) int {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tHEADLINE\tSOURCE\tSNIPPET")
	for _, h := range hits {
		date := "-"
		if !h.Published.IsZero() {
			date = h.Published.Format("2006-01-02")
		}
		where := h.Source // as "source" in the JSON lines
		if where == "" {
			where = h.URL
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", date, cut(h.Headline, 60), cut(where, 50), cut(h.Snippet, 80))
	}
	if err := tw.Flush(); err != nil {
		return ExitFailed
	}
	if len(hits) == 0 {
		fmt.Fprintln(w, "no article matches")
	}
	return ExitOK
}

// cut shortens s to n characters, with an ellipsis, and keeps it on one
// line.
func cut(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// writeJSONLines writes each value as one line of JSON.
func writeJSONLines[T any](w io.Writer, values []T) int {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, v := range values {
		if err := enc.Encode(v); err != nil {
			return ExitFailed
		}
	}
	return ExitOK
}

// writeStatus writes a store's status for a person.
func writeStatus(w io.Writer, st store.Status) {
	fmt.Fprintf(w, "store:            %s %s (schema %d)\n", st.Backend, st.Location, st.SchemaVersion)
	fmt.Fprintf(w, "articles:         %d%s\n", st.Articles, counts(st.BySource))
	fmt.Fprintf(w, "duplicates:       %d URLs of stored bodies, %d near copies\n", st.Duplicates, st.NearDuplicates)
	var failed int64
	for _, n := range st.Failures {
		failed += n
	}
	fmt.Fprintf(w, "failures:         %d inputs%s\n", failed, counts(st.Failures))
}

// writeFailures lists the inputs that failed, the latest first.
func writeFailures(w io.Writer, failures []store.Failure) error {
	if len(failures) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nfailed inputs:")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  INPUT\tREASON\tATTEMPTS\tLAST FAILED\tERROR")
	for _, f := range failures {
		input := f.Source
		if f.URL != "" {
			input += " " + f.URL
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\t%s\n", input, f.Reason, f.Attempts, when(f.At), oneLine(f.Message))
	}
	return tw.Flush()
}

// oneLine is s on one line, cut to a length a table keeps readable.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 160 {
		s = string(r[:159]) + "…"
	}
	return s
}

// counts formats counts by key as " (key n, key n)", or "".
func counts(m map[string]int64) string {
	if len(m) == 0 {
		return ""
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// writeCrawlStatus writes what the crawl state of the store says: per
// source its last and next poll, articles and failures; per host its
// robots.txt and backoff.
func writeCrawlStatus(ctx context.Context, w io.Writer, st crawl.State) error {
	sources, err := st.Sources(ctx)
	if err != nil {
		return err
	}
	hosts, err := st.Hosts(ctx)
	if err != nil {
		return err
	}
	notStored, err := st.NotStored(ctx)
	if err != nil {
		return err
	}
	if len(sources) == 0 && len(hosts) == 0 && len(notStored) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nsources:")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  URL\tKIND\tLAST POLL\tNEXT POLL\tNEW\tTOTAL\tFAILURES")
	for _, s := range sources {
		failures := counts(toInt64(s.Failures))
		if s.Error != "" {
			failures += fmt.Sprintf(" error (%d polls in a row): %s", s.FailedPolls, oneLine(s.Error))
		}
		if len(s.Skipped) > 0 {
			failures += " not requested" + counts(toInt64(s.Skipped))
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%d\t%d\t%s\n", s.URL, s.Kind, when(s.LastPoll), when(s.NextPoll),
			s.NewArticles, s.TotalArticles, strings.TrimSpace(failures))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nhosts:")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  HOST\tROBOTS.TXT\tFAILURES IN A ROW\tBACKED OFF UNTIL")
	for _, h := range hosts {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\n", h.Host, h.RobotsState(), h.Failures, when(h.BackoffUntil))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return writeNotStored(w, notStored)
}

// writeNotStored lists the crawled URLs that are not stored, and why,
// the latest first.
func writeNotStored(w io.Writer, recs []crawl.URLRecord) error {
	if len(recs) == 0 {
		return nil
	}
	byStatus := make(map[string]int64)
	for _, r := range recs {
		byStatus[r.Status.String()]++
	}
	fmt.Fprintf(w, "\nURLs not stored: %d%s\n", len(recs), counts(byStatus))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  URL\tSTATUS\tATTEMPTS\tLAST TRY\tNEXT TRY\tSOURCE\tREASON")
	for _, r := range recs {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\t%s\t%s\t%s\n", r.URL, r.Status, r.Attempts, when(r.Updated), when(r.NextTry), r.Source, oneLine(r.Reason))
	}
	return tw.Flush()
}

// when formats a time for a status table, "-" when it is zero.
func when(t time.Time) string {
	if t.IsZero() || t.Year() < 1970 {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func toInt64(m map[string]int) map[string]int64 {
	out := make(map[string]int64, len(m))
	for k, v := range m {
		out[k] = int64(v)
	}
	return out
}
