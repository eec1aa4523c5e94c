package page

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/htmlx"
	"golang.org/x/net/html"
	"golang.org/x/net/publicsuffix"
)

// maxListLen bounds the authors and tags of an article, and maxImages
// its images: more are a hostile page, not a news article.
const (
	maxListLen = 64
	maxImages  = 256
)

// metadata returns the article with the page metadata filled in, by the
// order documented on ParseHTML, from the page doc. The body is not read.
func metadata(doc *html.Node, m *pageMeta, sv *survey, lo *layout, l *links) *newslooks.Article {
	zone := pageZone(m.ld.published, m.ld.modified, m.articlePublished, m.articleModified, m.ogUpdated,
		m.itemPublished, m.itemModified, m.otherPublished, sv.published, sv.modified, sv.firstTime)
	a := &newslooks.Article{
		Headline: headline(m, lo, l),
		Summary:  summary(m, lo),
		Byline: newslooks.Byline{
			Publisher: publisher(m, sv, l),
			Location:  sv.location,
			Edition:   sv.edition,
		},
		Modified: firstTimeIn(zone, m.ld.modified, m.articleModified, m.ogUpdated, m.itemModified, sv.modified),
		Section:  clean.FirstOf(m.ld.section, clean.Space(m.articleSection)),
		Tags:     clean.Dedupe(tags(m, sv), maxListLen),
	}
	a.Published = onShownDay(published(zone, m, sv), sv.textDate)
	a.Language = declaredLanguage(m, lo)
	if a.Language != "" {
		a.LanguageSource = languageDeclared
	}
	// The canonical URL, made absolute once: it is also the article's URL
	// when the page declares one (resolving costs a URL parse and print).
	canonical := l.resolve(clean.FirstOf(m.canonical, m.ogURL))
	a.CanonicalURL = canonical
	if a.URL = canonical; m.canonical == "" && m.ogURL == "" {
		a.URL = l.resolve(clean.FirstOf(m.ld.url, m.ld.mainEntity))
	}
	site := siteKeys(m, l, a.Byline.Publisher)
	a.Byline.Authors = fullName(personOverInitials(authors(m, sv, site), sv, site), sv.authorBox)
	a.Byline.Authors = sourceOverHost(a.Byline.Authors, sv.source)
	if a.Published.IsZero() {
		a.Published = urlDate(canonical)
		if a.Published.IsZero() && l.page != nil {
			a.Published = urlDate(l.page.String())
		}
	}
	if a.Published.IsZero() {
		pageURL := canonical
		if pageURL == "" && l.page != nil {
			pageURL = l.page.String()
		}
		a.Published = libraryDate(doc, pageURL, a.Language)
	}
	if a.Published.IsZero() {
		a.Published = firstTimeIn(zone, sv.modified)
	}
	if a.URL == "" && l.page != nil {
		a.URL = l.page.String()
	}
	if m.ldBroken > 0 {
		a.Warnings = append(a.Warnings, newslooks.Warning{Message: "a JSON-LD block is not valid JSON and was ignored"})
	}
	return a
}

// published returns the first publication time of the documented order,
// unless that time is an update: when it lies within a minute of a
// modification time the page declares and a later source of the order
// gives an earlier day, and the page does not show that time's day as
// its date, the CMS wrote its last update as the publication
// (article:published_time moved with dateModified), and the earliest of
// those later days is taken.
func published(zone *time.Location, m *pageMeta, sv *survey) time.Time {
	sources := [...]string{m.articlePublished, m.ld.published, m.itemPublished, m.otherPublished, m.ld.pagePublished, sv.published, sv.firstTime}
	for i, v := range sources {
		t, ok := parseTimeIn(v, zone)
		if !ok {
			continue
		}
		t = inPageZone(t, zone)
		if !isModification(t, zone, m, sv) || t.Format(time.DateOnly) == sv.textDate {
			return t
		}
		first := t
		for _, w := range sources[i+1:] {
			if u, ok := parseTimeIn(w, zone); ok && u.Before(first) && u.Format(time.DateOnly) != t.Format(time.DateOnly) {
				first = inPageZone(u, zone)
			}
		}
		return first
	}
	return time.Time{}
}

// isModification reports whether t lies within a minute of one of the
// modification times the page declares.
func isModification(t time.Time, zone *time.Location, m *pageMeta, sv *survey) bool {
	for _, v := range [...]string{m.ld.modified, m.articleModified, m.ogUpdated, m.itemModified, sv.modified} {
		if u, ok := parseTimeIn(v, zone); ok && t.Sub(u).Abs() <= time.Minute {
			return true
		}
	}
	return false
}

// onShownDay returns t in UTC when the page's zone put it on another day
// than the one the page shows (shown, YYYY-MM-DD) and UTC puts it on that
// day: a page whose CMS writes "2022-05-05T21:00-05:00" in its metadata
// and shows "May 6, 2022" dates itself by UTC. Otherwise t as it is.
func onShownDay(t time.Time, shown string) time.Time {
	if t.IsZero() || shown == "" || t.Format(time.DateOnly) == shown {
		return t
	}
	if u := t.UTC(); u.Format(time.DateOnly) == shown {
		return u
	}
	return t
}

// headline returns the chosen <h1>'s text, else the first title the
// metadata gives, without a site-name suffix.
func headline(m *pageMeta, lo *layout, l *links) string {
	if lo.headline != nil {
		if h := clean.StripTitleSuffix(headingText(lo.headline), l.siteNames, false); h != "" {
			return h
		}
	}
	for _, t := range [...]string{m.ld.headline, m.ogTitle, m.twitterTitle, m.title} {
		if h := clean.StripTitleSuffix(unescapeText(t), l.siteNames, true); h != "" {
			return h
		}
	}
	return ""
}

// summary returns the subtitle element's text, else the first
// description the metadata gives.
func summary(m *pageMeta, lo *layout) string {
	var sub string
	if lo.subtitle != nil {
		sub = clean.Space(textContent(lo.subtitle))
	}
	return unescapeText(clean.FirstOf(sub, m.ld.description, clean.Space(m.ogDescription),
		clean.Space(m.description), clean.Space(m.twitterDescription)))
}

// lastAuthors returns the authors of a page that credits no one by the
// sources of authors, nor in go-readability's byline: the first short
// name in an element whose class or id has "author" as a part
// ("node__author", "post-meta__author-name"); else the first byline in
// the page's chrome (chromeAuthor); else the site's own name where the
// page credits it as the author and no one else (a blogger's "Andreas
// Kalt" on his blog, a press office's "Presse Augsburg"), which authors
// drops as the site's: from the visible sources, <meta name=author>,
// Twitter's "Written by", a JSON-LD author typed Person and the chrome's
// byline, not a JSON-LD Organization, and not a name that only starts
// the site's (a house byline). site is what siteKeys gives.
func lastAuthors(m *pageMeta, sv *survey, site map[string]bool) []string {
	if names := personNames(sv.partAuthor, site); len(names) > 0 {
		return names
	}
	chromeName := sv.chromeAuthor()
	if chromeName != "" {
		if names := personNames([]string{chromeName}, site); len(names) > 0 {
			return names
		}
	}
	// The site's own name, where the page credits it and no one else,
	// is its author (a blog, a press office), unless only the JSON-LD
	// credits it as an organisation.
	// A name that only starts the site's ("Beachbody" on Beachbody on
	// Demand) is a house byline all the same.
	shown := *m
	shown.ld.authors = m.ld.persons
	names := authors(&shown, sv, nil)
	if len(names) == 0 && chromeName != "" {
		names = []string{chromeName}
	}
	kept := names[:0]
	for _, n := range names {
		if site[nameKey(n)] || !startsWithSite(n, site) {
			kept = append(kept, n)
		}
	}
	return kept
}

// shownAuthors returns the authors a page credits in its elements, where
// its metadata and go-readability's byline name none: lastAuthors, with a
// lone first name spelt out (fullName) and a host name given way to the
// source the page credits (sourceOverHost).
func shownAuthors(m *pageMeta, sv *survey, site map[string]bool) []string {
	return sourceOverHost(fullName(lastAuthors(m, sv, site), sv.authorBox), sv.source)
}

// authors returns the first list of authors of the documented order, each
// list read through personNames: a source that names only the site (a
// name in site) or a CMS account gives way to the next.
func authors(m *pageMeta, sv *survey, site map[string]bool) []string {
	for _, list := range [...][]string{m.ld.authors,
		credited(sv.relAuthors, sv.tallies[0], m.author), credited(sv.propAuthor, sv.tallies[1], m.author),
		credited(sv.clsAuthors, sv.tallies[2], m.author), credited(sv.byline, sv.tallies[3], m.author),
		sv.textByline} {
		if list = personNames(list, site); len(list) > 0 {
			return clean.Dedupe(spellOut(list, m.author, m.writtenBy), maxListLen)
		}
	}
	for _, s := range [...]string{m.author, m.writtenBy} {
		if names := personNames(appendNames(nil, s), site); len(names) > 0 {
			return clean.Dedupe(names, maxListLen)
		}
	}
	var names []string
	for _, s := range m.articleAuthors {
		if !strings.Contains(s, "://") && !strings.HasPrefix(s, "/") {
			names = appendNames(names, s)
		}
	}
	return clean.Dedupe(personNames(names, site), maxListLen)
}

// spellOut replaces an account handle among names ("edilson.la.rosa")
// with the name one of written gives (<meta name=author>, Twitter's
// "Written by") when that name has the same letters ("Edilson La Rosa"):
// the page names the person, and the handle is the CMS's login.
func spellOut(names []string, written ...string) []string {
	for i, n := range names {
		if !strings.ContainsAny(n, "._-") || strings.Contains(n, " ") {
			continue
		}
		key := letterKey(n)
		for _, w := range written {
			if w = cleanName(w); strings.Contains(w, " ") && letterKey(w) == key {
				names[i] = w
				break
			}
		}
	}
	return names
}

// letterKey is s's letters in lower case, without anything else.
func letterKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// siteKeys returns the nameKeys of the names the page gives its site
// (publisher, og:site_name, JSON-LD publisher, application-name, the
// site's label of the host, see siteLabel), which no author can be.
func siteKeys(m *pageMeta, l *links, pub string) map[string]bool {
	keys := make(map[string]bool, 6)
	for _, n := range [...]string{pub, m.ogSiteName, m.ld.publisher, m.applicationName, m.dcPublisher} {
		if k := nameKey(n); k != "" {
			keys[k] = true
		}
	}
	if l.base != nil {
		if k := siteLabel(l.base.Hostname()); k != "" {
			keys[nameKey(k)] = true
		}
	}
	return keys
}

// wireAgencies are news agencies, which a byline credits beside its
// reporters as their affiliation ("Danica Kirka and Jill Lawless /
// Associated Press") or alone as the story's author.
var wireAgencies = [...]string{"Associated Press", "Reuters", "AFP", "Agence France-Presse", "AP", "dpa", "UPI", "PTI", "ANSA", "EFE", "Agencia EFE", "Bloomberg"}

// personNames cleans a list of author names read from a page:
//   - a label before the name is dropped ("Analysis by Chris Cillizza",
//     "Текст: Венера Ерофеева"), and so is a role after a comma ("Chris
//     Cillizza, CNN Editor-at-large");
//   - a name that is the site's own ("BBC News", "AppleInsider") or
//     starts with it ("CNN Business", a desk) is not an author;
//   - nor is a CMS account: one word holding "admin", or one word in
//     capitals longer than initials ("KWCHCIK"); a handle in lower case
//     ("marc", "freeman1984") is how the page credits its writer and
//     stays;
//   - a news agency named beside reporters is their affiliation, not an
//     author ("Jill Lawless Associated Press" gives "Jill Lawless"); named
//     alone, it is the author.
func personNames(names []string, site map[string]bool) []string {
	if len(names) == 0 {
		return nil
	}
	out := make([]string, 0, len(names))
	for _, n := range names {
		n = stripBylinePrefix(stripNameLabel(clean.Space(n)))
		if head, role, ok := strings.Cut(n, ", "); ok && (isRole(role) || startsWithSite(role, site)) {
			n = head
		}
		n = trimLeadingRole(trimTrailingRole(n, site))
		if n == "" || isAccount(n) || startsWithSite(n, site) || onlyRoleWords(n) {
			continue
		}
		out = append(out, n)
	}
	persons := 0
	for _, n := range out {
		if agencyName(n) == "" {
			persons++
		}
	}
	if persons == 0 || persons == len(out) {
		return trimAgencySuffixes(out)
	}
	kept := out[:0]
	for _, n := range out {
		if agencyName(n) == "" {
			kept = append(kept, n)
		}
	}
	return trimAgencySuffixes(kept)
}

// trimLeadingRole drops a compound job title written before a name
// ("Example-Online-Experte Robin Müller", "SZ-Korrespondentin Anna Berg"):
// a first word whose last hyphenated part is one of leadingRoles, when
// two words or more stay.
func trimLeadingRole(n string) string {
	first, rest, ok := strings.Cut(n, " ")
	if !ok || len(strings.Fields(rest)) < 2 {
		return n
	}
	i := strings.LastIndexByte(first, '-')
	if i < 0 || !leadingRoles[strings.ToLower(first[i+1:])] {
		return n
	}
	return rest
}

// leadingRoles are the job titles, in lower case, that close a compound
// title before a name.
var leadingRoles = map[string]bool{
	"experte": true, "expertin": true, "korrespondent": true, "korrespondentin": true,
	"redakteur": true, "redakteurin": true, "reporter": true, "reporterin": true,
	"autor": true, "autorin": true, "kolumnist": true, "kolumnistin": true,
	"chefredakteur": true, "chefredakteurin": true, "correspondent": true, "editor": true,
	"columnist": true, "expert": true,
}

// trimTrailingRole drops a job title written after a name without a
// comma, and the site's name before it ("Jane Roe Senior Editor",
// "Adam Aaronson PhillyVoice Staff"), when a name of two words or more
// stays.
func trimTrailingRole(n string, site map[string]bool) string {
	words := strings.Fields(n)
	k := len(words)
	for k > 2 && isRoleWord(words[k-1]) {
		k--
	}
	if k == len(words) {
		return n
	}
	if k > 2 && site[nameKey(words[k-1])] {
		k--
	}
	return strings.Join(words[:k], " ")
}

// isRoleWord reports whether w is a word of a job title that does not
// also occur in names and places (see smallRoleWords).
func isRoleWord(w string) bool {
	w = strings.ToLower(strings.Trim(w, ",."))
	return roleWords[w] && !smallRoleWords[w]
}

// isRole reports whether s holds a word of a job title ("CNN
// Editor-at-large", "Senior Contributor").
func isRole(s string) bool {
	for w := range strings.FieldsSeq(s) {
		if roleWords[strings.ToLower(strings.Trim(w, ",."))] && !smallRoleWords[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// onlyRoleWords reports whether every word of n is a word of a job title
// or a byline's furniture ("Posted on", "No Author", "Published by"): a
// label a theme printed where a name was missing.
func onlyRoleWords(n string) bool {
	if len(n) <= maxAdLabelLen && adLabels[strings.ToLower(n)] {
		return true
	}
	for w := range strings.FieldsSeq(n) {
		if !roleWords[strings.ToLower(strings.Trim(w, ",.:"))] {
			return false
		}
	}
	return true
}

// adLabels are the labels of advertising, in lower case, that themes
// print in an author's slot ("Gesponserte Inhalte" above a forum's
// sponsored post): no one's name.
var adLabels = map[string]bool{
	"gesponserte inhalte": true, "gesponserter inhalt": true, "anzeige": true, "werbung": true,
	"sponsored content": true, "sponsored": true, "advertisement": true, "paid content": true, "partner content": true,
	"contenu sponsorisé": true, "publicité": true, "contenido patrocinado": true, "publicidad": true,
	"contenuto sponsorizzato": true, "pubblicità": true, "gesponsorde inhoud": true, "advertentie": true,
}

// maxAdLabelLen bounds the bytes of adLabels (each is shorter), so that
// a longer name is not lowered to be looked up.
const maxAdLabelLen = 32

// smallRoleWords are the roleWords that also occur in names and places
// ("of", "the", "at"): they alone do not make a role.
var smallRoleWords = map[string]bool{"the": true, "of": true, "and": true, "for": true, "in": true, "at": true, "us": true, "u.s.": true, "white": true, "house": true, "europe": true, "world": true, "on": true, "by": true, "no": true}

// trimAgencySuffixes drops an agency's name glued after a reporter's
// ("JILL LAWLESS Associated Press").
func trimAgencySuffixes(names []string) []string {
	for i, n := range names {
		if agencyName(n) != "" {
			continue // "Agencia EFE" is the agency, not a reporter of EFE
		}
		for _, ag := range wireAgencies {
			if len(n) > len(ag)+1 && strings.EqualFold(n[len(n)-len(ag):], ag) && n[len(n)-len(ag)-1] == ' ' {
				names[i] = strings.TrimSpace(n[:len(n)-len(ag)])
				break
			}
		}
	}
	return names
}

// personOverInitials returns names, unless they are one abbreviation in
// capitals that is no wire agency ("LN", "F.A.S.": a paper's or a desk's
// initials from its metadata) and the visible page credits people: an
// element with "author" as a part of its class ("Von Karin Finkenzeller")
// or an unmarked byline ("Von Greta Übel"), whose names it returns.
func personOverInitials(names []string, sv *survey, site map[string]bool) []string {
	if len(names) != 1 || !isInitials(names[0]) || agencyName(names[0]) != "" {
		return names
	}
	for _, list := range [...][]string{sv.partAuthor, sv.textByline} {
		people := personNames(list, site)
		if len(people) == 0 {
			continue
		}
		for _, p := range people {
			if len(strings.Fields(p)) < 2 {
				return names
			}
		}
		return people
	}
	return names
}

// sourceOverHost returns the source a page credits ("Quelle: pressedienst")
// in place of names that are one host name ("example.at", the site's
// own), and names otherwise.
func sourceOverHost(names []string, source string) []string {
	if source == "" || len(names) != 1 || !isHostName(names[0]) {
		return names
	}
	return []string{source}
}

// isHostName reports whether n is a host name: one word of letters,
// digits and hyphens, with a dot between labels ("example.de").
func isHostName(n string) bool {
	if strings.ContainsAny(n, " /") || !strings.Contains(strings.Trim(n, "."), ".") {
		return false
	}
	for _, r := range n {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '.' {
			return false
		}
	}
	return true
}

// isInitials reports whether n is an abbreviation in capitals: one word
// of two to six upper-case letters, with dots between them or not
// ("LN", "F.A.S.", "ERBOL").
func isInitials(n string) bool {
	letters := 0
	for _, r := range n {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == '.':
		default:
			return false
		}
	}
	return letters >= 2 && letters <= 6
}

// agencyName returns n when it is a news agency's name, else "".
func agencyName(n string) string {
	for _, ag := range wireAgencies {
		if strings.EqualFold(n, ag) {
			return n
		}
	}
	return ""
}

// nameLabels are labels that stand before a name with a colon ("Text:",
// "Текст:", "Autor:"), matched without regard to case.
func stripNameLabel(n string) string {
	if head, rest, ok := strings.Cut(n, ":"); ok && rest != "" && len(strings.Fields(head)) == 1 && !strings.ContainsAny(head, "0123456789") {
		return strings.TrimSpace(rest)
	}
	return n
}

// isAccount reports whether n is a CMS account rather than a person: one
// word all in capitals and longer than initials ("KWCHCIK"), or one
// holding "admin". A handle in lower case ("marc", "freeman1984") is
// the name a blog credits its writer by, and is no account.
func isAccount(n string) bool {
	if strings.Contains(strings.ToLower(n), "admin") && !strings.Contains(n, " ") {
		return true
	}
	if strings.ContainsAny(n, " .") {
		return false
	}
	upper, lower := 0, 0
	for _, r := range n {
		if unicode.IsUpper(r) {
			upper++
		} else if unicode.IsLower(r) {
			lower++
		}
	}
	// One word in capitals, longer than an agency's initials, is a
	// station's or desk's account ("KWCHCIK").
	return lower == 0 && upper > 5 && agencyName(n) == ""
}

// startsWithSite reports whether the name n is the site's own name or
// begins with it ("CNN Business" on CNN: a desk, not a person).
func startsWithSite(n string, site map[string]bool) bool {
	if len(site) == 0 {
		return false
	}
	key := nameKey(n)
	if site[key] {
		return true
	}
	words := strings.Fields(n)
	if len(words) == 1 && len(key) >= 4 {
		// A house byline: "Beachbody" on Beachbody on Demand.
		for k := range site {
			if strings.HasPrefix(k, key) {
				return true
			}
		}
	}
	for i := 1; i < len(words); i++ {
		if site[nameKey(strings.Join(words[:i], " "))] {
			return true
		}
	}
	return false
}

// tags returns the first list of tags of the documented order.
func tags(m *pageMeta, sv *survey) []string {
	switch {
	case len(m.ld.keywords) > 0:
		return m.ld.keywords
	case len(m.articleTags) > 0:
		return m.articleTags
	case m.newsKeywords != "":
		return splitList(m.newsKeywords)
	case m.keywords != "":
		return splitList(m.keywords)
	}
	return sv.tagLinks
}

// The values of Article.LanguageSource.
const (
	languageDeclared = "declared"
	languageDetected = "detected"
)

// declaredLanguage returns the language the page declares: <html lang>,
// else JSON-LD inLanguage (of the article, then of its WebPage), else
// Content-Language, else og:locale. When the declarations name different
// languages (a theme's <html lang="en"> on a German post that says
// Content-Language: de), the text of the article decides between them;
// when it cannot, the first declaration stands.
func declaredLanguage(m *pageMeta, lo *layout) string {
	decl := [...]string{m.lang, m.ld.lang, m.ld.pageLang, m.contentLanguage, localeToLanguage(m.ogLocale)}
	first := clean.FirstOf(decl[:]...)
	if first == "" {
		return ""
	}
	disagree := false
	for _, d := range decl {
		if d != "" && !samePrimaryTag(d, first) {
			disagree = true
			break
		}
	}
	if !disagree || lo == nil || lo.root == nil {
		return first
	}
	detected := detectLanguage(textContent(lo.root))
	for _, d := range decl {
		if d != "" && detected != "" && samePrimaryTag(d, detected) {
			return d
		}
	}
	return first
}

// samePrimaryTag reports whether two language tags share their primary
// subtag ("en-US" and "en_GB", "de" and "DE").
func samePrimaryTag(a, b string) bool {
	return strings.EqualFold(primaryTag(a), primaryTag(b))
}

func primaryTag(t string) string {
	t = strings.TrimSpace(t)
	if i := strings.IndexAny(t, "-_"); i >= 0 {
		t = t[:i]
	}
	return t
}

// maxDetectText bounds the text read to detect a language: a few
// paragraphs decide it, and more only costs time.
const maxDetectText = 1 << 10

// minDetectLetters is the least text detectLanguage trusts: a headline
// alone is too short to tell Spanish from Portuguese.
const minDetectLetters = 80

// detectLanguage returns the ISO 639-1 code of the language text is
// written in, or "" when the text is too short or the guess unreliable.
// It uses whatlanggo's trigram profiles (84 languages, no model files).
func detectLanguage(text string) string {
	if len(text) > maxDetectText {
		cut := maxDetectText
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	letters := 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < minDetectLetters {
		return ""
	}
	info := whatlanggo.Detect(text)
	if info.Lang < 0 || !info.IsReliable() {
		return ""
	}
	return info.Lang.Iso6391()
}

// detectArticleLanguage sets the article's language from its text when
// the page declared none.
func detectArticleLanguage(a *newslooks.Article) {
	if a.Language != "" {
		return
	}
	var b strings.Builder
	b.WriteString(a.Headline)
	for _, s := range a.Sections {
		for _, p := range s.Paragraphs {
			if b.Len() > maxDetectText {
				break
			}
			b.WriteByte('\n')
			b.WriteString(p)
		}
	}
	if lang := detectLanguage(b.String()); lang != "" {
		a.Language, a.LanguageSource = lang, languageDetected
	}
}

// publisher returns the name of the publication: the first of og:site_name,
// JSON-LD publisher, DC.publisher, application-name, the suffix of the
// <title> after the headline ("Headline - Barron's"), the alt text of the
// masthead logo and, last, the host name. A name that is not a name as
// readers see it gives way to one of the others that spells the same
// letters: a domain form ("CBSSports.com", "Le Monde.fr") or a handle
// ("@politifact") to "CBS Sports", "Le Monde" or "PolitiFact"; a list of
// topics ("Autoracing | F1 | Indy") is cut to its first item.
func publisher(m *pageMeta, sv *survey, l *links) string {
	if name := syndicatedFrom(sv, l); name != "" {
		return name
	}
	cands := [...]string{
		clean.Space(m.ogSiteName), m.ld.publisher, clean.Space(m.dcPublisher),
		clean.Space(m.applicationName), titleSuffix(m), sv.mdPub, logoName(sv.logoAlt),
	}
	chosen := ""
	for _, c := range cands {
		if c = siteNameForm(c); c != "" {
			chosen = c
			break
		}
	}
	if chosen == "" {
		if l.base != nil && l.base.Hostname() != "" {
			return strings.TrimPrefix(l.base.Hostname(), "www.")
		}
		return ""
	}
	key := nameKey(chosen)
	handle := strings.HasPrefix(chosen, "@")
	// A logo's alt text describes the image ("Mac Rumors"): it names the
	// site when nothing else does, but does not re-spell another name.
	// The home link's title ("The Wall Street Journal") only spells out
	// an abbreviation: alone it may say "Back to overview".
	for _, c := range append(cands[:len(cands)-1:len(cands)-1], sv.homeName) {
		if c = siteNameForm(c); c != "" && isAbbreviationOf(chosen, c) {
			// "WSJ" for "The Wall Street Journal": the name in full.
			return c
		}
		if c = siteNameForm(c); c == "" || strings.HasPrefix(c, "@") {
			continue
		}
		if nameKey(c) == key && (handle || wordBreaks(c) > wordBreaks(chosen)) {
			chosen, handle = c, false
			continue
		}
		if handle {
			if run := leadingRun(c, key); run != "" {
				chosen, handle = run, false
			}
		}
	}
	return strings.TrimPrefix(chosen, "@")
}

// wordBreaks counts the spaces and apostrophes of a name: of two
// spellings of the same letters, "CBS Sports" and "Barron's" are the
// names as printed, "CBSSports" and "Barrons" the squeezed ones.
func wordBreaks(s string) int {
	n := 0
	for _, r := range s {
		if r == ' ' || r == '\'' || r == '’' {
			n++
		}
	}
	return n
}

// syndicatedFrom returns the publication that a syndicated copy credits:
// the microdata publisher of the page when its link points to another
// site than the page's ("NBC News", linked to nbcnews.com, on msn.com), or
// "".
func syndicatedFrom(sv *survey, l *links) string {
	if sv.mdPub == "" || sv.mdPubURL == "" || l.base == nil {
		return ""
	}
	u, err := url.Parse(sv.mdPubURL)
	if err != nil || u.Host == "" {
		return ""
	}
	if registrable(u.Hostname()) == registrable(l.base.Hostname()) {
		return ""
	}
	return siteNameForm(sv.mdPub)
}

// headingText returns the text of the headline element without the
// kicker, eyebrow or category label that some pages put inside it
// ("<h1><span class=kicker>Klimaschutz</span><span>Bohren, bis es heiß
// wird</span></h1>" gives "Bohren, bis es heiß wird", not the two run
// together); a heading made only of such labels keeps them.
func headingText(h *html.Node) string {
	var b strings.Builder
	dropped := false
	for c := h.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && classify(c)&(fMeta|fHidden) != 0 && classify(c)&fSubtitle == 0 {
			dropped = true
			continue
		}
		if c.Type == html.ElementNode && !htmlx.IsInline(c.DataAtom) {
			b.WriteByte(' ')
		}
		b.WriteString(textContent(c))
	}
	if !dropped {
		return textContent(h)
	}
	if t := clean.Space(b.String()); strings.IndexFunc(t, unicode.IsLetter) >= 0 {
		return t
	}
	return textContent(h)
}

// siteLabel returns the site's own label of a host name: the first label
// of its registrable domain ("bbc" of "news.bbc.co.uk"), or "".
func siteLabel(host string) string {
	d := registrable(host)
	if i := strings.IndexByte(d, '.'); i > 0 {
		return d[:i]
	}
	return ""
}

// registrable returns the registrable domain of a host name, its public
// suffix and one label more ("nbcnews.com" of "www.nbcnews.com",
// "bbc.co.uk" of "www.bbc.co.uk", not "co.uk"), by the Public Suffix
// List; a host that has none (an address, a bare suffix) is itself.
func registrable(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}

// isAbbreviationOf reports whether abbr, a short name in capitals
// ("WSJ"), is made of the initials of name's capitalised words ("The Wall
// Street Journal"), a leading "The" aside.
func isAbbreviationOf(abbr, name string) bool {
	if len(abbr) < 2 || len(abbr) > 5 || strings.ToUpper(abbr) != abbr || !strings.Contains(name, " ") {
		return false
	}
	var initials []rune
	for i, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		if i == 0 && strings.EqualFold(w, "the") || !unicode.IsUpper(r) {
			continue
		}
		initials = append(initials, r)
	}
	return string(initials) == abbr
}

// siteNameForm cleans a candidate site name: a URL is no name, and a
// list of topics or sections ("Autoracing | F1 | Indy") gives its first
// item.
func siteNameForm(s string) string {
	s = clean.Space(s)
	if s == "" || strings.Contains(s, "://") || strings.HasPrefix(s, "/") {
		return ""
	}
	if strings.Count(s, " | ") >= 2 {
		s, _, _ = strings.Cut(s, " | ")
	}
	s = strings.Trim(s, " |-–—·•:")
	if len(s) > 4 && strings.EqualFold(s[:4], "www.") {
		s = s[4:]
	}
	// A domain holds no space: "Le Monde.fr" is the name and a TLD.
	if tld := domainTLD(s); tld != "" && strings.Contains(s, " ") {
		s = strings.TrimSpace(s[:len(s)-len(tld)])
	}
	return s
}

// domainTLD returns the top-level domain that ends s when s is written as
// a domain name ("MacRumors.com" gives ".com"), or "".
func domainTLD(s string) string {
	i := strings.LastIndexByte(s, '.')
	if i <= 0 || i == len(s)-1 || strings.ContainsRune(s[i:], ' ') {
		return ""
	}
	tld := s[i:]
	if len(tld) > 7 {
		return ""
	}
	for _, r := range tld[1:] {
		if r < 'a' || r > 'z' {
			if r < 'A' || r > 'Z' {
				return ""
			}
		}
	}
	return tld
}

// nameKey folds a site name to its letters and digits, lower case,
// without a leading "www." or "@" and a trailing top-level domain (and a
// second-level one such as ".co" of ".co.uk"), so that "CBSSports.com",
// "@cbssports" and "CBS Sports" share a key.
func nameKey(s string) string {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "@"), "www.")
	for range 2 {
		tld := domainTLD(s)
		if tld == "" || len(tld) > 4 && tld != ".info" {
			break
		}
		s = s[:len(s)-len(tld)]
	}
	// Lower-cased rune by rune as strings.ToLower does, into a buffer on
	// the stack: one allocation, for the key.
	var buf [64]byte
	b := buf[:0]
	for _, r := range s {
		if r = unicode.ToLower(r); unicode.IsLetter(r) || unicode.IsDigit(r) {
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}

// leadingRun returns the first words of s whose key is key
// ("PolitiFact" of "PolitiFact West Virginia" for "politifact"), or "".
func leadingRun(s, key string) string {
	if key == "" {
		return ""
	}
	words := strings.Fields(s)
	for i := 1; i < len(words); i++ {
		run := strings.Join(words[:i], " ")
		k := nameKey(run)
		if k == key {
			return run
		}
		if len(k) > len(key) {
			break
		}
	}
	return ""
}

// maxSuffixWords bounds a site name read from a <title> suffix.
const maxSuffixWords = 5

// titleSuffix returns what follows the headline in the page's <title>
// ("Barron's" of "Home Depot Stock Falls - Barron's"), when the part before
// the separator is one of the page's own titles (JSON-LD headline,
// og:title, twitter:title), so that a headline holding a dash is not cut.
func titleSuffix(m *pageMeta) string {
	t := m.title
	for _, sep := range clean.TitleSeparators {
		i := strings.LastIndex(t, sep)
		if i <= 0 {
			continue
		}
		head, suffix := strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+len(sep):])
		if suffix == "" || len(strings.Fields(suffix)) > maxSuffixWords || !clean.HasLetter(suffix) {
			continue
		}
		for _, h := range [...]string{m.ld.headline, m.ogTitle, m.twitterTitle} {
			if h != "" && strings.EqualFold(clean.Space(h), head) {
				return suffix
			}
		}
		// "Headline - Section - Site": the part after the last separator.
		if j := strings.LastIndex(head, sep); j > 0 {
			for _, h := range [...]string{m.ld.headline, m.ogTitle, m.twitterTitle} {
				if h != "" && strings.EqualFold(clean.Space(h), strings.TrimSpace(head[:j])) {
					return suffix
				}
			}
		}
	}
	return ""
}

// logoName turns the alt text of a masthead logo into the site's name:
// "Catch it Kansas - Content - News" gives "Catch it Kansas", and "comwrap
// GmbH Logo" gives "comwrap".
func logoName(alt string) string {
	alt = clean.Space(alt)
	for _, sep := range clean.TitleSeparators {
		if i := strings.Index(alt, sep); i > 0 {
			alt = alt[:i]
		}
	}
	words := strings.Fields(alt)
	for len(words) > 1 {
		last := strings.ToLower(strings.Trim(words[len(words)-1], ".,"))
		if last != "logo" && !legalForms[last] {
			break
		}
		words = words[:len(words)-1]
	}
	name := strings.Join(words, " ")
	if len(words) == 0 || len(words) > maxSuffixWords || len(name) < 3 || genericLogoAlts[strings.ToLower(name)] {
		return ""
	}
	return name
}

// legalForms are company suffixes that a logo's alt text carries and a
// publication's name does not.
var legalForms = map[string]bool{"gmbh": true, "inc": true, "llc": true, "ltd": true, "ag": true, "sa": true, "sas": true, "plc": true}

// genericLogoAlts are alt texts that name no site.
var genericLogoAlts = map[string]bool{"logo": true, "brand": true, "home": true, "homepage": true, "site logo": true, "image": true}

// urlDate returns the date a page's address carries in its path, as news
// sites file stories: /2015/03/18/, /2019/nov/18/, or a slug ending in
// 20191115. It returns the zero time when the path holds none.
func urlDate(raw string) time.Time {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return time.Time{}
	}
	parts := strings.Split(u.Path, "/")
	for i := 0; i+2 < len(parts); i++ {
		y, err := strconv.Atoi(parts[i])
		if err != nil || len(parts[i]) != 4 || y < 1990 || y > 2100 {
			continue
		}
		mo, err := strconv.Atoi(parts[i+1])
		if err != nil {
			t, err2 := time.Parse("Jan", titleCase(parts[i+1]))
			if err2 != nil {
				continue
			}
			mo = int(t.Month())
		}
		d, err := strconv.Atoi(parts[i+2])
		if err != nil || len(parts[i+2]) > 2 {
			continue
		}
		if t := validDate(y, mo, d); !t.IsZero() {
			return t
		}
	}
	// A slug ending in YYYYMMDD.
	last := strings.TrimSuffix(u.Path, "/")
	last = last[strings.LastIndexByte(last, '/')+1:]
	if i := strings.LastIndexAny(last, "-_"); i >= 0 && len(last)-i-1 == 8 {
		s := last[i+1:]
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			y, _ := strconv.Atoi(s[:4])
			mo, _ := strconv.Atoi(s[4:6])
			d, _ := strconv.Atoi(s[6:])
			if y >= 1990 && y <= 2100 {
				return validDate(y, mo, d)
			}
		}
	}
	return time.Time{}
}

// validDate returns the date y-mo-d at midnight UTC, or the zero time
// when it is not a date.
func validDate(y, mo, d int) time.Time {
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}
	}
	return t
}

func titleCase(s string) string {
	if len(s) < 3 {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:3])
}
