package dedup

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func loadCorpus(t testing.TB) corpus {
	t.Helper()
	raw, err := os.ReadFile("testdata/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var c corpus
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// match is what a store does: a candidate shares a band key, and is
// confirmed with Similar.
func match(a, b Sig) bool {
	if !Similar(a, b) {
		return false
	}
	for i, k := range a.Bands() {
		if b.Bands()[i] == k {
			return true
		}
	}
	return false
}

// TestPrecisionRecall scores band lookup plus Similar over the labelled
// corpus: every pair of copies of one story must match, no pair of texts
// from different articles may, nor any pair listed as distinct.
func TestPrecisionRecall(t *testing.T) {
	c := loadCorpus(t)
	sigs := make(map[string]Sig, len(c.Docs))
	byID := make(map[string]corpusDoc, len(c.Docs))
	for _, d := range c.Docs {
		sigs[d.ID] = Fingerprint(d.Body)
		byID[d.ID] = d
	}
	distinct := make(map[[2]string]string)
	for _, p := range c.Distinct {
		if _, ok := byID[p.A]; !ok {
			t.Fatalf("distinct pair names unknown doc %s", p.A)
		}
		if _, ok := byID[p.B]; !ok {
			t.Fatalf("distinct pair names unknown doc %s", p.B)
		}
		distinct[[2]string{p.A, p.B}] = p.Why
		distinct[[2]string{p.B, p.A}] = p.Why
	}
	var tp, fp, fn, tn, labelledFP int
	minSame, maxDistinct := 1.0, 0.0
	stories := map[string]bool{}
	for i, a := range c.Docs {
		if a.Group != "" {
			stories[a.Group] = true
		}
		for _, b := range c.Docs[i+1:] {
			var want bool
			why, isDistinct := distinct[[2]string{a.ID, b.ID}]
			switch {
			case a.Group != "" && a.Group == b.Group:
				want = true
			case isDistinct || a.Source != b.Source:
				want = false
			default:
				continue // a half of an article and a copy of it: containment, not labelled
			}
			got := match(sigs[a.ID], sigs[b.ID])
			if j := Jaccard(sigs[a.ID], sigs[b.ID]); want {
				minSame = min(minSame, j)
			} else {
				maxDistinct = max(maxDistinct, j)
			}
			switch {
			case got && want:
				tp++
			case got && !want:
				fp++
				if isDistinct {
					labelledFP++
				}
				t.Logf("false match: %s ~ %s (J≈%.2f) %s", a.ID, b.ID, Jaccard(sigs[a.ID], sigs[b.ID]), why)
			case !got && want:
				fn++
				t.Logf("missed: %s ~ %s (J≈%.2f)", a.ID, b.ID, Jaccard(sigs[a.ID], sigs[b.ID]))
			default:
				tn++
			}
		}
	}
	if len(stories) < 30 || len(c.Distinct) < 30 {
		t.Fatalf("corpus too small: %d stories, %d distinct pairs", len(stories), len(c.Distinct))
	}
	precision := float64(tp) / float64(tp+fp)
	recall := float64(tp) / float64(tp+fn)
	t.Logf("%d stories, %d docs, %d labelled distinct pairs; pairs: tp=%d fp=%d (of them labelled distinct: %d) fn=%d tn=%d",
		len(stories), len(c.Docs), len(c.Distinct), tp, fp, labelledFP, fn, tn)
	t.Logf("precision %.4f recall %.4f; estimated Jaccard: lowest between copies %.2f, highest between different texts %.2f (threshold %.2f)",
		precision, recall, minSame, maxDistinct, Threshold)
	if precision < 1 || recall < 1 {
		t.Errorf("precision %.4f, recall %.4f: want 1.00 and 1.00", precision, recall)
	}
}

// TestBandsMargin checks the banding's margin on the labelled corpus: every
// pair of copies of one story shares at least two band keys, so that the
// recall of 1.00 above does not hang on a single lucky band.
func TestBandsMargin(t *testing.T) {
	c := loadCorpus(t)
	bands := make(map[string][]uint64, len(c.Docs))
	for _, d := range c.Docs {
		bands[d.ID] = Fingerprint(d.Body).Bands()
	}
	least := NumBands
	for i, a := range c.Docs {
		for _, b := range c.Docs[i+1:] {
			if a.Group == "" || a.Group != b.Group {
				continue
			}
			shared := 0
			for k, key := range bands[a.ID] {
				if bands[b.ID][k] == key {
					shared++
				}
			}
			if shared < 2 {
				t.Errorf("%s ~ %s share %d band keys, want at least 2", a.ID, b.ID, shared)
			}
			least = min(least, shared)
		}
	}
	t.Logf("copies share at least %d of %d band keys", least, NumBands)
}

// TestDistinctPairsAreFar checks the labelled same-subject pairs are not
// near misses: their estimated Jaccard similarity is well under Threshold.
func TestDistinctPairsAreFar(t *testing.T) {
	c := loadCorpus(t)
	body := map[string]string{}
	for _, d := range c.Docs {
		body[d.ID] = d.Body
	}
	for _, p := range c.Distinct {
		if j := Jaccard(Fingerprint(body[p.A]), Fingerprint(body[p.B])); j > Threshold/2 {
			t.Errorf("%s ~ %s: J≈%.2f, too close to the threshold (%s)", p.A, p.B, j, p.Why)
		}
	}
}

func TestFingerprintIgnoresPunctuationAndCase(t *testing.T) {
	a := Fingerprint("The “quick” brown fox — jumps over the lazy dog, again.")
	b := Fingerprint("the \"QUICK\" brown fox -- jumps\nover the lazy dog again")
	if a != b {
		t.Error("punctuation, case or line breaks changed the signature")
	}
}

func TestFingerprintEmpty(t *testing.T) {
	for _, s := range []string{"", "  \n ", "— … !!"} {
		sig := Fingerprint(s)
		if !sig.Empty() || sig.Bands() != nil || Similar(sig, sig) {
			t.Errorf("Fingerprint(%q): want the empty signature, similar to nothing, without bands", s)
		}
	}
	short := Fingerprint("Breaking news")
	if short.Empty() || !Similar(short, Fingerprint("BREAKING NEWS!")) {
		t.Error("a text shorter than a shingle should be one shingle")
	}
}

// TestFingerprintStable pins the signature scheme: if this fails, the
// scheme changed and Version must be raised (stored signatures and band
// keys become incomparable).
func TestFingerprintStable(t *testing.T) {
	s := Fingerprint("Prosecutors in Sweden have dropped an investigation into a rape allegation.")
	bands := s.Bands()
	const wantBand0, wantHash0 = uint64(0x40920d0e), uint32(0xe3e8f968)
	if bands[0] != wantBand0 || s[0] != wantHash0 {
		t.Errorf("signature scheme changed: band0=%#x hash0=%#x", bands[0], s[0])
	}
}

func TestSigBinaryRoundTrip(t *testing.T) {
	s := Fingerprint(strings.Repeat("one two three four five six ", 20))
	b, _ := s.MarshalBinary()
	var back Sig
	if err := back.UnmarshalBinary(b); err != nil || back != s {
		t.Fatalf("round trip: %v", err)
	}
	if err := back.UnmarshalBinary(b[:10]); err == nil {
		t.Error("short input accepted")
	}
}

func TestBandsDistinctPerBand(t *testing.T) {
	// A text whose hashes repeat in every band must still give NumBands
	// different keys.
	var s Sig
	for i := range s {
		s[i] = 7
	}
	seen := map[uint64]bool{}
	for _, k := range s.Bands() {
		seen[k] = true
	}
	if len(seen) != NumBands {
		t.Errorf("%d distinct band keys, want %d", len(seen), NumBands)
	}
}
