package score

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMetaKey(t *testing.T) {
	cases := []struct{ in, want string }{
		{"  Xi’s  “Old Friend”\u00a0— Putin…\n", `xi's "old friend" - putin...`},
		{"Play…and Pay", "play...and pay"},
		{"a\u2009b\u202fc\u3000d\te", "a b c d e"}, // thin, narrow no-break, ideographic spaces, tab
		{"zero\u200bwidth", "zerowidth"},
		{"STRASSE", "strasse"},
		{"Straße", "strasse"}, // full case folding, not just lower case
		{"«Le Monde»", `"le monde"`},
		{"Cafe\u0301", "café"}, // NFC: e + combining acute = é
		{"ΣΟΦΙΑ", "σοφια"},
		{"", ""},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, MetaKey(c.in), "MetaKey(%q)", c.in)
	}
}

func TestTitleMatches(t *testing.T) {
	assert.True(t, TitleMatches("Apple’s Vision Pro is the Retina display moment for headsets", "Apple's Vision Pro is the  retina display moment for headsets"))
	assert.True(t, TitleMatches("Bubonic plague – ‘The plague is coming’", "Bubonic plague - 'The plague is coming'"))
	assert.False(t, TitleMatches("Obama admits US gun laws are his 'biggest frustration' - BBC News", "Obama admits US gun laws are his 'biggest frustration'"), "a site suffix is wrong")
	assert.False(t, TitleMatches("", "A title"))
	assert.False(t, TitleMatches("Xi, Putin deepen ties.", "Xi, Putin deepen ties"), "punctuation other than quotes and dashes counts")
}

func TestAuthorsMatch(t *testing.T) {
	assert.True(t, AuthorsMatch(nil, []string{}), "no names = no names")
	assert.True(t, AuthorsMatch([]string{"  "}, nil), "blank names are no names")
	assert.True(t, AuthorsMatch([]string{"Malcolm Owen", "Mike Wuerthele"}, []string{"Mike Wuerthele", "Malcolm Owen"}), "order ignored")
	assert.True(t, AuthorsMatch([]string{"JEFFREY GETTLEMAN"}, []string{"Jeffrey Gettleman"}), "case folded")
	assert.True(t, AuthorsMatch([]string{"Sean Martin", "Sean Martin"}, []string{"Sean Martin"}), "repeats ignored")
	assert.False(t, AuthorsMatch([]string{"BBC News"}, nil), "a name where the truth has none")
	assert.False(t, AuthorsMatch(nil, []string{"Dan Goodin"}), "no name where the truth has one")
	assert.False(t, AuthorsMatch([]string{"Jill Disis", "CNN Business"}, []string{"Jill Disis"}), "an extra name")
	assert.False(t, AuthorsMatch([]string{"Mike Wuerthele"}, []string{"Mike Wuerthele", "Malcolm Owen"}), "a missing name")
	assert.False(t, AuthorsMatch([]string{"Mike Wuerthele and Malcolm Owen"}, []string{"Mike Wuerthele", "Malcolm Owen"}), "an unsplit byline")
	assert.False(t, AuthorsMatch([]string{"J Mansour"}, []string{"J. Mansour"}), "punctuation in names counts")
}

func TestPublisherMatches(t *testing.T) {
	assert.True(t, PublisherMatches("the Guardian", "The Guardian"))
	assert.True(t, PublisherMatches("Guardian", "The Guardian"), "a leading The is ignored on either side")
	assert.True(t, PublisherMatches("WIRED", "Wired"))
	assert.False(t, PublisherMatches("Le Monde.fr", "Le Monde"))
	assert.False(t, PublisherMatches("CBSSports.com", "CBS Sports"))
	assert.False(t, PublisherMatches("Theatre Today", "atre Today"), "only the word The is dropped")
	assert.False(t, PublisherMatches("", "The Guardian"))
	assert.False(t, PublisherMatches("The", "The"), "a bare The is no name")
}

func TestLanguage(t *testing.T) {
	assert.Equal(t, "en", PrimaryLanguage("en-US"))
	assert.Equal(t, "pt", PrimaryLanguage(" pt_BR "))
	assert.Equal(t, "de", PrimaryLanguage("DE"))
	assert.True(t, LanguageMatches("en-gb", "en"))
	assert.False(t, LanguageMatches("en", "de"))
	assert.False(t, LanguageMatches("", "en"))
	assert.False(t, LanguageMatches("eng", "en"), "three-letter codes are not mapped")
}

func TestParseTruthDate(t *testing.T) {
	d, err := ParseTruthDate("2015-03-18")
	require.NoError(t, err)
	assert.True(t, d.DateOnly)
	assert.Equal(t, time.Date(2015, 3, 18, 0, 0, 0, 0, time.UTC), d.T)

	d, err = ParseTruthDate("2019-11-18T21:24:00-05:00")
	require.NoError(t, err)
	assert.False(t, d.DateOnly)
	_, off := d.T.Zone()
	assert.Equal(t, -5*3600, off)

	d, err = ParseTruthDate("2019-11-18T21:24-05:00")
	require.NoError(t, err, "seconds are optional")
	assert.Equal(t, 21, d.T.Hour())

	d, err = ParseTruthDate("")
	require.NoError(t, err)
	assert.True(t, d.IsZero())

	for _, bad := range []string{"2019-11-18T21:24:00", "18 Nov 2019", "2019-13-01"} {
		_, err := ParseTruthDate(bad)
		assert.Error(t, err, bad)
	}
}

func TestDateMatches(t *testing.T) {
	et := time.FixedZone("ET", -5*3600)
	withZone, _ := ParseTruthDate("2019-11-18T21:24:00-05:00") // shown "Nov 18, 2019 at 9:24 pm ET"
	// The same instant in UTC is the 19th there, but the 18th where the page is.
	assert.True(t, DateMatches(time.Date(2019, 11, 19, 2, 24, 0, 0, time.UTC), withZone))
	assert.True(t, DateMatches(time.Date(2019, 11, 18, 9, 0, 0, 0, et), withZone))
	// A bare date (midnight) is that day wherever it was.
	assert.True(t, DateMatches(time.Date(2019, 11, 18, 0, 0, 0, 0, time.UTC), withZone))
	assert.False(t, DateMatches(time.Date(2019, 11, 19, 0, 0, 0, 0, time.UTC), withZone), "the bare UTC date of the next day")
	// Within 24 hours is not enough.
	assert.False(t, DateMatches(time.Date(2019, 11, 19, 10, 0, 0, 0, time.UTC), withZone))
	// A zone-less time read as UTC lands on the previous day in the page's zone.
	engadget, _ := ParseTruthDate("2017-11-03T03:01:00-04:00")
	assert.False(t, DateMatches(time.Date(2017, 11, 3, 3, 1, 0, 0, time.UTC), engadget))

	dateOnly, _ := ParseTruthDate("2015-03-18")
	assert.True(t, DateMatches(time.Date(2015, 3, 18, 23, 59, 0, 0, et), dateOnly), "read in the extractor's own zone")
	assert.False(t, DateMatches(time.Date(2015, 3, 18, 23, 59, 0, 0, et).UTC(), dateOnly), "the 19th in UTC")
	assert.False(t, DateMatches(time.Date(2015, 3, 17, 12, 0, 0, 0, time.UTC), dateOnly))

	assert.False(t, DateMatches(time.Time{}, dateOnly), "no date where the page has one")
	none, _ := ParseTruthDate("")
	assert.True(t, DateMatches(time.Time{}, none), "no date where the page has none")
	assert.False(t, DateMatches(time.Date(2015, 3, 18, 0, 0, 0, 0, time.UTC), none), "a date where the page has none")
}
