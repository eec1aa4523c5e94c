package page

import (
	"strings"
	"time"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/htmlx"
	"github.com/newsingest/newslooks/internal/textform"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// declared.go reads what a page declares about its article outside the body
// text: the <html lang>, <title>, <base> and canonical link, the <meta>
// tags (plain, Open Graph, Twitter, itemprop) and the JSON-LD blocks. The
// order in which these sources win is documented on Parser.ParseHTML.

// pageMeta is what the head and the structured data of a page say.
type pageMeta struct {
	lang      string // <html lang>
	title     string // <title>
	base      string // <base href>
	canonical string // <link rel=canonical>

	// Plain <meta name=...> tags.
	description, author, keywords, newsKeywords string
	contentLanguage, applicationName            string
	dcPublisher                                 string // DC.publisher, dcterms.publisher
	writtenBy                                   string // twitter:data1 after twitter:label1 "Written by" (isWrittenByLabel)

	// Open Graph and its article: namespace.
	ogTitle, ogDescription, ogSiteName, ogURL, ogType, ogLocale  string
	articleSection, articlePublished, articleModified, ogUpdated string
	articleAuthors, articleTags                                  []string
	ogImages                                                     []newslooks.Image

	// Twitter cards.
	twitterTitle, twitterDescription, twitterImage string

	// <meta itemprop=...> tags: the microdata some themes put in the body.
	itemPublished, itemModified string

	// otherPublished is the first of the non-standard publication-date
	// tags (DC.date.issued, pdate, article:published, ...).
	otherPublished string

	ld        jsonLD
	ldBroken  int      // JSON-LD blocks that are not valid JSON
	ldTypes   []string // the @type of every JSON-LD object, for telling pages apart
	twitLabel string   // the last twitter:labelN seen
}

// jsonLD is what the JSON-LD article object (NewsArticle, Article,
// BlogPosting, ...) of a page says.
type jsonLD struct {
	found                          bool
	headline, description          string
	published, modified            string
	section, lang, url, mainEntity string
	publisher                      string
	authors, keywords              []string
	persons                        []string // the authors typed Person
	images                         []newslooks.Image
	pageLang                       string // inLanguage of a WebPage object
	pagePublished                  string // datePublished of a WebPage object
}

// readMeta reads the page metadata of the document under root, in one
// walk over its elements.
func readMeta(root *html.Node) *pageMeta {
	m := new(pageMeta)
	for n := htmlx.Next(root, root); n != nil; n = htmlx.Next(n, root) {
		if n.Type == html.ElementNode {
			m.addElement(n)
		}
	}
	return m
}

// addElement records what one element says, when it is one that carries
// page metadata.
func (m *pageMeta) addElement(n *html.Node) {
	switch n.DataAtom {
	case atom.Html:
		if m.lang == "" {
			m.lang = strings.TrimSpace(htmlx.Attr(n, "lang"))
		}
	case atom.Title:
		if m.title == "" && !inSVG(n) {
			m.title = clean.Space(textContent(n))
		}
	case atom.Base:
		if m.base == "" {
			m.base = strings.TrimSpace(htmlx.Attr(n, "href"))
		}
	case atom.Link:
		if m.canonical == "" && hasToken(htmlx.Attr(n, "rel"), "canonical") {
			m.canonical = strings.TrimSpace(htmlx.Attr(n, "href"))
		}
	case atom.Meta:
		m.addMeta(n)
	case atom.Script:
		if isJSONLD(htmlx.Attr(n, "type")) && n.FirstChild != nil {
			m.addJSONLD(n.FirstChild.Data)
		}
	}
}

// inSVG reports whether n is inside an <svg>, whose <title> is not the
// page's.
func inSVG(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Svg {
			return true
		}
	}
	return false
}

func isJSONLD(typ string) bool {
	typ, _, _ = strings.Cut(typ, ";")
	return strings.EqualFold(strings.TrimSpace(typ), "application/ld+json")
}

// metaFields maps the <meta> keys that give one value each to the field
// that keeps it: the first value wins.
var metaFields = map[string]func(m *pageMeta) *string{
	"description":            func(m *pageMeta) *string { return &m.description },
	"author":                 func(m *pageMeta) *string { return &m.author },
	"keywords":               func(m *pageMeta) *string { return &m.keywords },
	"news_keywords":          func(m *pageMeta) *string { return &m.newsKeywords },
	"application-name":       func(m *pageMeta) *string { return &m.applicationName },
	"dc.publisher":           func(m *pageMeta) *string { return &m.dcPublisher },
	"dcterms.publisher":      func(m *pageMeta) *string { return &m.dcPublisher },
	"og:title":               func(m *pageMeta) *string { return &m.ogTitle },
	"og:description":         func(m *pageMeta) *string { return &m.ogDescription },
	"og:site_name":           func(m *pageMeta) *string { return &m.ogSiteName },
	"og:url":                 func(m *pageMeta) *string { return &m.ogURL },
	"og:type":                func(m *pageMeta) *string { return &m.ogType },
	"og:locale":              func(m *pageMeta) *string { return &m.ogLocale },
	"article:section":        func(m *pageMeta) *string { return &m.articleSection },
	"article:published_time": func(m *pageMeta) *string { return &m.articlePublished },
	"article:modified_time":  func(m *pageMeta) *string { return &m.articleModified },
	"og:updated_time":        func(m *pageMeta) *string { return &m.ogUpdated },
	"twitter:title":          func(m *pageMeta) *string { return &m.twitterTitle },
	"twitter:description":    func(m *pageMeta) *string { return &m.twitterDescription },
	"twitter:image":          func(m *pageMeta) *string { return &m.twitterImage },
	"twitter:image:src":      func(m *pageMeta) *string { return &m.twitterImage },
	"itemprop:datepublished": func(m *pageMeta) *string { return &m.itemPublished },
	"itemprop:datemodified":  func(m *pageMeta) *string { return &m.itemModified },
}

// publishedKeys are the <meta> keys, beside the standard ones, under which
// pages give their publication date.
var publishedKeys = map[string]bool{
	"dc.date.issued": true, "dcterms.issued": true, "dc.date.created": true, "dcterms.created": true,
	"dc.date": true, "date": true, "pdate": true, "article:published": true, "article.published": true,
	"publish-date": true, "publish_date": true, "publishdate": true, "pubdate": true, "published_at": true,
	"sailthru.date": true, "parsely-pub-date": true, "og:published_time": true, "datepublished": true,
	"itemprop:datecreated": true, "cxenseparse:recs:publishtime": true, "article_date_original": true,
}

// A metaTag is what one <meta> element says: the keys it is filed under
// (its name or property, and its itemprop as "itemprop:NAME", both
// lower case) and its content.
type metaTag struct {
	keys    []string
	equiv   string // http-equiv
	content string
}

// readMetaTag reads the attributes of a <meta> element. A tag with no
// content, or an empty one, gives no key.
func readMetaTag(n *html.Node) metaTag {
	var t metaTag
	for _, a := range n.Attr {
		switch a.Key {
		case "property", "name":
			t.keys = append(t.keys, strings.ToLower(strings.TrimSpace(a.Val)))
		case "itemprop":
			t.keys = append(t.keys, "itemprop:"+strings.ToLower(strings.TrimSpace(a.Val)))
		case "http-equiv":
			t.equiv = a.Val
		case "content":
			t.content = strings.TrimSpace(a.Val)
		}
	}
	if t.content == "" {
		t.keys = nil
	}
	return t
}

// addMeta records one <meta> tag under each of its keys: a tag such as
// <meta property="article:published_time" itemprop="datePublished"> counts
// for both.
func (m *pageMeta) addMeta(n *html.Node) {
	t := readMetaTag(n)
	if t.equiv != "" {
		if strings.EqualFold(t.equiv, "content-language") && m.contentLanguage == "" {
			m.contentLanguage = t.content
		}
		return
	}
	for _, key := range t.keys {
		if publishedKeys[key] {
			if m.otherPublished == "" {
				m.otherPublished = t.content
			}
			continue
		}
		if field, ok := metaFields[key]; ok {
			if p := field(m); *p == "" {
				*p = t.content
			}
			continue
		}
		m.addListMeta(key, t.content)
	}
}

// addListMeta records a <meta> tag whose key may repeat: images, tags,
// authors, and Twitter's label and data pairs.
func (m *pageMeta) addListMeta(key, content string) {
	switch {
	case key == "og:image" || key == "og:image:url":
		// Each og:image starts a new image; og:image:url repeats it.
		if key == "og:image:url" && len(m.ogImages) > 0 && m.ogImages[len(m.ogImages)-1].URL == content {
			return
		}
		m.ogImages = append(m.ogImages, newslooks.Image{URL: content})
	case key == "og:image:alt":
		if k := len(m.ogImages) - 1; k >= 0 && m.ogImages[k].Caption == "" {
			m.ogImages[k].Caption = clean.Space(content)
		}
	case key == "article:tag":
		m.articleTags = append(m.articleTags, content)
	case key == "article:author":
		m.articleAuthors = append(m.articleAuthors, content)
	case strings.HasPrefix(key, "twitter:label"):
		m.twitLabel = content
	case strings.HasPrefix(key, "twitter:data"):
		if isWrittenByLabel(m.twitLabel) && m.writtenBy == "" {
			m.writtenBy = content
		}
		m.twitLabel = ""
	}
}

// isWrittenByLabel reports whether a twitter:label is the "Written by" a
// CMS (Yoast) labels the author with, in the languages of its
// translations: "Verfasst von", "Geschrieben von", "Écrit par", "Escrito
// por", "Scritto da", "Geschreven door", ...
func isWrittenByLabel(label string) bool {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "written by", "verfasst von", "geschrieben von", "écrit par", "ecrit par", "escrito por",
		"scritto da", "geschreven door", "skrevet af", "skrevet av", "skriven av", "kirjoittanut", "napisane przez":
		return true
	}
	return false
}

// maxLDObjects bounds the JSON-LD objects read from one page, and
// maxLDDepth how deep into nested objects the reader looks for them.
const (
	maxLDObjects = 256
	maxLDDepth   = 8
)

// addJSONLD reads one JSON-LD block. A block that is not valid JSON is
// counted and otherwise ignored.
func (m *pageMeta) addJSONLD(src string) {
	src = strings.TrimSpace(src)
	// Some themes wrap the JSON in comment or CDATA markers.
	for _, w := range [...][2]string{{"<!--", "-->"}, {"//<![CDATA[", "//]]>"}, {"<![CDATA[", "]]>"}} {
		if s, ok := strings.CutPrefix(src, w[0]); ok {
			src = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), w[1]))
		}
	}
	if src == "" {
		return
	}
	v, err := decodeJSON(src)
	if err != nil {
		// A CMS that pastes the article's text into a string unescaped
		// leaves line breaks in it, which JSON forbids.
		fixed, ok := escapeRawControls(src)
		if v, err = decodeJSON(fixed); !ok || err != nil {
			m.ldBroken++
			return
		}
	}
	var objs []map[string]any
	collectLD(v, &objs, 0)
	ids := make(map[string]map[string]any, len(objs))
	for _, o := range objs {
		if id, ok := o["@id"].(string); ok && len(o) > 1 {
			ids[id] = o
		}
	}
	for _, o := range objs {
		types := ldTypeList(o["@type"])
		m.ldTypes = append(m.ldTypes, types...)
		switch {
		case !m.ld.found && anyArticleType(types):
			m.ld.fill(o, ids)
		case clean.ContainsFold(types, "WebPage"):
			if m.ld.pageLang == "" {
				m.ld.pageLang = ldString(o["inLanguage"], ids)
			}
			if m.ld.pagePublished == "" {
				m.ld.pagePublished = ldString(o["datePublished"], ids)
			}
		}
	}
}

// collectLD flattens a JSON-LD value into its objects: arrays, @graph and
// the mainEntity of a page are looked into.
func collectLD(v any, out *[]map[string]any, depth int) {
	if depth > maxLDDepth || len(*out) >= maxLDObjects {
		return
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			collectLD(e, out, depth+1)
		}
	case map[string]any:
		*out = append(*out, v)
		if g, ok := v["@graph"]; ok {
			collectLD(g, out, depth+1)
		}
		if e, ok := v["mainEntity"].(map[string]any); ok {
			collectLD(e, out, depth+1)
		}
	}
}

func ldTypeList(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		types := make([]string, 0, len(v))
		for _, t := range v {
			if s, ok := t.(string); ok {
				types = append(types, s)
			}
		}
		return types
	}
	return nil
}

// articleTypes are the schema.org types of an article.
var articleTypes = [...]string{
	"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
	"OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting",
	"TechArticle", "Report", "SatiricalArticle", "AskPublicQuestion",
}

func anyArticleType(types []string) bool {
	for _, a := range articleTypes {
		if clean.ContainsFold(types, a) {
			return true
		}
	}
	return false
}

// fill reads the article object o; ids resolves {"@id": ...} references.
func (ld *jsonLD) fill(o map[string]any, ids map[string]map[string]any) {
	ld.found = true
	ld.headline = clean.Space(ldString(o["headline"], ids))
	if ld.headline == "" {
		ld.headline = clean.Space(ldString(o["name"], ids))
	}
	ld.description = clean.Space(ldString(o["description"], ids))
	ld.published = ldString(o["datePublished"], ids)
	ld.modified = ldString(o["dateModified"], ids)
	ld.section = clean.Space(ldString(o["articleSection"], ids))
	ld.lang = ldString(o["inLanguage"], ids)
	ld.url = ldString(o["url"], ids)
	switch e := o["mainEntityOfPage"].(type) {
	case string:
		ld.mainEntity = e
	case map[string]any:
		ld.mainEntity, _ = e["@id"].(string)
	}
	ld.publisher = clean.Space(ldString(o["publisher"], ids))
	ld.authors = ldNames(o["author"], ids, ld.authors, 0)
	ld.persons = ldPersons(o["author"], ids, ld.persons, 0)
	ld.keywords = ldKeywords(o["keywords"])
	ld.images = ldImages(o["image"], ids, nil, 0)
}

// resolve returns the object that an {"@id": ...} reference names, or o.
func resolve(o map[string]any, ids map[string]map[string]any) map[string]any {
	if id, ok := o["@id"].(string); ok && len(o) == 1 {
		if t, ok := ids[id]; ok {
			return t
		}
	}
	return o
}

// ldString returns the text of a JSON-LD value: a string, the name or
// @value of an object, or the first such of an array.
func ldString(v any, ids map[string]map[string]any) string {
	switch v := v.(type) {
	case string:
		return unescapeText(strings.TrimSpace(v))
	case map[string]any:
		v = resolve(v, ids)
		for _, k := range [...]string{"name", "@value"} {
			if s, ok := v[k].(string); ok && strings.TrimSpace(s) != "" {
				return unescapeText(strings.TrimSpace(s))
			}
		}
	case []any:
		for _, e := range v {
			if _, isArray := e.([]any); isArray {
				continue
			}
			if s := ldString(e, ids); s != "" {
				return s
			}
		}
	}
	return ""
}

// ldNames appends the person names of a JSON-LD author value: a string,
// an object with a name, or an array of them.
func ldNames(v any, ids map[string]map[string]any, names []string, depth int) []string {
	if depth > 2 {
		return names
	}
	switch v := v.(type) {
	case string:
		names = append(names, authorList(v)...)
	case map[string]any:
		if s := ldString(resolve(v, ids), ids); s != "" {
			names = append(names, cleanName(s))
		}
	case []any:
		for _, e := range v {
			names = ldNames(e, ids, names, depth+1)
		}
	}
	return names
}

// ldPersons appends the names of the objects of a JSON-LD author value
// that are typed Person: a page that says its author is a Person means
// a person even where the name is also the site's (a blogger's own
// site).
func ldPersons(v any, ids map[string]map[string]any, names []string, depth int) []string {
	if depth > 2 {
		return names
	}
	switch v := v.(type) {
	case string:
		// An author given as a bare string has no type: a person's
		// name ("Jane Example") counts as a person.
		if s := cleanName(v); textform.IsPersonName(s) {
			names = append(names, s)
		}
	case map[string]any:
		o := resolve(v, ids)
		if clean.ContainsFold(ldTypeList(o["@type"]), "Person") {
			if s := ldString(o, ids); s != "" {
				names = append(names, cleanName(s))
			}
		}
	case []any:
		for _, e := range v {
			names = ldPersons(e, ids, names, depth+1)
		}
	}
	return names
}

// ldKeywords returns the keywords of a JSON-LD value: a comma-separated
// string or an array of strings.
func ldKeywords(v any) []string {
	switch v := v.(type) {
	case string:
		return splitList(v)
	case []any:
		var kw []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				kw = append(kw, splitList(s)...)
			}
		}
		return kw
	}
	return nil
}

// ldImages appends the images of a JSON-LD image value: a URL, an
// ImageObject or an array of them.
func ldImages(v any, ids map[string]map[string]any, imgs []newslooks.Image, depth int) []newslooks.Image {
	if depth > 2 {
		return imgs
	}
	switch v := v.(type) {
	case string:
		if v = strings.TrimSpace(v); v != "" {
			imgs = append(imgs, newslooks.Image{URL: v})
		}
	case map[string]any:
		v = resolve(v, ids)
		img := newslooks.Image{URL: ldString(v["url"], ids)}
		if img.URL == "" {
			img.URL = ldString(v["contentUrl"], ids)
		}
		if img.URL == "" {
			return imgs
		}
		img.Caption = clean.Space(ldString(v["caption"], ids))
		for _, k := range [...]string{"creditText", "copyrightHolder", "author", "creator"} {
			if img.Credit = clean.Space(ldString(v[k], ids)); img.Credit != "" {
				break
			}
		}
		imgs = append(imgs, img)
	case []any:
		for _, e := range v {
			imgs = ldImages(e, ids, imgs, depth+1)
		}
	}
	return imgs
}

// unescapeText decodes the HTML character references left in a text
// that a page escaped twice (a JSON-LD string or a <meta> content holding
// "&quot;" or "&#039;"): the text a reader sees has none.
func unescapeText(s string) string {
	if i := strings.IndexByte(s, '&'); i < 0 || !strings.Contains(s[i:], ";") {
		return s
	}
	return html.UnescapeString(s)
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		if item = clean.Space(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// cleanName trims an author name and the "By " before it.
func cleanName(s string) string {
	return strings.TrimSpace(stripBylinePrefix(clean.Space(s)))
}

// authorList returns the names of a byline such as "By A. Reyes and P.
// Lin": the list is split into names when every part is a name, and kept
// whole otherwise.
func authorList(s string) []string {
	s = cleanName(s)
	if s == "" {
		return nil
	}
	if textform.IsAuthors(s) {
		return textform.SplitAuthors(s)
	}
	return []string{s}
}

// timeLayouts are the time formats pages write, tried in order after
// RFC 3339.
var timeLayouts = [...]string{
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	// JavaScript's Date.toString: "Tue Nov 19 2019 03:05:46 GMT+0000".
	"Mon Jan 02 2006 15:04:05 GMT-0700",
	"Mon Jan 02 2006 15:04:05 MST",
	"Mon Jan 2 2006 15:04:05 GMT-0700",
}

// zonelessLayouts are the formats without a zone: their time of day
// cannot be placed on the calendar without the page's zone.
var zonelessLayouts = [...]string{
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"January 2, 2006 15:04",
}

// dateLayouts are the formats of a date alone.
var dateLayouts = [...]string{
	"2006-01-02",
	"January 2, 2006",
	"Jan 2, 2006",
	"2006/01/02",
	"20060102",
}

// parseTime parses a page's time: RFC 3339 and its common variants (no
// colon in the offset, a space for the T), RFC 1123 and JavaScript's date
// string. A time without an offset is read in zone when zone is known
// (the zone the page's other times are written in), and is otherwise
// kept as its date alone (midnight UTC), since its day may be another in
// UTC; a date alone is midnight UTC.
func parseTimeIn(s string, zone *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	for _, l := range zonelessLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if zone != nil {
				return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), zone), true
			}
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseTime is parseTimeIn without a known zone.
func parseTime(s string) (time.Time, bool) { return parseTimeIn(s, nil) }

// pageZone returns the zone a page writes its times in, or nil: the
// offset of the first of values that is a time with a non-zero offset,
// else UTC when one of them is a time in UTC. A page that states one time
// as "+02:00" and another as "Z" lives at +02:00; the "Z" is a
// conversion its CMS made.
func pageZone(values ...string) *time.Location {
	var utc *time.Location
	for _, v := range values {
		t, ok := parseTime(v)
		if !ok || t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
			continue
		}
		if strings.ContainsAny(v, "Z+") || strings.LastIndexByte(v, '-') > 9 || strings.Contains(v, "GMT") {
			if _, off := t.Zone(); off != 0 {
				return t.Location()
			}
			if utc == nil {
				utc = t.Location()
			}
		}
	}
	return utc
}

// firstTimeIn returns the first of the values that parses as a time,
// zoneless times read in zone, and a time the page gives in UTC shown in
// zone: the calendar date is the one the page's own clock reads
// ("2019-10-18T22:04:00Z" on a page at +02:00 is October 19). A UTC time
// of exactly midnight is a bare date and stays on its day.
func firstTimeIn(zone *time.Location, values ...string) time.Time {
	for _, v := range values {
		if t, ok := parseTimeIn(v, zone); ok {
			return inPageZone(t, zone)
		}
	}
	return time.Time{}
}

// inPageZone returns t in zone when t is a time of day in UTC and zone
// is a non-zero offset; otherwise t as it is.
func inPageZone(t time.Time, zone *time.Location) time.Time {
	if zone == nil || t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t
	}
	if _, off := t.Zone(); off != 0 {
		return t
	}
	if _, off := t.In(zone).Zone(); off == 0 {
		return t
	}
	return t.In(zone)
}

// hasToken reports whether the space-separated list s holds tok, in any
// case.
func hasToken(s, tok string) bool {
	for f := range strings.FieldsSeq(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// localeToLanguage turns an Open Graph locale ("en_US") into a language
// tag ("en-US").
func localeToLanguage(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "_", "-")
}
