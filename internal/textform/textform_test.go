package textform

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHeaderFields(t *testing.T) {
	tests := []struct {
		line string
		want Header
	}{
		{"Rates Hold/ Newslooks/ NEW YORK/ A. Reyes and P. Lin/ Evening Edition/ The Fed held.",
			Header{Headline: "Rates Hold", Publisher: "Newslooks", Location: "NEW YORK", Authors: []string{"A. Reyes", "P. Lin"}, Edition: "Evening Edition", Summary: "The Fed held.", Fields: 4}},
		{"Rates Hold/ A. Reyes, P. Lin & K. Wu/ Weekend Edition/ The Fed held.",
			Header{Headline: "Rates Hold", Publisher: "", Location: "", Authors: []string{"A. Reyes", "P. Lin", "K. Wu"}, Edition: "Weekend Edition", Summary: "The Fed held.", Fields: 2}},
		{"Open 24/7: Diners and/or Bars/ Newslooks/ SAN FRANCISCO/ M. de la Cruz/ Night Edition/ Late hours/ early starts.",
			Header{Headline: "Open 24/7: Diners and/or Bars", Publisher: "Newslooks", Location: "SAN FRANCISCO", Authors: []string{"M. de la Cruz"}, Edition: "Night Edition", Summary: "Late hours/ early starts.", Fields: 4}},
		{"Rates Hold/ Newslooks/ WASHINGTON/ The Fed held rates steady.",
			Header{Headline: "Rates Hold", Publisher: "Newslooks", Location: "WASHINGTON", Summary: "The Fed held rates steady.", Fields: 2}},
		{"Rates Hold/ Jane Doe/ Morning Edition/ Summary.",
			Header{Headline: "Rates Hold", Authors: []string{"Jane Doe"}, Edition: "Morning Edition", Summary: "Summary.", Fields: 2}},
	}
	for _, tt := range tests {
		got, ok := ParseHeader(tt.line, false)
		require.True(t, ok, tt.line)
		assert.Equal(t, tt.want, got, tt.line)
	}
	for _, notHeader := range []string{"", "No slash here", "/ starts with a slash", "A sentence ends here./ Then more."} {
		_, ok := ParseHeader(notHeader, false)
		assert.False(t, ok, notHeader)
	}
}

func TestDateline(t *testing.T) {
	for in, want := range map[string]string{
		"BEIJING — Chinese leader":           "BEIJING",
		"CAIRO – Egypt said":                 "CAIRO",
		"OSLO -- Norway said":                "OSLO",
		"NEW YORK - Stocks fell":             "NEW YORK",
		"LONDON (AP) — Britain said":         "LONDON",
		"KYIV, Ukraine — Drones struck":      "KYIV, Ukraine",
		"WASHINGTON—The Senate":              "WASHINGTON",
		"The minister said — once again — ":  "",
		"“NO” — the crowd roared":            "",
		"A long time ago in a galaxy far — ": "",
	} {
		assert.Equal(t, want, Dateline(in), in)
	}
}

func TestIsHeading(t *testing.T) {
	for _, h := range []string{"The Big Picture", "Historical Resonance, Present Tensions", "Shared Response to U.S. Pressure", "Trump’s Tariffs Reshape Alignments", "Where Do Talks Go From Here?", "2026 in Review"} {
		assert.True(t, IsHeading(h), h)
	}
	for _, p := range []string{"", "He said so.", "“Is this the end?”", "lower case start", "BEIJING — Chinese leader Xi Jinping hosted Russian President Vladimir Putin in Beijing on Tuesday, hailing him as an old friend", "Putin: said this:"} {
		assert.False(t, IsHeading(p), p)
	}
}
