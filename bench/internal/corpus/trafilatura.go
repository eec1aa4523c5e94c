package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// TrafilaturaModule is the module that ships trafilatura's evaluation set:
// scripts/comparison/data.go (URL → file, expected and unwanted snippets,
// authors, date) and the pages under test-files/.
const TrafilaturaModule = "github.com/markusmobius/go-trafilatura"

// An Entry is one page of trafilatura's evaluation set with what its
// comparison script checks: snippets the main text must hold (With) and
// must not hold (Without), and the page's authors and date where known.
type Entry struct {
	Page
	With, Without []string
	Authors       []string
	Date          string // "2006-01-02", or empty
}

// ModuleDir returns the directory of TrafilaturaModule as the bench
// module's build sees it (`go list -m`), downloading it when needed.
func ModuleDir() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", TrafilaturaModule).Output()
	dir := strings.TrimSpace(string(out))
	if err == nil && dir == "" {
		if err = exec.Command("go", "mod", "download", TrafilaturaModule).Run(); err == nil {
			out, err = exec.Command("go", "list", "-m", "-f", "{{.Dir}}", TrafilaturaModule).Output()
			dir = strings.TrimSpace(string(out))
		}
	}
	if err != nil {
		return "", fmt.Errorf("finding %s: %w", TrafilaturaModule, err)
	}
	if dir == "" {
		return "", fmt.Errorf("finding %s: go list gives no directory", TrafilaturaModule)
	}
	return dir, nil
}

// LoadTrafilaturaDev finds the module (ModuleDir) and returns its
// development half (TrafilaturaDev), for tools that do not report the
// entries whose pages are missing.
func LoadTrafilaturaDev() ([]Entry, error) {
	dir, err := ModuleDir()
	if err != nil {
		return nil, err
	}
	entries, _, err := TrafilaturaDev(dir)
	return entries, err
}

// IsDevelopment reports whether an entry of the evaluation set belongs to
// its development half: the SHA-256 hex digest of its URL (as UTF-8 bytes)
// ends in 0–7. The other half is held out: nothing here reads, scores or
// prints it.
func IsDevelopment(rawURL string) bool {
	sum := sha256.Sum256([]byte(rawURL))
	last := hex.EncodeToString(sum[len(sum)-1:])[1]
	return last >= '0' && last <= '7'
}

// TrafilaturaDev returns the development half of the evaluation set in the
// module at dir, sorted by URL. It parses data.go as Go source and drops
// every held-out entry by the hash of its URL before it looks at the
// entry's fields or opens its page. An entry whose page is in neither
// test-files/comparison nor test-files/mock is skipped, as the set's own
// script skips it, and listed in missing.
func TrafilaturaDev(dir string) (entries []Entry, missing []string, err error) {
	dataPath := filepath.Join(dir, "scripts", "comparison", "data.go")
	f, err := parser.ParseFile(token.NewFileSet(), dataPath, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, err
	}
	lit := comparisonData(f)
	if lit == nil {
		return nil, nil, fmt.Errorf("%s: no comparisonData map", dataPath)
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		rawURL, ok := stringLit(kv.Key)
		if !ok || !IsDevelopment(rawURL) {
			continue // held out: its fields are not read
		}
		e := Entry{Page: Page{URL: rawURL}}
		fields, _ := kv.Value.(*ast.CompositeLit)
		if fields == nil {
			continue
		}
		for _, fe := range fields.Elts {
			fkv, ok := fe.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			name, _ := fkv.Key.(*ast.Ident)
			if name == nil {
				continue
			}
			switch name.Name {
			case "File":
				e.Path, _ = stringLit(fkv.Value)
			case "With":
				e.With = stringList(fkv.Value)
			case "Without":
				e.Without = stringList(fkv.Value)
			case "Authors":
				e.Authors = stringList(fkv.Value)
			case "Date":
				e.Date, _ = stringLit(fkv.Value)
			}
		}
		if e.Path == "" {
			continue
		}
		file := e.Path
		e.Path = ""
		for _, sub := range []string{"comparison", "mock"} {
			p := filepath.Join(dir, "test-files", sub, file)
			if src, err := os.ReadFile(p); err == nil {
				e.Path, e.Source = p, src
				break
			}
		}
		if e.Path == "" {
			missing = append(missing, file)
			continue
		}
		e.Name = strings.TrimSuffix(file, ".html")
		entries = append(entries, e)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].URL < entries[j].URL })
	return entries, missing, nil
}

// comparisonData finds the composite literal of `var comparisonData = ...`.
func comparisonData(f *ast.File) *ast.CompositeLit {
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, s := range g.Specs {
			vs, ok := s.(*ast.ValueSpec)
			if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "comparisonData" || len(vs.Values) != 1 {
				continue
			}
			if lit, ok := vs.Values[0].(*ast.CompositeLit); ok {
				return lit
			}
		}
	}
	return nil
}

func stringLit(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
}

func stringList(e ast.Expr) []string {
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	var out []string
	for _, x := range lit.Elts {
		if s, ok := stringLit(x); ok {
			out = append(out, s)
		}
	}
	return out
}
