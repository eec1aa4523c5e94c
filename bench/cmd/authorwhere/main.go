// Command authorwhere shows, for each page of the development half of
// trafilatura's evaluation set where newslooks gives no author (with
// -wrong, also a wrong one), where the true author's name stands in the
// page: the last elements of the path to each occurrence, with their
// class, id, itemprop, rel, name and property, and the text around it. It
// decides nothing: it shows where bylines live on the pages a rule misses,
// so that a rule can be written for the class of page rather than for one.
// Pages are read only through corpus.TrafilaturaDev.
//
//	go run ./cmd/authorwhere [-wrong] [-raw] > where.txt
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"strings"

	"golang.org/x/net/html"

	"github.com/newsingest/newslooks/bench/internal/corpus"
	"github.com/newsingest/newslooks/bench/internal/extract"
)

// maxShown bounds the occurrences shown for one page.
const maxShown = 6

func main() {
	wrong := flag.Bool("wrong", false, "also pages where newslooks gives wrong authors")
	raw := flag.Bool("raw", false, "also print the page's bytes before the name's first occurrence")
	flag.Parse()
	entries, err := corpus.LoadTrafilaturaDev()
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		if len(e.Authors) == 0 {
			continue
		}
		want := strings.Join(e.Authors, "; ")
		res, err := extract.Newslooks.Extract(e.Source, e.URL)
		if err == nil && (res.Author == want || res.Author != "" && !*wrong) {
			continue
		}
		fmt.Printf("=== want %q got %q\n", want, res.Author)
		needle := strings.ToLower(strings.TrimSpace(e.Authors[0]))
		if *raw {
			if k := bytes.Index(bytes.ToLower(e.Source), []byte(needle)); k >= 0 {
				fmt.Printf("  RAW %q\n", e.Source[max(k-300, 0):min(k+100, len(e.Source))])
			}
		}
		doc, err := html.Parse(bytes.NewReader(e.Source))
		if err != nil {
			continue
		}
		for _, line := range occurrences(doc, needle) {
			fmt.Println(" ", line)
		}
	}
}

// occurrences returns up to maxShown lines, one for each attribute value
// and text under doc that holds needle (lower case).
func occurrences(doc *html.Node, needle string) []string {
	var lines []string
	var walk func(*html.Node, []string)
	walk = func(x *html.Node, path []string) {
		if len(lines) >= maxShown {
			return
		}
		if x.Type == html.ElementNode {
			d := x.Data
			for _, a := range x.Attr {
				switch a.Key {
				case "class", "id", "itemprop", "rel", "name", "property":
					d += "[" + a.Key + "=" + trunc(a.Val, 40) + "]"
				}
				if a.Key != "class" && strings.Contains(strings.ToLower(a.Val), needle) {
					lines = append(lines, fmt.Sprintf("ATTR %s %s %s=%q", strings.Join(tail(path, 3), ">"), d, a.Key, trunc(a.Val, 120)))
				}
			}
			path = append(path, d)
		}
		if x.Type == html.TextNode && strings.Contains(strings.ToLower(x.Data), needle) {
			around := x.Data
			if x.Parent != nil && x.Parent.Parent != nil {
				around = text(x.Parent.Parent)
			}
			lines = append(lines, fmt.Sprintf("TEXT %s : %q", strings.Join(tail(path, 4), ">"), trunc(strings.Join(strings.Fields(around), " "), 200)))
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c, path)
		}
	}
	walk(doc, nil)
	return lines
}

// tail returns the last k elements of p.
func tail(p []string, k int) []string {
	if len(p) > k {
		return p[len(p)-k:]
	}
	return p
}

// trunc cuts s to k runes, marking the cut.
func trunc(s string, k int) string {
	if r := []rune(s); len(r) > k {
		return string(r[:k]) + "…"
	}
	return s
}

// text returns the text under n, outside scripts and styles, with a space
// after each text node.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
