package page

import "testing"

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
