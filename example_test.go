package newslooks_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/newsingest/newslooks"
)

const copyText = `Harbor Tunnel Reopens After Repairs/ Newslooks/ NEW YORK/ A. Reyes and P. Lin/ Evening Edition/ The tunnel reopened on Monday after three weeks of repairs.

Harbor Tunnel Quick Looks
- Tunnel reopened Monday after three weeks
- Repairs came in under budget

Harbor Tunnel Reopens After Repairs
Deep Look
NEW YORK — The Harbor Tunnel reopened to traffic on Monday, three weeks after a burst water main flooded its eastbound tube.
Crews worked around the clock, the transit authority said.
What Comes Next
Officials said a full inspection of the westbound tube would follow in the spring.
You must Register or Login to post a comment.`

func Example() {
	a, err := newslooks.ParseString(copyText)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Headline)
	fmt.Println(a.Byline.Location, a.Byline.Authors, a.Byline.Edition)
	fmt.Println(a.Dateline)
	for _, item := range a.QuickLooks.Items {
		fmt.Println("*", item)
	}
	for _, s := range a.Sections {
		fmt.Printf("%q: %d paragraphs\n", s.Heading, len(s.Paragraphs))
	}
	// Output:
	// Harbor Tunnel Reopens After Repairs
	// NEW YORK [A. Reyes P. Lin] Evening Edition
	// NEW YORK
	// * Tunnel reopened Monday after three weeks
	// * Repairs came in under budget
	// "": 2 paragraphs
	// "What Comes Next": 1 paragraphs
}

func ExampleParse() {
	f, err := os.Open("testdata/xi-putin.txt")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	a, err := newslooks.Parse(f)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Byline.Publisher, a.Byline.Location, a.Byline.Authors)
	fmt.Println(a.QuickLooks.Title, len(a.QuickLooks.Items))
	fmt.Println(len(a.Sections), a.Sections[len(a.Sections)-1].Heading)
	// Output:
	// Newslooks WASHINGTON [J. Mansour]
	// Xi and Putin Old Friend Ties Quick Looks 10
	// 7 The Big Picture
}

func ExampleParseError() {
	_, err := newslooks.ParseString("Headline/ Newslooks/ WASHINGTON/ J. Mansour/ Morning Edition/ Summary.\n\nWASHINGTON — Caf\xe9 owners said.\n")
	var pe *newslooks.ParseError
	if errors.As(err, &pe) {
		fmt.Println("line", pe.Line, errors.Is(err, newslooks.ErrInvalidUTF8))
	}
	fmt.Println(err)
	// Output:
	// line 3 true
	// line 3: invalid UTF-8 at column 17
}

func ExampleParser_Articles() {
	dump := copyText + "\n" + strings.Replace(copyText, "Harbor Tunnel Reopens", "Bridge Closes", 2)
	for a, err := range new(newslooks.Parser).Articles(strings.NewReader(dump)) {
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(a.Headline)
	}
	// Output:
	// Harbor Tunnel Reopens After Repairs
	// Bridge Closes After Repairs
}

func ExampleParser() {
	p := newslooks.Parser{Strict: true}
	_, err := p.ParseString("Markets Slide/ Newslooks/ NEW YORK/ A. Reyes/ Evening Edition/ Stocks fell.\n\nNEW YORK — Stocks fell on Monday.\n")
	fmt.Println(errors.Is(err, newslooks.ErrStrict))
	fmt.Println(err)
	// Output:
	// true
	// line 3: strict mode: no Quick Looks block
}

func ExampleArticle_WriteTo() {
	a, err := newslooks.ParseString(copyText)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := a.WriteTo(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// Harbor Tunnel Reopens After Repairs/ Newslooks/ NEW YORK/ A. Reyes and P. Lin/ Evening Edition/ The tunnel reopened on Monday after three weeks of repairs.
	//
	// Harbor Tunnel Quick Looks
	// - Tunnel reopened Monday after three weeks
	// - Repairs came in under budget
	//
	// Harbor Tunnel Reopens After Repairs
	// Deep Look
	// NEW YORK — The Harbor Tunnel reopened to traffic on Monday, three weeks after a burst water main flooded its eastbound tube.
	// Crews worked around the clock, the transit authority said.
	// What Comes Next
	// Officials said a full inspection of the westbound tube would follow in the spring.
}

func ExampleDetect() {
	for _, in := range []string{
		"<!DOCTYPE html><html><head>",
		"Harbor Tunnel Reopens/ Newslooks/ NEW YORK/ The tunnel reopened.",
		"Just some prose.",
	} {
		fmt.Println(newslooks.Detect([]byte(in)))
	}
	// Output:
	// html
	// text
	// unknown
}

// Parse a text copy from a file, telling a bad copy from a failed read.
func Example_file() {
	f, err := os.Open("testdata/xi-putin.txt")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	a, err := newslooks.Parse(f)
	var pe *newslooks.ParseError
	switch {
	case errors.As(err, &pe):
		log.Fatalf("not a valid copy: %v", err) // such as "line 3: invalid UTF-8 at column 17"
	case err != nil:
		log.Fatalf("reading: %v", err)
	}
	fmt.Println(a.Headline)
	fmt.Println(a.Byline.Authors, a.Dateline, len(a.QuickLooks.Items))
	for _, s := range a.Sections {
		fmt.Printf("%q: %d paragraphs\n", s.Heading, len(s.Paragraphs))
	}
	// Output:
	// Xi, Putin Deepen Ties With Energy, Security Deals Facing US Challenges
	// [J. Mansour] BEIJING 10
	// "": 2 paragraphs
	// "Energy and Trade Deals Cement Cooperation": 2 paragraphs
	// "Historical Resonance, Present Tensions": 2 paragraphs
	// "Shared Response to U.S. Pressure": 2 paragraphs
	// "Trump’s Tariffs Reshape Alignments": 1 paragraphs
	// "Regional Triangular Diplomacy": 2 paragraphs
	// "The Big Picture": 1 paragraphs
}
