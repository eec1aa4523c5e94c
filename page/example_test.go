package page_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/newsingest/newslooks/page"
)

const copyPage = `<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<title>Harbor Tunnel Reopens After Repairs - Newslooks</title>
<link rel="canonical" href="https://newslooks.com/harbor-tunnel-reopens/">
<meta property="og:site_name" content="Newslooks">
<meta property="article:published_time" content="2025-03-10T14:30:00-04:00">
<meta property="article:tag" content="Transit">
<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"name": "A. Reyes"}, {"name": "P. Lin"}]}</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/metro/">Metro</a></nav>
<article>
<h1>Harbor Tunnel Reopens After Repairs</h1>
<p class="subtitle">The tunnel reopened on Monday after three weeks of repairs.</p>
<figure><img src="/img/tunnel.jpg"><figcaption>The eastbound tube. <span class="credit">AP</span></figcaption></figure>
<div class="entry-content">
<h3>Harbor Tunnel Quick Looks</h3>
<ul><li>Tunnel reopened Monday after three weeks</li><li>Repairs came in under budget</li></ul>
<p>NEW YORK &mdash; The Harbor Tunnel reopened to traffic on Monday.</p>
<div class="ad-slot">Advertisement</div>
<h2>What Comes Next</h2>
<p>Officials said a full inspection would follow in the spring.</p>
<div class="share-bar">Share this: <a href="#">Facebook</a></div>
</div>
</article>
<footer>© Newslooks</footer>
</body>
</html>`

func ExampleParseHTML() {
	a, err := page.ParseHTML(strings.NewReader(copyPage), "https://newslooks.com/?p=42")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Headline)
	fmt.Println(a.Byline.Publisher, a.Byline.Authors)
	fmt.Println(a.Summary)
	fmt.Println(a.QuickLooks.Title, len(a.QuickLooks.Items))
	for _, s := range a.Sections {
		fmt.Printf("%q: %q\n", s.Heading, s.Paragraphs)
	}
	fmt.Println(a.Dateline)
	fmt.Println(a.URL)
	fmt.Println(a.Published.UTC(), a.Tags, a.Language)
	fmt.Println(a.Images[0].URL, a.Images[0].Caption, a.Images[0].Credit)
	// Output:
	// Harbor Tunnel Reopens After Repairs
	// Newslooks [A. Reyes P. Lin]
	// The tunnel reopened on Monday after three weeks of repairs.
	// Harbor Tunnel Quick Looks 2
	// "": ["NEW YORK — The Harbor Tunnel reopened to traffic on Monday."]
	// "What Comes Next": ["Officials said a full inspection would follow in the spring."]
	// NEW YORK
	// https://newslooks.com/harbor-tunnel-reopens/
	// 2025-03-10 18:30:00 +0000 UTC [Transit] en-US
	// https://newslooks.com/img/tunnel.jpg The eastbound tube. AP
}
