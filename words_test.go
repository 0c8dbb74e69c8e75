package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// tagWord is "tag" as a word of a sentence: what the domain and the
// tables call a code. Identifiers such as tag_spans, and flags such as
// --tag (stripped first), are not words of one.
var tagWord = regexp.MustCompile(`(?i)\b(un)?tag(s|ged|ging)?\b`)

// flagName is a command-line flag named in a message: --tag is the flag's
// name, which stays.
var flagName = regexp.MustCompile(`--[a-z][a-z-]*`)

// errorMakers are the calls whose text a researcher reads when the error
// reaches the window or the command line: the message of an annotate.Error,
// and whatever wraps it or stands for it.
var errorMakers = map[string]bool{
	"annotate.Errorf": true, "Errorf": true, "fmt.Errorf": true, "errors.New": true, "usageErrorf": true,
}

// TestErrorsSpeakOfCodes fails when an error made in the product's code
// calls a code a tag. The window and the command line speak of codes and
// the codebook; tags are the domain's and storage's word for them, fine
// for identifiers and SQL, not for a message.
func TestErrorsSpeakOfCodes(t *testing.T) {
	fset := token.NewFileSet()
	files := 0
	for _, dir := range []string{"annotate", "storage", "export", "app"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || path == filepath.Join("app", "e2e")) {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			files++
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || !errorMakers[callee(call.Fun)] {
					return true
				}
				for _, arg := range call.Args {
					lit, ok := arg.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					text, err := strconv.Unquote(lit.Value)
					if err != nil {
						continue
					}
					if w := tagWord.FindString(flagName.ReplaceAllString(text, "")); w != "" {
						t.Errorf("%s: %s(%s) says %q: a researcher reads this, and to them it is a code", fset.Position(lit.Pos()), callee(call.Fun), lit.Value, w)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 100 {
		t.Fatalf("read only %d files: run from the module's root", files)
	}
}

// callee names the function called: "fmt.Errorf", "usageErrorf".
func callee(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok {
			return x.Name + "." + f.Sel.Name
		}
	}
	return ""
}
