// Package ninjs renders an Article as an IPTC ninjs 2.2 news item
// (https://www.iptc.org/std/ninjs/), the JSON form that news agencies and
// archives exchange. FromArticle maps the fields; Write writes the JSON.
// The output validates against the ninjs 2.2 JSON Schema, which the tests
// check.
package ninjs

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/textform"
)

// URNPrefix starts the uri that FromArticle derives for an article
// that has no URL.
const URNPrefix = "urn:newslooks:"

// An Item is a news item in IPTC ninjs 2.2 form
// (https://www.iptc.org/std/ninjs/), holding the subset of its properties
// that an Article fills. The JSON names are those of the ninjs 2.2 schema;
// empty properties are left out, except uri, which the schema requires.
type Item struct {
	// URI identifies the item: see FromArticle.
	URI string `json:"uri"`
	// Type is the generic news type; always "text" for an article.
	Type string `json:"type,omitempty"`
	// Language is the language of the content, as IETF BCP 47.
	Language string `json:"language,omitempty"`
	// FirstCreated is when the first version of the item was created.
	FirstCreated time.Time `json:"firstcreated,omitzero"`
	// VersionCreated is when this version of the item was created.
	VersionCreated time.Time `json:"versioncreated,omitzero"`
	// Headlines holds the headline, with role "main".
	Headlines []Text `json:"headlines,omitempty"`
	// Descriptions holds the summary, with role "summary".
	Descriptions []Text `json:"descriptions,omitempty"`
	// By names the authors ("A. Reyes and P. Lin").
	By string `json:"by,omitempty"`
	// Located is the place the story was filed from.
	Located string `json:"located,omitempty"`
	// InfoSources holds the publisher.
	InfoSources []InfoSource `json:"infosources,omitempty"`
	// Subjects holds the page's tags.
	Subjects []Subject `json:"subjects,omitempty"`
	// Bodies holds the body as HTML, with role "main".
	Bodies []Text `json:"bodies,omitempty"`
	// Associations holds the page's images, each as a picture item.
	Associations []Association `json:"associations,omitempty"`
}

// Text is an element of the headlines, descriptions or bodies of a
// ninjs item: a text with its role and IANA media type.
type Text struct {
	// Role says what the text is: "main", "summary".
	Role string `json:"role,omitempty"`
	// ContentType is the media type of Value: "text/plain", "text/html".
	ContentType string `json:"contenttype,omitempty"`
	// Value is the text itself.
	Value string `json:"value"`
}

// Subject is a concept the item is about.
type Subject struct {
	// Name is the subject's name.
	Name string `json:"name"`
}

// InfoSource is a party that supplied the content.
type InfoSource struct {
	// Name is the party's name.
	Name string `json:"name"`
}

// Association is a news object associated with the item; an Article's
// images are associated as items of type "picture".
type Association struct {
	// Name names the association within the item: "image1", "image2"...
	Name string `json:"name"`
	// URI identifies the associated object; for an image, its URL.
	URI string `json:"uri"`
	// Type is the generic news type of the associated object.
	Type string `json:"type,omitempty"`
	// Descriptions holds an image's caption, with role "caption".
	Descriptions []Text `json:"descriptions,omitempty"`
	// By credits the creator of the object.
	By string `json:"by,omitempty"`
	// Renditions lists where the object can be fetched.
	Renditions []Rendition `json:"renditions,omitempty"`
}

// Rendition is one rendition of a news object.
type Rendition struct {
	// Name names the rendition: "original".
	Name string `json:"name"`
	// Href is the URL of the rendition.
	Href string `json:"href,omitempty"`
}

// FromArticle returns the article as an IPTC ninjs 2.2 news item of type "text":
//
//   - uri is the article's URL when that is an absolute URL; otherwise it
//     is "urn:newslooks:" followed by the lower-case hex SHA-256 of the
//     headline, the publisher and the first body paragraph joined by
//     newlines ("\n"), so that the same article always gets the same uri;
//   - headlines holds the headline (role "main"), descriptions the summary
//     (role "summary", text/plain), by the authors joined as the text form
//     joins them ("A and B", "A, B & C"), located the dateline, language
//     the language, and infosources the publisher;
//   - firstcreated is Published, and versioncreated is Modified, or
//     Published when the article has no Modified time;
//   - subjects holds one subject per tag;
//   - bodies holds one text/html body (role "main"): the Quick Looks block
//     as an <h2> title and a <ul> list, then the sections, each as an <h2>
//     heading (none for the opening section) and one <p> a paragraph, one
//     element a line, with the text HTML-escaped;
//   - associations holds the images that have an absolute URL, as items of
//     type "picture" named "image1", "image2"..., with the caption as a
//     description, the credit as by and the URL as uri and rendition.
//
// Empty fields give no property.
func FromArticle(a *newslooks.Article) *Item {
	n := &Item{
		URI:      itemURI(a),
		Type:     "text",
		Language: strings.TrimSpace(a.Language),
		By:       textform.JoinAuthors(clean.NonEmpty(a.Byline.Authors)),
		Located:  a.Dateline,
	}
	n.FirstCreated = a.Published
	n.VersionCreated = a.Modified
	if n.VersionCreated.IsZero() {
		n.VersionCreated = a.Published
	}
	if a.Headline != "" {
		n.Headlines = []Text{{Role: "main", Value: a.Headline}}
	}
	if a.Summary != "" {
		n.Descriptions = []Text{{Role: "summary", ContentType: "text/plain", Value: a.Summary}}
	}
	if a.Byline.Publisher != "" {
		n.InfoSources = []InfoSource{{Name: a.Byline.Publisher}}
	}
	for _, t := range a.Tags {
		if t = strings.TrimSpace(t); t != "" {
			n.Subjects = append(n.Subjects, Subject{Name: t})
		}
	}
	if body := bodyHTML(a); body != "" {
		n.Bodies = []Text{{Role: "main", ContentType: "text/html", Value: body}}
	}
	for _, img := range a.Images {
		if !isAbsoluteURL(img.URL) {
			continue
		}
		as := Association{
			Name:       "image" + strconv.Itoa(len(n.Associations)+1),
			URI:        img.URL,
			Type:       "picture",
			By:         img.Credit,
			Renditions: []Rendition{{Name: "original", Href: img.URL}},
		}
		if img.Caption != "" {
			as.Descriptions = []Text{{Role: "caption", ContentType: "text/plain", Value: img.Caption}}
		}
		n.Associations = append(n.Associations, as)
	}
	return n
}

// Write writes the article's item as JSON indented by two spaces, with a
// final newline. HTML characters in strings are written as they are, not
// as \u escapes. Callers that want one item a line (JSON Lines) marshal
// the result of FromArticle themselves.
func Write(w io.Writer, a *newslooks.Article) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(FromArticle(a))
}

// itemURI returns the uri of the article's item: its URL, or a URN derived
// from its content.
func itemURI(a *newslooks.Article) string {
	if u := strings.TrimSpace(a.URL); isAbsoluteURL(u) {
		return u
	}
	first := ""
	for _, s := range a.Sections {
		if len(s.Paragraphs) > 0 {
			first = s.Paragraphs[0]
			break
		}
	}
	sum := sha256.Sum256([]byte(a.Headline + "\n" + a.Byline.Publisher + "\n" + first))
	return URNPrefix + hex.EncodeToString(sum[:])
}

// isAbsoluteURL reports whether s parses as an absolute URL, as the "uri"
// format of JSON Schema requires.
func isAbsoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.IsAbs() && !strings.ContainsAny(s, " \t\r\n")
}

// bodyHTML returns the Quick Looks block and the sections as HTML, one
// element a line, or "" when the article has neither.
func bodyHTML(a *newslooks.Article) string {
	var b strings.Builder
	if a.QuickLooks.Present() {
		items := clean.NonEmpty(a.QuickLooks.Items)
		htmlElement(&b, "h2", a.QuickLooks.DisplayTitle())
		if len(items) > 0 {
			b.WriteString("<ul>\n")
			for _, item := range items {
				htmlElement(&b, "li", item)
			}
			b.WriteString("</ul>\n")
		}
	}
	for _, s := range a.Sections {
		if s.Heading != "" {
			htmlElement(&b, "h2", s.Heading)
		}
		for _, p := range s.Paragraphs {
			if p != "" {
				htmlElement(&b, "p", p)
			}
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// htmlElement writes <tag>text</tag> and a newline, escaping text.
func htmlElement(b *strings.Builder, tag, text string) {
	b.WriteString("<" + tag + ">")
	b.WriteString(html.EscapeString(text))
	b.WriteString("</" + tag + ">\n")
}
