package corpus

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// DefaultMetaTruth is the hand-checked metadata truth relative to the
// bench module.
const DefaultMetaTruth = "testdata/metadata-truth.json"

// A MetaTruth is the metadata of one page as a person reads it off the
// page (see NOTES.md, "Metadata truth", for how each field was decided).
type MetaTruth struct {
	// Corpus is "pages" (shared/pages) or "aeb-dev".
	Corpus string `json:"corpus"`
	// URL is the page's own address (its canonical link, or the
	// benchmark's URL).
	URL string `json:"url"`
	// Title is the headline as shown, without a site suffix.
	Title string `json:"title"`
	// Authors are the credited people, or the agency a story is credited
	// to ("Reuters"); empty when the page credits nobody.
	Authors []string `json:"authors"`
	// Published is "YYYY-MM-DD", or RFC 3339 with a zone when the page
	// gives the time; empty when the page states no date.
	Published string `json:"published"`
	// Publisher is the publication's name as a reader knows it.
	Publisher string `json:"publisher"`
	// Language is the BCP 47 primary subtag of the article's text.
	Language string `json:"language"`
	// Note records the judgment calls made for this page.
	Note string `json:"note"`
}

// LoadMetaTruth reads the metadata truth: a JSON object of MetaTruth keyed
// by page name. Every entry must have a corpus, a URL, a title, a
// publisher and a language; a malformed date is an error.
func LoadMetaTruth(path string) (map[string]MetaTruth, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m map[string]MetaTruth
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		t := m[k]
		var missing []string
		for f, v := range map[string]string{"corpus": t.Corpus, "url": t.URL, "title": t.Title, "publisher": t.Publisher, "language": t.Language} {
			if strings.TrimSpace(v) == "" {
				missing = append(missing, f)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			return nil, fmt.Errorf("%s: %s: no %s", path, k, strings.Join(missing, ", "))
		}
		if t.Authors == nil {
			t.Authors = []string{}
			m[k] = t
		}
	}
	return m, nil
}
