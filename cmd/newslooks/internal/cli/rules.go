package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/newsingest/newslooks/multipage"
	"github.com/newsingest/newslooks/page"
	"github.com/newsingest/newslooks/siterules"
)

// rulesConfig holds the flags of site rules and multi-page articles,
// shared by every command that parses pages.
type rulesConfig struct {
	siteConfig, rulesFile string
	fieldSources          bool
	maxPages              int
}

func (rc *rulesConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&rc.siteConfig, "site-config", "", "read the FiveFilters site configs (XPath) in `DIR`: example.com.txt,\n"+
		".example.com.txt for subdomains, global.txt")
	fs.StringVar(&rc.rulesFile, "rules", "", "read our own site rules (YAML, CSS selectors) from `FILE`;\nthey are tried before --site-config's")
	fs.BoolVar(&rc.fieldSources, "field-sources", false, "say in each article where its headline, authors, date and body came from\n"+
		"(rule file and line, json-ld, open-graph, heuristics)")
	fs.IntVar(&rc.maxPages, "max-pages", multipage.DefaultMaxPages, "join at most `N` pages of a multi-page article fetched from a URL;\n1 reads each page alone")
}

// load reads the rules the flags name: nil when none. A file of the
// site-config folder that cannot be used is left out with a line on
// stderr naming its file and line; the directives that are not applied
// are named once. A rules file that cannot be used is an error.
func (rc *rulesConfig) load(cmd string, stderr io.Writer) (*siterules.Set, error) {
	var sets []*siterules.Set
	if rc.rulesFile != "" {
		s, err := siterules.ReadRulesFile(rc.rulesFile)
		if err != nil {
			return nil, err
		}
		sets = append(sets, s)
	}
	if rc.siteConfig != "" {
		s, err := siterules.LoadFiveFilters(rc.siteConfig)
		if err != nil {
			return nil, err
		}
		for _, e := range s.Errors {
			fmt.Fprintf(stderr, "newslooks %s: site config left out: %v\n", cmd, e)
		}
		if len(s.Notes) > 0 {
			names := make([]string, len(s.Notes))
			for i, n := range s.Notes {
				names[i] = n.Directive
			}
			fmt.Fprintf(stderr, "newslooks %s: site config directives not applied: %s\n", cmd, strings.Join(names, ", "))
		}
		sets = append(sets, s)
	}
	if len(sets) == 0 {
		return nil, nil
	}
	return siterules.Join(sets...), nil
}

// apply gives the parser the rules and options.
func (rc *rulesConfig) apply(p *page.Parser, rules *siterules.Set) {
	p.Rules = rules
	p.FieldSources = rc.fieldSources
}
