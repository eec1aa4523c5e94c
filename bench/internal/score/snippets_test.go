package score

import "testing"

func TestCompareSnippets(t *testing.T) {
	text := "Die GEMA dreht am Zeiger. Impressum"
	c := CompareSnippets(text, []string{"dreht am", "fehlt", "gema"}, []string{"Impressum", "Twitter"})
	want := SnippetCounts{TP: 1, FN: 2, FP: 1, TN: 1}
	if c != want {
		t.Fatalf("got %+v, want %+v (matching is byte for byte, case included)", c, want)
	}
	if e := CompareSnippets("", []string{"a", "b"}, []string{"c"}); e != (SnippetCounts{FN: 2, TN: 1}) {
		t.Fatalf("empty text: got %+v", e)
	}
	var sum SnippetCounts
	sum.Add(c)
	sum.Add(SnippetCounts{TP: 3})
	p := sum.PRF()
	if p.F1 != 8.0/11 || p.Precision != 4.0/5 || p.Recall != 4.0/6 {
		t.Fatalf("PRF %+v", p)
	}
}
