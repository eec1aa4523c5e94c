package newslooks

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeCodeIsExamples checks that every Go code block in README.md is
// the body of a runnable Example function somewhere in the module, so that
// the README's code compiles, runs and gives the output it shows: `go
// test` runs the examples.
func TestReadmeCodeIsExamples(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	require.NotEmpty(t, blocks, "README.md has no Go code block")
	examples := exampleBodies(t)
	for _, b := range blocks {
		block := normalizeCode(b[1])
		found := false
		for _, body := range examples {
			if strings.Contains(body, block) {
				found = true
				break
			}
		}
		assert.True(t, found, "this README block is no Example's body:\n%s", b[1])
	}
}

// exampleBodies returns the bodies of the module's Example functions,
// normalized, from every _test.go file below the module root.
func exampleBodies(t *testing.T) []string {
	var bodies []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return err
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || !strings.HasPrefix(fn.Name.Name, "Example") || fn.Body == nil {
				continue
			}
			body := src[fset.Position(fn.Body.Lbrace).Offset+1 : fset.Position(fn.Body.Rbrace).Offset]
			bodies = append(bodies, normalizeCode(string(body)))
		}
		return nil
	})
	require.NoError(t, err)
	return bodies
}

// normalizeCode removes each line's leading tabs and blank lines, so that
// a README block matches an Example body whatever their indentation.
func normalizeCode(s string) string {
	var out []string
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
