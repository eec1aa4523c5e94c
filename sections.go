package newslooks

// A SectionBuilder collects the headings and paragraphs of a body, in order, into
// sections: each heading closes the section before it and opens its own;
// the text before the first heading is the opening section, with an empty
// heading, and is left out when it holds no paragraph.
//
// A heading with no paragraph under it (another heading, or the end of the
// body, follows it) makes an empty section when KeepEmpty is set, as the
// text form requires for the round trip; otherwise it is dropped, as the
// kickers and "What's next" headings of other publishers' pages should be.
// Readers of other sources (a feed's content, a custom extractor) use it
// to build an Article's Sections the way the parsers do.
//
// The zero value is ready to use. All sections share one backing array of
// paragraphs, so a body costs two allocations however many sections it has.
type SectionBuilder struct {
	// KeepEmpty keeps sections whose heading has no paragraph.
	KeepEmpty bool

	sections []Section
	paras    []string
	start    int    // index in paras of the open section's first paragraph
	heading  string // the open section's heading
	open     bool   // a heading opened the current section
}

// Grow makes room for n paragraphs.
func (b *SectionBuilder) Grow(n int) {
	if b.paras == nil {
		b.paras = make([]string, 0, n)
	}
}

// Heading closes the open section and opens one under h.
func (b *SectionBuilder) Heading(h string) {
	b.close()
	b.heading, b.open, b.start = h, true, len(b.paras)
}

// Paragraph adds p to the open section.
func (b *SectionBuilder) Paragraph(p string) { b.paras = append(b.paras, p) }

// Paragraphs returns how many paragraphs were added.
func (b *SectionBuilder) Paragraphs() int { return len(b.paras) }

// Sections closes the open section and returns the sections, nil when
// there is none. The Builder must not be used after.
func (b *SectionBuilder) Sections() []Section {
	b.close()
	return b.sections
}

func (b *SectionBuilder) close() {
	n := len(b.paras) - b.start
	if n > 0 || b.open && b.KeepEmpty {
		if b.sections == nil {
			b.sections = make([]Section, 0, 8)
		}
		b.sections = append(b.sections, Section{Heading: b.heading, Paragraphs: b.paras[b.start:len(b.paras):len(b.paras)]})
	}
	b.heading, b.open, b.start = "", false, len(b.paras)
}
