package prescan

import (
	"bytes"
	"testing"
)

// scanAll is DropCode without its shortcut: the scan of every tag.
func scanAll(src []byte) []byte {
	s := codeScanner{src: src}
	s.scan()
	return s.finish()
}

// shortcutSeeds are pages on either side of mayHoldDroppableCode's line.
var shortcutSeeds = []string{
	`<script type="application/ld+json">{"headline":"H"}</script><p>Body`,
	`<SCRIPT TYPE="APPLICATION/LD+JSON">{}</SCRIPT>`,
	`<script type="application/ld+json">{}</script><script>x()</script>`,
	`<head><STYLE>p{}</STYLE></head>`,
	`<script data-x="a>b" type="application/ld+json">x()</script>`,
	`<script data-x="ld+json>" src=a.js>x()</script>`,
	`<script type="application/ld&#43;json">{}</script>`,
	`<!-- <script>x()</script> --><p>Body`,
	`<scripts>x()</scripts><stylex>`,
	`<p>a < b <s>struck</s> <script`,
	`<textarea><script>x()</script></textarea>`,
	`<svg><style>s</style><script>y</script></svg>`,
}

// TestDropCodeShortcut checks that DropCode, which skips its scan of a
// page that holds no code it would drop, gives on each seed what the scan
// gives, and takes the shortcut on a page whose one script is JSON-LD.
func TestDropCodeShortcut(t *testing.T) {
	for _, seed := range shortcutSeeds {
		if got, want := DropCode([]byte(seed)), scanAll([]byte(seed)); !bytes.Equal(got, want) {
			t.Errorf("DropCode(%q) = %q, the scan gives %q", seed, got, want)
		}
	}
	if mayHoldDroppableCode([]byte(shortcutSeeds[0])) {
		t.Errorf("mayHoldDroppableCode(%q) is true", shortcutSeeds[0])
	}
	if !mayHoldDroppableCode([]byte(shortcutSeeds[2])) {
		t.Errorf("mayHoldDroppableCode(%q) is false", shortcutSeeds[2])
	}
}

// FuzzDropCodeShortcut checks that DropCode gives what its full scan
// gives on any page.
func FuzzDropCodeShortcut(f *testing.F) {
	for _, seed := range shortcutSeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if got, want := DropCode(bytes.Clone(src)), scanAll(bytes.Clone(src)); !bytes.Equal(got, want) {
			t.Fatalf("DropCode(%q) = %q, the scan gives %q", src, got, want)
		}
	})
}
