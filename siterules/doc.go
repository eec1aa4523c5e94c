// Package siterules reads per-site extraction rules and applies them to a
// parsed web page: which element holds the title, the body, the author
// and the date; which elements to strip first; where the next page of a
// multi-page article is, or its one-page (print) view; which request
// headers and consent cookies the site needs; text to replace in the
// page's source before it is parsed.
//
// Rules come in two forms, read into one model (Rule):
//
//   - The FiveFilters site configs, the format of Full-Text RSS, wallabag
//     and Instapaper before them, read as is from a folder of files
//     (LoadFiveFilters): "example.com.txt" holds the rules of
//     example.com and www.example.com, ".example.com.txt" those of every
//     subdomain of example.com (but not of example.com itself), and
//     "global.txt" rules that are added after those of any site that has
//     a file. Each line is "directive: value"; selectors are XPath 1.0,
//     evaluated by github.com/antchfx/xpath over the page's
//     golang.org/x/net/html tree. A directive this package does not know
//     (login_*, tidy, wrap_in, ...) is reported once per folder, in
//     Set.Notes, and ignored; an XPath that does not compile is an error
//     naming its file and line (*FileError).
//   - Our own rules file (ReadRulesFile, ParseRules), in YAML, whose
//     selectors are CSS, evaluated by goquery (cascadia underneath), for
//     people who think in CSS. It has the same fields; see ParseRules.
//
// A Set is built once and is then safe for concurrent use: looking a host
// up, and applying its rule to a page, change nothing in the Set.
//
// Files: rule.go holds the model and how a rule is applied to a page,
// selector.go the two selector kinds, fivefilters.go and yaml.go the two
// readers, set.go the host matching, request.go the per-site headers and
// the consent-cookie jar, pager.go how the next page of an article is
// found.
package siterules
