package newslooks

import "strings"

// quickLooksSuffix ends the title line of the Quick Looks block.
const quickLooksSuffix = "Quick Looks"

// isQuickLooksTitle reports whether s is the title line of a Quick Looks
// block: a short line ending in "Quick Looks", in any case.
func isQuickLooksTitle(s string) bool {
	n := len(s) - len(quickLooksSuffix)
	if n < 0 || len(s) > 160 || !strings.EqualFold(s[n:], quickLooksSuffix) {
		return false
	}
	_, isBullet := bulletItem(s)
	return !isBullet && (n == 0 || s[n-1] == ' ')
}

// bulletItem returns the text of a quick-look item line without its bullet,
// and whether s is an item line at all. The bullets the format allows are
// "-", "•", "*" and "–", each followed by a space; a bullet with nothing
// after it is an item line with an empty item.
func bulletItem(s string) (string, bool) {
	var rest string
	switch {
	case s == "":
		return "", false
	case s[0] == '-' || s[0] == '*':
		rest = s[1:]
	case strings.HasPrefix(s, "•") || strings.HasPrefix(s, "–"):
		rest = s[len("•"):] // both are three bytes
	default:
		return "", false
	}
	if rest == "" {
		return "", true
	}
	if rest[0] == ' ' || rest[0] == '\t' {
		return strings.TrimSpace(rest), true
	}
	return "", false
}

// parseQuickLooks reads the Quick Looks block whose title is lines[0]. It
// returns the block and the number of lines it spans. In a hard-wrapped
// copy a line that follows an item without a blank line continues it;
// otherwise such a line ends the block.
func parseQuickLooks(lines []line, wrapped bool) (QuickLooks, int) {
	ql := QuickLooks{Title: lines[0].text}
	n := 0 // items up to the first line that is neither blank nor a bullet
	for _, l := range lines[1:] {
		if _, ok := bulletItem(l.text); ok {
			n++
		} else if l.text != "" {
			break
		}
	}
	ql.Items = make([]string, 0, n)
	i := 1
	inItem := false // the previous line was part of an item
	for i < len(lines) {
		t := lines[i].text
		if item, ok := bulletItem(t); ok {
			if item != "" {
				ql.Items = append(ql.Items, item)
			}
			inItem = item != ""
			i++
			continue
		}
		if t == "" {
			// A blank line ends the block unless more items follow.
			j := i + 1
			for j < len(lines) && lines[j].text == "" {
				j++
			}
			if j < len(lines) {
				if _, ok := bulletItem(lines[j].text); ok {
					i = j
					inItem = false
					continue
				}
			}
			break
		}
		if wrapped && inItem {
			last := &ql.Items[len(ql.Items)-1]
			*last += " " + t
			i++
			continue
		}
		break
	}
	return ql, i
}
