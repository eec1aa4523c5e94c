package pipeline

import (
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress is a progress bar on a terminal, and nothing elsewhere. It
// shows the inputs done, how many failed and the rate. It shows no total,
// which would mean walking every folder before reading (see Run), and no
// time estimate, which a slow URL among fast files makes meaningless.
type progress struct {
	w             io.Writer   // nil: no bar
	many          func() bool // whether the run has more than one input
	bar           *progressbar.ProgressBar
	ended, failed int
}

// newProgress shows a bar when w is a terminal and many says, once an
// input has ended, that there is more than one; pipes and CI logs get no
// extra output.
func newProgress(w io.Writer, many func() bool) *progress {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	return &progress{w: w, many: many}
}

// newBar returns a bar drawn on w, of no known total.
func newBar(w io.Writer) *progressbar.ProgressBar {
	return progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("parsing"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("inputs"),
		progressbar.OptionSetElapsedTime(false),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionClearOnFinish(),
		// No ticker of its own: a bar of no total would otherwise redraw
		// its spinner from a goroutine, between an error line's clear and
		// the line.
		progressbar.OptionSetSpinnerChangeInterval(0),
	)
}

// done counts one input as ended.
func (p *progress) done(failed bool) {
	if p.w == nil {
		return
	}
	p.ended++
	if failed {
		p.failed++
	}
	if p.bar == nil {
		if !p.many() {
			return
		}
		p.bar = newBar(p.w)
		p.bar.Add(p.ended - 1)
	}
	if p.failed > 0 {
		p.bar.Describe(fmt.Sprintf("parsing, %d failed", p.failed))
	}
	p.bar.Add(1)
}

// clear removes the bar before a line is printed under it.
func (p *progress) clear() {
	if p.bar != nil {
		p.bar.Clear()
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
