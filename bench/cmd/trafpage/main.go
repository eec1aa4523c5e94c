// Command trafpage prints what a library makes of the pages of
// trafilatura's evaluation set, development half (read through
// corpus.TrafilaturaDev, so the held-out half is never opened): for each
// page whose URL contains -url, the library's body text with the set's
// expected snippets it misses and the unwanted snippets it keeps, so that
// a body rule can be written from a class of defect seen on several pages.
//
//	go run ./cmd/trafpage -url SUBSTRING [-lib newslooks] [-html]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"strings"

	"github.com/newsingest/newslooks/bench/internal/corpus"
	"github.com/newsingest/newslooks/bench/internal/extract"
	"golang.org/x/net/html"
)

// printOutline prints the element tree of src: each element that holds at
// least min bytes of text, indented by depth, with its class and id, the
// bytes of text under it, the start of its own text, and a mark where it
// holds an expected (+) or unwanted (-) snippet.
func printOutline(src []byte, min int, with, without []string) {
	root, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		fmt.Println("ERROR:", err)
		return
	}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || c.Data == "script" || c.Data == "style" {
				continue
			}
			under := textUnder(c)
			all := strings.Join(strings.Fields(under), " ")
			if len(all) < min {
				continue
			}
			var own strings.Builder
			for t := c.FirstChild; t != nil; t = t.NextSibling {
				if t.Type == html.TextNode {
					own.WriteString(t.Data)
				}
			}
			mark := ""
			for _, s := range with {
				if strings.Contains(under, s) {
					mark += "+"
				}
			}
			for _, s := range without {
				if strings.Contains(under, s) {
					mark += "-"
				}
			}
			name := c.Data
			for _, a := range c.Attr {
				switch a.Key {
				case "class":
					name += "." + strings.Join(strings.Fields(a.Val), ".")
				case "id":
					name += "#" + a.Val
				case "role", "itemprop", "hidden", "aria-hidden":
					name += "[" + a.Key + "=" + a.Val + "]"
				}
			}
			ownText := strings.Join(strings.Fields(own.String()), " ")
			if len(ownText) > 60 {
				ownText = ownText[:60]
			}
			fmt.Printf("%s%s %d %s %q\n", strings.Repeat("  ", depth), name, len(all), mark, ownText)
			walk(c, depth+1)
		}
	}
	walk(root, 0)
}

func main() {
	sub := flag.String("url", "", "print the development pages whose URL contains this")
	libName := flag.String("lib", "newslooks", "the library whose text to print")
	showHTML := flag.Bool("html", false, "print the page's HTML source instead of the text")
	where := flag.Bool("where", false, "print, for each expected snippet the library misses and each unwanted one it keeps, the path of elements that holds it")
	outlineMin := flag.Int("outline", 0, "print the page's element tree instead of the text: each element holding at least this many bytes of text")
	flag.Parse()
	var lib *extract.Lib
	for _, l := range extract.Extractors() {
		if l.Name == *libName {
			lib = &l
		}
	}
	if lib == nil {
		log.Fatalf("no library %q", *libName)
	}
	entries, err := corpus.LoadTrafilaturaDev()
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		if !strings.Contains(e.URL, *sub) {
			continue
		}
		fmt.Printf("######## %s\n", e.URL)
		if *outlineMin > 0 {
			printOutline(e.Source, *outlineMin, e.With, e.Without)
			continue
		}
		if *showHTML {
			fmt.Printf("%s\n", e.Source)
			continue
		}
		res, err := lib.Extract(e.Source, e.URL)
		if err != nil {
			fmt.Printf("ERROR: %v\n", err)
		}
		text := res.Body()
		for _, s := range e.With {
			if !strings.Contains(text, s) {
				fmt.Printf("MISSED:   %q\n", s)
				if *where {
					fmt.Printf("   in: %s\n", pathTo(e.Source, s))
				}
			}
		}
		for _, s := range e.Without {
			if strings.Contains(text, s) {
				fmt.Printf("UNWANTED: %q\n", s)
				if *where {
					fmt.Printf("   in: %s\n", pathTo(e.Source, s))
				}
			}
		}
		if *where {
			continue
		}
		fmt.Printf("--- type %s, %d bytes\n%s\n", res.PageType, len(text), text)
	}
}

// pathTo returns the path of elements, from <body>, to the innermost
// element whose text holds snippet, or "" when none does.
func pathTo(src []byte, snippet string) string {
	root, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return ""
	}
	var path []string
	n := root
	for {
		var next *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if strings.Contains(textUnder(c), snippet) {
				next = c
				break
			}
		}
		if next == nil {
			break
		}
		name := next.Data
		for _, a := range next.Attr {
			if a.Key == "class" || a.Key == "id" {
				name += "." + strings.Join(strings.Fields(a.Val), ".")
			}
		}
		path = append(path, name)
		n = next
	}
	return strings.Join(path, " > ")
}

// textUnder returns the text under n, less that of scripts and styles.
func textUnder(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if c.Data != "script" && c.Data != "style" {
					walk(c)
				}
			}
		}
	}
	walk(n)
	return b.String()
}
