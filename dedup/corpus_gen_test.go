package dedup

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/corpus.json from testdata/aeb-ground-truth.json")

// corpus is the labelled near-duplicate corpus of testdata/corpus.json.
type corpus struct {
	Docs     []corpusDoc    `json:"docs"`
	Distinct []distinctPair `json:"distinct"`
}

// A corpusDoc is one text. Docs with the same non-empty Group are copies of
// one story and must match; docs from different Sources must not.
type corpusDoc struct {
	ID       string `json:"id"`
	Group    string `json:"group,omitempty"`
	Source   string `json:"source"` // the aeb-dev article it is made from
	Variant  string `json:"variant"`
	Headline string `json:"headline"`
	Body     string `json:"body"`
}

// A distinctPair names two docs on the same subject that must not match.
type distinctPair struct {
	A   string `json:"a"`
	B   string `json:"b"`
	Why string `json:"why"`
}

// sameTopic pairs different outlets' articles on one event or topic (by
// the first 8 hex digits of their aeb-dev ids), reviewed by hand.
var sameTopic = []distinctPair{
	{"7bb1ca90", "a078b365", "feather duvet lung: Gizmodo and Forbes on the same case"},
	{"c7e39ac4", "dc7ccccc", "Sweden drops the Assange investigation: BBC and Albawaba"},
	{"232a43fb", "65bf3048", "MacBook Pro keyboard: MacRumors report and AppleInsider review"},
	{"65bf3048", "5fa5679d", "the 16-inch MacBook Pro: AppleInsider review and Gizmodo column"},
	{"232a43fb", "5fa5679d", "MacBook Pro keyboards: MacRumors and Gizmodo"},
	{"624fcd90", "e4c6a3b4", "Hong Kong protests: Express news and Washington Examiner opinion"},
	{"702d1da6", "b6906ca0", "US-China tariffs: New York Times and PolitiFact"},
	{"702d1da6", "d605bdef", "the trade war and markets: New York Times and CNN"},
	{"b6906ca0", "d605bdef", "tariffs and markets: PolitiFact and CNN"},
	{"c90731f0", "f5c90a6d", "the impeachment inquiry: Deccan Herald and National Review"},
	{"ef4e67b6", "c90731f0", "the Trump White House: CNN and Deccan Herald"},
	{"359fee22", "686bb170", "moons of the outer planets: Titan map and Europa water vapour"},
	{"686bb170", "e1c7023e", "space science: Europa and hibernating astronauts"},
	{"ba4dfe2d", "c467d507", "disease outbreaks: plague in China and EEE in Michigan"},
	{"abd9d629", "ba4dfe2d", "epidemics: flu among detained migrants and plague"},
	{"f8ff621a", "ffc109d4", "stock analysis: Home Depot and Coty"},
	{"374ac9a5", "f8ff621a", "company results and orders: Emirates and Home Depot"},
	{"08f79376", "ecb46e3e", "sports reports: NFL and NHL"},
	{"e7994d55", "c90731f0", "party politics and disinformation: UK Tories and the White House"},
	{"7a457a4f", "c90731f0", "US politics: threats to Rep. Omar and impeachment"},
}

func TestCorpusUpToDate(t *testing.T) {
	got := generateCorpus(t)
	if *update {
		if err := os.WriteFile("testdata/corpus.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("testdata/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("testdata/corpus.json is not what the generator writes: run go test ./dedup -run TestCorpusUpToDate -update and review the diff")
	}
}

// generateCorpus builds the corpus from the real article bodies, by rule
// and with a random source seeded per story, so its output is the same on
// every run.
func generateCorpus(t *testing.T) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/aeb-ground-truth.json")
	if err != nil {
		t.Fatal(err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	slices.Sort(ids)

	var c corpus
	for _, id := range ids {
		short := id[:8]
		paras := paragraphs(gt[id].ArticleBody)
		headline := headlineFromURL(gt[id].URL)
		rng := rand.New(rand.NewPCG(fnv64([]byte(id)), 2026))
		group := "story-" + short
		add := func(variant, headline string, ps []string) {
			c.Docs = append(c.Docs, corpusDoc{
				ID: short + "-" + variant, Group: group, Source: short, Variant: variant,
				Headline: headline, Body: strings.Join(ps, "\n\n"),
			})
		}
		add("original", headline, paras)
		add("wire", headline+" | Wire", wireCopy(paras, rng))
		add("cut", "UPDATE: "+headline, cutParagraph(paras, rng))
		add("noted", strings.ToUpper(headline[:1])+strings.ToLower(headline[1:]), editorsNote(paras, rng))
		add("chrome", headline+" - Latest News", chromeCopy(paras, rng))

		if len(paras) >= 8 {
			half := len(paras) / 2
			a, b := short+"-first-half", short+"-second-half"
			c.Docs = append(c.Docs,
				corpusDoc{ID: a, Source: short, Variant: "first-half", Headline: headline, Body: strings.Join(paras[:half], "\n\n")},
				corpusDoc{ID: b, Source: short, Variant: "second-half", Headline: headline + ": what happened next", Body: strings.Join(paras[half:], "\n\n")})
			c.Distinct = append(c.Distinct, distinctPair{a, b, "first and second half of one article: same subject and names, different text"})
		}
	}
	for _, p := range sameTopic {
		c.Distinct = append(c.Distinct, distinctPair{p.A + "-original", p.B + "-original", p.Why})
	}
	out, err := json.MarshalIndent(c, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

func paragraphs(body string) []string {
	var ps []string
	for p := range strings.SplitSeq(body, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			ps = append(ps, p)
		}
	}
	return ps
}

// headlineFromURL makes a headline of the URL's longest path segment.
func headlineFromURL(raw string) string {
	u, _ := url.Parse(raw)
	best := ""
	for seg := range strings.SplitSeq(u.Path, "/") {
		seg = strings.TrimSuffix(strings.TrimSuffix(seg, ".html"), ".php")
		if len(seg) > len(best) {
			best = seg
		}
	}
	ws := strings.FieldsFunc(best, func(r rune) bool { return r == '-' || r == '_' })
	for i, w := range ws {
		ws[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(ws, " ")
}

var credits = []string{"(AP) —", "(Reuters) -", "By Staff and Wire Reports", "From our correspondent, updated", "(AFP) —"}
var footers = []string{
	"Copyright 2019 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
	"Reporting by staff; editing by the news desk. Our Standards: The Thomson Reuters Trust Principles.",
	"© 2019 Agence France-Presse. All rights reserved.",
}
var chromeLines = []string{
	"Advertisement", "Share this article", "Story continues below", "Read more: Top stories of the day",
	"Sign up for our daily newsletter", "Click here to follow us on social media", "RELATED COVERAGE",
}

// wireCopy is a syndicated copy: a credit line before the body and a
// copyright footer after it.
func wireCopy(ps []string, rng *rand.Rand) []string {
	out := []string{credits[rng.IntN(len(credits))]}
	out = append(out, ps...)
	return append(out, footers[rng.IntN(len(footers))])
}

// cutParagraph drops one paragraph, never the first.
func cutParagraph(ps []string, rng *rand.Rand) []string {
	if len(ps) < 3 {
		return slices.Clone(ps)
	}
	i := 1 + rng.IntN(len(ps)-1)
	return slices.Concat(ps[:i], ps[i+1:])
}

// editorsNote adds an editor's note and a closing paragraph, and retypes
// the punctuation as a plain-text feed would.
func editorsNote(ps []string, rng *rand.Rand) []string {
	r := strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "—", "--", "–", "-", "…", "...")
	out := []string{"Editor's note: This story has been updated with additional reporting."}
	for _, p := range ps {
		out = append(out, r.Replace(p))
	}
	closers := []string{
		"This is a developing story and will be updated as more information becomes available.",
		"Check back for the latest updates on this story throughout the day.",
		"Our newsroom will continue to follow this story and report new developments as they emerge.",
	}
	return append(out, closers[rng.IntN(len(closers))])
}

// chromeCopy interleaves site chrome with the paragraphs, in a shuffled
// order, and drops the last paragraph as a truncated feed copy does when
// the story is long enough to keep its sense.
func chromeCopy(ps []string, rng *rand.Rand) []string {
	if len(ps) > 5 {
		ps = ps[:len(ps)-1]
	}
	lines := slices.Clone(chromeLines)
	rng.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	var out []string
	next := 0
	for i, p := range ps {
		out = append(out, p)
		if next < 3 && i > 0 && rng.IntN(3) == 0 {
			out = append(out, lines[next])
			next++
		}
	}
	return append(out, fmt.Sprintf("%s | %s", lines[len(lines)-1], lines[len(lines)-2]))
}
