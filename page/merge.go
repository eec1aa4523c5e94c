package page

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/textform"
)

// mergeImages lists the page's images in the documented order, one per
// absolute URL: those of its metadata, then found, those of its body.
func mergeImages(m *pageMeta, l *links, found []pageImage) []newslooks.Image {
	all := make([]pageImage, 0, len(m.ld.images)+len(m.ogImages)+1+len(found))
	for _, img := range m.ld.images {
		all = append(all, pageImage{Image: img})
	}
	for _, img := range m.ogImages {
		all = append(all, pageImage{Image: img, altOnly: true})
	}
	if m.twitterImage != "" {
		all = append(all, pageImage{Image: newslooks.Image{URL: m.twitterImage}})
	}
	all = append(all, found...)
	var out []pageImage
	index := make(map[string]int, len(all))
	for _, img := range all {
		img.URL = l.resolve(img.URL)
		if img.URL == "" {
			continue
		}
		k, seen := index[img.URL]
		if !seen {
			if len(out) < maxImages {
				index[img.URL] = len(out)
				out = append(out, img)
			}
			continue
		}
		o := &out[k]
		if img.Caption != "" && (o.Caption == "" || o.altOnly && !img.altOnly) {
			o.Caption, o.altOnly = img.Caption, img.altOnly
		}
		if o.Credit == "" {
			o.Credit = img.Credit
		}
	}
	if len(out) == 0 {
		return nil
	}
	imgs := make([]newslooks.Image, len(out))
	for i, img := range out {
		imgs[i] = img.Image
	}
	return imgs
}

// merge completes the metadata article a of another publisher's page with
// what go-readability found, f: a's fields win where they are set, the
// body comes from f, and f's images follow a's.
func merge(a, f *newslooks.Article) (*newslooks.Article, error) {
	if f == nil {
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: the page holds no article", newslooks.ErrNotArticle)}
	}
	a.Headline = clean.FirstOf(a.Headline, f.Headline)
	a.Summary = clean.FirstOf(a.Summary, f.Summary)
	if len(a.Byline.Authors) == 0 {
		a.Byline.Authors = personNames(f.Byline.Authors, articleSiteKeys(a))
	}
	if len(a.Byline.Authors) == 0 {
		if ag := datelineAgency(f.Sections); ag != "" {
			a.Byline.Authors = []string{ag}
		}
	}
	a.Byline.Publisher = clean.FirstOf(a.Byline.Publisher, f.Byline.Publisher)
	a.Byline.Location = clean.FirstOf(a.Byline.Location, f.Byline.Location)
	a.Byline.Edition = clean.FirstOf(a.Byline.Edition, f.Byline.Edition)
	a.QuickLooks = f.QuickLooks
	// The byline at the top is looked for first: on a short article it
	// is among the last paragraphs too, where dropAuthorBox would take it.
	byline := dropBylineParagraph(f.Sections, a.Byline.Authors)
	a.Sections = dropAuthorSection(dropAuthorBox(f.Sections, a.Byline.Authors), a.Byline.Authors)
	a.Dateline = f.Dateline
	if byline != "" {
		// The byline was the first paragraph: the summary go-readability
		// took from it and the dateline are the next one's.
		first := firstParagraph(a.Sections)
		if a.Summary == byline {
			a.Summary = first
		}
		a.Dateline = textform.Dateline(first)
	}
	a.URL = clean.FirstOf(a.URL, f.URL)
	if a.Published.IsZero() {
		a.Published = f.Published
	}
	if a.Modified.IsZero() {
		a.Modified = f.Modified
	}
	a.Section = clean.FirstOf(a.Section, f.Section)
	if len(a.Tags) == 0 {
		a.Tags = f.Tags
	}
	for _, img := range f.Images {
		if !hasImage(a.Images, img.URL) {
			a.Images = append(a.Images, img)
		}
	}
	if a.Language == "" && f.Language != "" {
		a.Language, a.LanguageSource = f.Language, languageDeclared
	}
	detectArticleLanguage(a)
	a.Warnings = append(a.Warnings, f.Warnings...)
	if a.Headline == "" {
		a.Headline = bodyHeadline(a.Sections)
	}
	if a.Headline == "" {
		return nil, &newslooks.ParseError{Err: fmt.Errorf("%w: the page has no headline", newslooks.ErrNotArticle)}
	}
	return a, nil
}

func hasImage(imgs []newslooks.Image, u string) bool {
	for _, img := range imgs {
		if img.URL == u {
			return true
		}
	}
	return false
}

// articleSiteKeys returns the nameKeys of the article's publisher and of
// its URL's site label (siteLabel): names no author can have.
func articleSiteKeys(a *newslooks.Article) map[string]bool {
	keys := map[string]bool{}
	if k := nameKey(a.Byline.Publisher); k != "" {
		keys[k] = true
	}
	if u, err := url.Parse(a.URL); err == nil {
		if k := siteLabel(u.Hostname()); k != "" {
			keys[nameKey(k)] = true
		}
	}
	return keys
}

// authorBoxParas is how many of the last paragraphs dropAuthorBox looks
// at: an author box follows the article.
const authorBoxParas = 4

// dropAuthorBox drops, from the last paragraphs of the body, the author
// box that pages print after the article: a line that is an author's name
// alone ("Emiliano Bellini") or their byline ("Von: Anna Berg"), and a
// short biography that opens with the
// author's name or first name ("Phil Helsel is a reporter for NBC News.",
// "Emiliano joined pv magazine in March 2017.").
func dropAuthorBox(sections []newslooks.Section, authors []string) []newslooks.Section {
	if len(authors) == 0 || len(sections) == 0 {
		return sections
	}
	last := &sections[len(sections)-1]
	paras := last.Paragraphs
	start := max(len(paras)-authorBoxParas, 0)
	kept := paras[:start:start]
	for _, p := range paras[start:] {
		if !isAuthorBoxLine(p, authors) {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 && len(sections) > 1 && last.Heading == "" {
		return sections[:len(sections)-1]
	}
	if len(kept) > 0 || len(sections) == 1 {
		last.Paragraphs = kept
	}
	return sections
}

// maxBio bounds a biography's length.
const maxBio = 300

func isAuthorBoxLine(p string, authors []string) bool {
	if isBylineOf(p, authors) {
		return true
	}
	for _, a := range authors {
		if strings.EqualFold(p, a) {
			return true
		}
		if len(p) > maxBio {
			continue
		}
		first, _, _ := strings.Cut(a, " ")
		for _, name := range [...]string{a, first} {
			if len(name) < 3 {
				continue
			}
			if rest, ok := strings.CutPrefix(p, name+" "); ok {
				for _, v := range [...]string{"is ", "joined ", "has ", "was ", "covers ", "writes "} {
					if strings.HasPrefix(rest, v) {
						return true
					}
				}
			}
		}
	}
	return false
}

// datelineAgencies are the agencies credited in a wire story's dateline
// ("ST. JOSEPH, Mich. (AP) —"), by the credit, with their names.
var datelineAgencies = [...][2]string{
	{"(AP)", "Associated Press"}, {"(Reuters)", "Reuters"}, {"(AFP)", "AFP"},
	{"(UPI)", "UPI"}, {"(dpa)", "dpa"}, {"(PTI)", "PTI"}, {"(ANSA)", "ANSA"}, {"(EFE)", "EFE"},
}

// maxDateline bounds where in the first paragraph an agency's credit may
// stand: in the dateline, before the first sentence.
const maxDateline = 80

// datelineAgency returns the agency that the dateline of the body's first
// paragraph credits, or "": a story with no byline whose dateline says
// "(AP) —" is the Associated Press's.
func datelineAgency(sections []newslooks.Section) string {
	for _, s := range sections {
		if len(s.Paragraphs) == 0 {
			continue
		}
		p := s.Paragraphs[0]
		for _, ag := range datelineAgencies {
			i := strings.Index(p, ag[0])
			if i < 0 || i > maxDateline {
				continue
			}
			rest := strings.TrimSpace(p[i+len(ag[0]):])
			if strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, ":") {
				return ag[1]
			}
		}
		return ""
	}
	return ""
}

// bylineParas is how many of the body's first paragraphs
// dropBylineParagraph looks at: a byline stands at the top.
const bylineParas = 3

// dropBylineParagraph drops, from the first paragraphs of the body, the
// byline that go-readability kept as a paragraph ("By A. Writer", "Von
// Anna Berg und Jan Koch"): a short paragraph that opens with a byline
// label and names exactly the article's authors. It returns the dropped
// paragraph, or "".
func dropBylineParagraph(sections []newslooks.Section, authors []string) string {
	if len(authors) == 0 || len(sections) == 0 {
		return ""
	}
	paras := sections[0].Paragraphs
	for i := 0; i < len(paras) && i < bylineParas; i++ {
		if p := paras[i]; isBylineOf(p, authors) {
			sections[0].Paragraphs = append(paras[:i:i], paras[i+1:]...)
			return p
		}
	}
	return ""
}

// isBylineOf reports whether paragraph p is a byline of authors: short,
// opened by a byline label, and naming exactly them.
func isBylineOf(p string, authors []string) bool {
	if len(p) > maxBylinePara || !opensByline(p) {
		return false
	}
	names := appendNames(nil, p)
	if len(names) != len(authors) {
		return false
	}
	for _, n := range names {
		if !clean.ContainsFold(authors, n) {
			return false
		}
	}
	return true
}

// maxBylinePara bounds the length of a byline paragraph.
const maxBylinePara = 200

// firstParagraph returns the body's first paragraph, or "".
func firstParagraph(sections []newslooks.Section) string {
	for _, s := range sections {
		if len(s.Paragraphs) > 0 {
			return s.Paragraphs[0]
		}
	}
	return ""
}
