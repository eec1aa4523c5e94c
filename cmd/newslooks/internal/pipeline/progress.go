package pipeline

import (
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress is a progress bar on a terminal, and nothing elsewhere. It
// shows the inputs done out of all, how many failed and the rate; no time
// estimate, which a slow URL among fast files makes meaningless.
type progress struct {
	bar    *progressbar.ProgressBar
	failed int
}

// newProgress shows a bar when w is a terminal and there is more than one
// input; pipes and CI logs get no extra output.
func newProgress(w io.Writer, total int) *progress {
	f, ok := w.(*os.File)
	if !ok || total < 2 || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	return newBar(w, total)
}

// newBar returns a bar drawn on w.
func newBar(w io.Writer, total int) *progress {
	return &progress{bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("parsing"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("inputs"),
		progressbar.OptionSetElapsedTime(false),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionClearOnFinish(),
	)}
}

// done counts one input as ended.
func (p *progress) done(failed bool) {
	if p.bar == nil {
		return
	}
	if failed {
		p.failed++
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
