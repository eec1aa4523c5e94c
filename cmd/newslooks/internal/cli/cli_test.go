package cli

import (
	"os"
	"runtime/debug"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestVersionOf(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "7f5bc402a3b1e6cd65e6255d3349f06900dd6ecf"},
		{Key: "vcs.time", Value: "2026-11-27T16:00:00Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	assert.Equal(t, "newslooks v1.2.3 git 7f5bc402a3b1e6cd65e6255d3349f06900dd6ecf 2026-11-27T16:00:00Z (modified) go1.26.8", versionOf(info))
	info.Settings = nil
	assert.Equal(t, "newslooks v1.2.3 go1.26.8", versionOf(info))
	info.Main.Version = "(devel)"
	assert.Equal(t, "newslooks (devel) (no commit recorded: built by go run, with -buildvcs=false, or outside a git checkout) go1.26.8", versionOf(info))
}

func TestExitStatus(t *testing.T) {
	assert.Equal(t, 0, exitStatus(nil, 0))
	assert.Equal(t, 1, exitStatus(nil, 3))
	assert.Equal(t, 130, exitStatus(Interrupt{Signal: os.Interrupt}, 3))
	assert.Equal(t, 143, exitStatus(Interrupt{Signal: syscall.SIGTERM}, 0))
}
