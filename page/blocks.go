package page

import (
	"strings"
	"unsafe"

	"github.com/newsingest/newslooks"
	"github.com/newsingest/newslooks/internal/clean"
	"github.com/newsingest/newslooks/internal/htmlx"
	"github.com/newsingest/newslooks/internal/textform"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The kinds of block readBlocks finds.
type blockKind uint8

const (
	blockPara    blockKind = iota // a paragraph, or a run of text in a block element
	blockHeading                  // <h2> to <h6>, or another <h1>
	blockItem                     // a list item
)

// A block is a run of text between block boundaries, in document order.
type block struct {
	text string
	kind blockKind
	bold bool // all its text is inside <strong> or <b>
}

// A pageImage is an image and where its caption came from.
type pageImage struct {
	newslooks.Image
	altOnly bool // the caption is alternative text, not a caption
}

// A body is what readBody finds in the article's element: its blocks of
// text, in document order, and its images.
type body struct {
	blocks []block
	images []pageImage
}

// readBody reads the blocks and images of the article's element.
func readBody(lo *layout, l *links) body {
	r := blockReader{lo: lo, links: l, blocks: make([]block, 0, 64), bold: true}
	r.walk(lo.root, blockPara, false)
	r.flush(blockPara)
	return body{blocks: r.blocks, images: r.images}
}

// A blockReader cuts the body into blocks.
type blockReader struct {
	lo     *layout
	links  *links
	images []pageImage
	blocks []block
	buf    []byte
	whole  string // the block's text when it is one clean text node's, not copied into buf
	space  bool   // a space is pending before the next text
	bold   bool   // all text so far is bold
}

func (r *blockReader) walk(n *html.Node, kind blockKind, bold bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			r.text(c.Data, bold)
			continue
		case html.ElementNode:
		default:
			continue
		}
		f := classify(c)
		if isChromeOrHidden(f) || c == r.lo.subtitle || c == r.lo.headline {
			continue
		}
		if f&fFigure != 0 || c.DataAtom == atom.Figure {
			r.flush(kind)
			r.figure(c)
			continue
		}
		if f&fMeta != 0 && !htmlx.IsFormatting(c.DataAtom) {
			// A kicker or meta line that holds the text form's header
			// line is read as one: copyReader takes its location and
			// edition, and it is no body paragraph.
			if t, ok := headerLineText(c); ok {
				r.flush(kind)
				r.blocks = append(r.blocks, block{text: t, kind: blockPara})
			}
			continue
		}
		switch c.DataAtom {
		case atom.Br, atom.Hr:
			r.flush(kind)
		case atom.Img:
			r.addImg(c, "", "")
		case atom.B, atom.Strong:
			r.walk(c, kind, true)
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			r.flush(kind)
			r.walk(c, blockHeading, bold)
			r.flush(blockHeading)
		case atom.Header:
			// Outside an article, a header is the page's unless it holds
			// the headline.
			if r.lo.root.DataAtom != atom.Article && !r.lo.holdsHeadline(c) {
				continue
			}
			r.flush(kind)
			r.walk(c, kind, bold)
			r.flush(kind)
		case atom.Li, atom.Dt, atom.Dd:
			r.flush(kind)
			r.walk(c, blockItem, bold)
			r.flush(blockItem)
		default:
			if htmlx.IsInline(c.DataAtom) {
				r.walk(c, kind, bold)
				continue
			}
			r.flush(kind)
			r.walk(c, kind, bold)
			r.flush(kind)
		}
	}
}

// text adds the text of a text node to the current block.
//
// Most blocks are one text node whose text is already clean (a
// paragraph's, a list item's): such a text is the block's as it is, in
// r.whole, and is copied into r.buf only when more text follows.
func (r *blockReader) text(s string, bold bool) {
	if len(r.buf) == 0 && r.whole == "" && s != "" {
		switch {
		case clean.IsClean(s):
			// What AppendSpace would write: s, with no space pending.
			r.whole, r.space = s, false
			if !bold {
				r.bold = false
			}
			return
		case strings.TrimSpace(s) == "":
			// White space between blocks: AppendSpace would write
			// nothing and leave a space pending; no chunk is needed.
			r.space = true
			return
		}
	}
	if r.whole != "" {
		r.room(len(r.whole))
		r.buf = append(r.buf, r.whole...)
		r.whole = ""
	}
	r.room(len(s))
	start := len(r.buf)
	r.buf, r.space = clean.AppendSpace(r.buf, s, r.space)
	if len(r.buf) > start && !bold {
		r.bold = false
	}
}

// room makes room in r.buf's chunk for n bytes and a space before them.
func (r *blockReader) room(n int) {
	if cap(r.buf)-len(r.buf) <= n {
		// A new chunk for this block and the next ones; the blocks
		// flushed keep the old one.
		chunk := make([]byte, len(r.buf), max(len(r.buf)+n+1, minBlockChunk))
		copy(chunk, r.buf)
		r.buf = chunk
	}
}

// flush ends the current block, which is of the given kind.
//
// The blocks' texts are written one after another into chunks of memory,
// and a block's text is a string of its bytes in the chunk, not a copy:
// the next block is written after it, never over it (r.buf is left empty
// at the end of what is written), so the bytes do not change once they
// are a string. That saves a copy and an allocation a block; text grows
// r.buf into a new chunk when the old one is full.
func (r *blockReader) flush(kind blockKind) {
	if r.whole != "" {
		r.blocks = append(r.blocks, block{text: r.whole, kind: kind, bold: r.bold})
		r.whole = ""
	} else if len(r.buf) > 0 {
		r.blocks = append(r.blocks, block{text: unsafe.String(&r.buf[0], len(r.buf)), kind: kind, bold: r.bold})
		r.buf = r.buf[len(r.buf):]
	}
	r.space, r.bold = false, true
}

// minBlockChunk is the least size of a chunk of block text: about the
// text of a short article.
const minBlockChunk = 1 << 10

// figure reads a captioned image: its images, caption and credit. Its
// text is not part of the body.
func (r *blockReader) figure(n *html.Node) {
	var caption, credit []byte
	var imgs []*html.Node
	var walk func(n *html.Node, in int)
	const inCaption, inCredit = 1, 2
	walk = func(n *html.Node, in int) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				switch in {
				case inCaption:
					caption, _ = clean.AppendSpace(caption, c.Data, len(caption) > 0)
				case inCredit:
					credit, _ = clean.AppendSpace(credit, c.Data, len(credit) > 0)
				}
			case html.ElementNode:
				f := classify(c)
				if isChromeOrHidden(f) {
					continue
				}
				switch {
				case c.DataAtom == atom.Img:
					imgs = append(imgs, c)
				case f&fCredit != 0:
					walk(c, inCredit)
				case c.DataAtom == atom.Figcaption || f&fCaption != 0:
					walk(c, inCaption)
				default:
					walk(c, in)
				}
			}
		}
	}
	walk(n, 0)
	for _, img := range imgs {
		r.addImg(img, trimCaption(string(caption)), string(credit))
	}
}

// trimCaption trims the space and punctuation left where a credit was cut
// out of a caption.
func trimCaption(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), " |·•")
}

// addImg records an <img> of the article with its caption and credit; the
// alternative text stands in for a missing caption.
func (r *blockReader) addImg(n *html.Node, caption, credit string) {
	src := ""
	for _, k := range [...]string{"src", "data-src", "data-lazy-src", "data-original"} {
		if v := strings.TrimSpace(htmlx.Attr(n, k)); v != "" && !strings.HasPrefix(v, "data:") {
			src = v
			break
		}
	}
	if src == "" {
		if set := strings.TrimSpace(htmlx.Attr(n, "srcset")); set != "" {
			src, _, _ = strings.Cut(set, " ")
			src = strings.TrimSuffix(src, ",")
		}
	}
	if src == "" || htmlx.Attr(n, "width") == "1" || htmlx.Attr(n, "height") == "1" || len(r.images) >= maxImages {
		return
	}
	img := pageImage{Image: newslooks.Image{URL: r.links.resolve(src), Caption: caption, Credit: clean.Space(credit)}}
	if img.Caption == "" {
		img.Caption, img.altOnly = clean.Space(htmlx.Attr(n, "alt")), true
	}
	r.images = append(r.images, img)
}

// headerLineText returns the text of a meta element (a kicker, an
// eyebrow) when it is the text form's header line, "HEADLINE/ PUBLISHER/
// LOCATION/ AUTHORS/ EDITION/ SUMMARY".
func headerLineText(n *html.Node) (string, bool) {
	if htmlx.IsInline(n.DataAtom) {
		return "", false
	}
	t := clean.Space(textContent(n))
	if strings.Count(t, "/ ") < 4 {
		return "", false
	}
	if _, ok := textform.ParseHeader(t, true); !ok {
		return "", false
	}
	return t, true
}
