package page

import (
	"strings"
	"testing"
)

func TestIsFurnitureLine(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{
		{"RELATED STORIES", true},
		{"Related Coverage", true},
		{"Schon gelesen?", true},
		{"Zum Weiterlesen:", true},
		{"- Anzeige-", true},
		{"Über den Autor", true},
		{"drukuj", true},
		{"Le puede interesar", true},
		{"4 Min Read", true},
		{"Lesezeit: 3 Minuten", true},
		// Text that only opens with furniture words, or holds them.
		{"Related stories were told by the survivors.", false},
		{"Teilen ist das neue Haben", false},
		{"Über den Autor des Romans ist wenig bekannt.", false},
		{"4 Minuten später fiel das Tor.", false},
		{"2019", false},
	} {
		if got := isFurnitureLine(c.line); got != c.want {
			t.Errorf("isFurnitureLine(%q) = %v, want %v", c.line, got, c.want)
		}
	}
}

func TestIsCaptionLine(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{
		{"Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO", true},
		{"© 2020 CBS Interactive Inc. All Rights Reserved.", true},
		{"Son tres los periodos de vacaciones durante el año escolar. Foto: Andina", true},
		{"The Redonda tree lizard, one of the reptiles that rebounded.Photograph by Ed Marshall", true},
		{"Crédits photos : Bestimage", true},
		{"Beitragsbild: Titelseite der FAZ vom 2.4.2019, Ausriss.", true},
		{"Police released the suspect (Photo: AP)", true},
		// A copyright sign in a sentence, a credit label inside one, a long paragraph.
		{"This isn’t supposed to be a manifesto™© we just think it’s pretty cool to share.", false},
		{"Mit der Kamera ging sie los. Foto: das war ihr Leben.", false},
	} {
		if got := isCaptionLine(c.line, strings.ToLower(c.line)); got != c.want {
			t.Errorf("isCaptionLine(%q) = %v, want %v", c.line, got, c.want)
		}
	}
}

func TestIsCaptionLineBracketedCredit(t *testing.T) {
	line := "Protesters do not want Hong Kong to lose its autonomy (Image: getty )"
	if !isCaptionLine(line, strings.ToLower(line)) {
		t.Errorf("isCaptionLine(%q) = false, want true: a credit in brackets may be in lower case", line)
	}
}
