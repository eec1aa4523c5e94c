package page

import "strings"

// A phraseSet tells which of a fixed list of phrases a text holds, in one
// pass over the text rather than one search per phrase: a table of the
// byte pairs that open a phrase picks the few places worth a closer look,
// and there only the phrases of that first byte are compared. A paragraph
// checked against thirty phrases so costs about what one search did.
type phraseSet struct {
	phrases []string
	pairs   [1 << 16 / 64]uint64 // bit a<<8|b: a phrase opens with bytes a, b
	byFirst [256][]uint8         // indexes of the phrases, by their first byte
}

// newPhraseSet returns the set of phrases, at most 64, each of two bytes
// or more; bit i of what found returns stands for phrases[i].
func newPhraseSet(phrases ...string) *phraseSet {
	if len(phrases) > 64 {
		panic("newPhraseSet: more than 64 phrases")
	}
	ps := &phraseSet{phrases: phrases}
	for i, p := range phrases {
		if len(p) < 2 {
			panic("newPhraseSet: a phrase of fewer than two bytes: " + p)
		}
		k := uint16(p[0])<<8 | uint16(p[1])
		ps.pairs[k>>6] |= 1 << (k & 63)
		ps.byFirst[p[0]] = append(ps.byFirst[p[0]], uint8(i))
	}
	return ps
}

// found returns the phrases s holds, as a mask: bit i is set when
// phrases[i] is a substring of s. Bytes are compared as they are: give it
// text and phrases in one case.
func (ps *phraseSet) found(s string) uint64 {
	var mask uint64
	for i := 0; i+1 < len(s); i++ {
		k := uint16(s[i])<<8 | uint16(s[i+1])
		if ps.pairs[k>>6]&(1<<(k&63)) == 0 {
			continue
		}
		for _, j := range ps.byFirst[s[i]] {
			if strings.HasPrefix(s[i:], ps.phrases[j]) {
				mask |= 1 << j
			}
		}
	}
	return mask
}
