package siterules_test

import (
	"fmt"
	"log"
	"strings"

	"golang.org/x/net/html"

	"github.com/newsingest/newslooks/siterules"
)

func Example() {
	rules, err := siterules.ParseRules(strings.NewReader(`
example.com:
  title: h1.headline
  author: .byline a
  body: div.story
  strip: div.ad
`), "rules.yaml")
	if err != nil {
		log.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(`<h1 class="headline">Harbour plan approved</h1>
<p class="byline">By <a href="/ann">Ann Author</a></p>
<div class="story"><p>The council approved the plan.</p><div class="ad">Buy now</div></div>`))
	if err != nil {
		log.Fatal(err)
	}
	rule := rules.Match("www.example.com")
	rule.StripNodes(doc)
	found := rule.Extract(doc)
	fmt.Println(found.Title.First(), "|", found.Title.At)
	fmt.Println(found.Author.Values)
	fmt.Println(siterules.Hit{Node: found.Body[0]}.Text())
	// Output:
	// Harbour plan approved | rules.yaml:3
	// [Ann Author]
	// The council approved the plan.
}
