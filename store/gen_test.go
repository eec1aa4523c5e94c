package store

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/newsingest/newslooks"
)

// vocabulary is a fixed list of made-up words, used with a Zipf
// distribution so that generated bodies have the word frequencies of
// prose: a few very common words and a long tail.
var vocabulary = func() []string {
	syl := []string{"ka", "lo", "mi", "ter", "san", "dor", "vel", "ri", "pon", "ta", "gre", "lu", "bas", "en", "or", "qui", "zan", "fe", "mol", "dra"}
	rng := rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{}
	var words []string
	for len(words) < 20000 {
		n := 1 + rng.IntN(4)
		var b strings.Builder
		for range n {
			b.WriteString(syl[rng.IntN(len(syl))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}()

// genArticle returns the i-th generated article of a run seeded by seed:
// a headline, a byline, Quick Looks and 6 to 11 paragraphs of 40 to 90
// words, at https://news.example/<seed>/<i>.
func genArticle(seed uint64, i int) *newslooks.Article {
	rng := rand.New(rand.NewPCG(seed, uint64(i)))
	zipf := rand.NewZipf(rng, 1.1, 2, uint64(len(vocabulary)-1))
	sentence := func(n int) string {
		ws := make([]string, n)
		for k := range ws {
			ws[k] = vocabulary[zipf.Uint64()]
		}
		s := strings.Join(ws, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	a := &newslooks.Article{
		Headline:  strings.TrimSuffix(sentence(6+rng.IntN(5)), "."),
		Byline:    newslooks.Byline{Publisher: "Newslooks", Location: "WASHINGTON", Authors: []string{"J. Mansour"}, Edition: "Morning Edition"},
		Summary:   sentence(20),
		URL:       fmt.Sprintf("https://news.example/%d/%d", seed, i),
		Published: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute),
		Language:  "en",
	}
	a.QuickLooks.Title = "Story Quick Looks"
	for range 3 {
		a.QuickLooks.Items = append(a.QuickLooks.Items, sentence(8))
	}
	var sec newslooks.Section
	for range 6 + rng.IntN(6) {
		var p []string
		for range 3 + rng.IntN(4) {
			p = append(p, sentence(10+rng.IntN(10)))
		}
		sec.Paragraphs = append(sec.Paragraphs, strings.Join(p, " "))
	}
	a.Sections = []newslooks.Section{sec}
	return a
}

// story is a real-language article for the search and dedup tests.
func story(url, headline string, paras ...string) *newslooks.Article {
	return &newslooks.Article{Headline: headline, URL: url, Sections: []newslooks.Section{{Paragraphs: paras}}}
}

var (
	assangeParas = []string{
		"Prosecutors in Sweden have dropped an investigation into a rape allegation made against Wikileaks co-founder Julian Assange in 2010.",
		"Assange, who denies the accusation, has avoided extradition to Sweden for seven years after seeking refuge at the Ecuadorean embassy in London in 2012.",
		"The 48-year-old is currently in a British jail for skipping bail and faces extradition to the United States over the publication of classified documents.",
		"Deputy Director of Public Prosecution Eva-Marie Persson said the evidence had weakened considerably due to the long period of time that had elapsed since the events in question.",
		"The woman who made the accusation said through her lawyer that she was disappointed by the decision and that her account had been consistent throughout.",
	}
	featherParas = []string{
		"A man developed a rare lung disease after buying a new duvet and pillows filled with feathers, doctors in Spain reported this week.",
		"The patient came to hospital with shortness of breath and fatigue that had worsened over three months, and scans showed inflammation in both lungs.",
		"Doctors diagnosed hypersensitivity pneumonitis, an immune reaction to inhaled particles that is sometimes called bird fancier's lung when it comes from pet birds.",
		"After the bedding was removed and the patient was treated with steroids, his breathing improved, although some scarring of the lungs remained.",
	}
)
