package newslooks

import "github.com/newsingest/newslooks/internal/textform"

// parseQuickLooks reads the Quick Looks block whose title is lines[0]. It
// returns the block and the number of lines it spans. In a hard-wrapped
// copy a line that follows an item without a blank line continues it;
// otherwise such a line ends the block.
func parseQuickLooks(lines []line, wrapped bool) (QuickLooks, int) {
	ql := QuickLooks{Title: lines[0].text}
	n := 0 // items up to the first line that is neither blank nor a bullet
	for _, l := range lines[1:] {
		if _, ok := textform.BulletItem(l.text); ok {
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
		if item, ok := textform.BulletItem(t); ok {
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
				if _, ok := textform.BulletItem(lines[j].text); ok {
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
