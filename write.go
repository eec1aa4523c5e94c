package newslooks

import (
	"io"
	"strings"

	"github.com/newsingest/newslooks/internal/textform"
)

// WriteTo writes the article in the canonical text form of the format:
// the header line, the Quick Looks block, the repeated headline (left out
// when it would read as a quick-look line) and "Deep Look", then the body
// with one paragraph a line and section headings on lines of their own.
// WriteTo implements io.WriterTo.
//
// What parsing the output gives back depends on where the article came
// from, since the text form tells its parts apart by their shape:
//
//   - An article that Parse returned reads back as the same article, less
//     the fields the text form does not carry (page metadata, Source,
//     Warnings). The tests check this on every fixture and the fuzzer on
//     whatever it finds.
//   - Any other article (from a web page, a feed, your own code) reads
//     back with the same headline, Quick Looks block and body text in
//     order, provided the text form can carry it: the headline holds no
//     "/ " and is at most 300 bytes long; there is a summary or a byline
//     field for the header line to hold, and when the headline ends in a
//     full stop, a byline field that reads back as one (below), since a
//     headline and prose alone read as prose; and no heading or paragraph
//     is itself a header line. The rest comes back where its values have
//     the shapes the text form gives them: a byline field is read by its
//     shape (a publisher is a short site name, a location is in
//     capitals, authors are personal names, an edition ends in
//     "Edition"), so "the Guardian" reads back as part of the summary; a
//     paragraph shaped like a heading (short, capitalised, no full stop)
//     reads back as a heading, and the dateline with it. The page
//     parser's tests check this on every page fixture and its fuzzer on
//     the pages it makes.
func (a *Article) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	b.WriteString(a.Headline)
	for _, f := range [...]string{a.Byline.Publisher, a.Byline.Location, textform.JoinAuthors(a.Byline.Authors), a.Byline.Edition, a.Summary} {
		if f != "" {
			b.WriteString(textform.Sep)
			b.WriteString(f)
		}
	}
	b.WriteString("\n\n")
	if a.QuickLooks.Present() {
		b.WriteString(a.QuickLooks.DisplayTitle())
		b.WriteByte('\n')
		for _, item := range a.QuickLooks.Items {
			b.WriteString("- ")
			b.WriteString(item)
			b.WriteByte('\n')
		}
		b.WriteByte('\n')
	}
	if _, bullet := textform.BulletItem(a.Headline); !bullet && !textform.IsQuickLooksTitle(a.Headline) {
		// The repeated headline is optional; it is left out where it
		// would read as a quick-look item or title.
		b.WriteString(a.Headline)
		b.WriteByte('\n')
	}
	b.WriteString("Deep Look\n")
	for _, s := range a.Sections {
		if s.Heading != "" {
			b.WriteString(s.Heading)
			b.WriteByte('\n')
		}
		for _, p := range s.Paragraphs {
			b.WriteString(p)
			b.WriteByte('\n')
		}
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}
