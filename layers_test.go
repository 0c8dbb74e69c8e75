package main

import (
	"os/exec"
	"strings"
	"testing"
)

// layers says which of our packages each may import, by prefix: the
// one-way flow of docs/ARCHITECTURE.md. A package not listed may import
// any package but app and app/cli, which only main imports.
var layers = []struct {
	pkg     string
	mayUse  []string
	because string
}{
	{"gloss/annotate", nil, "the domain imports nothing of ours"},
	{"gloss/assets", nil, "assets are data"},
	{"gloss/app/settings", []string{"gloss/annotate"}, "settings are a file of their own, whose errors are worded as the domain words them"},
	{"gloss/storage", []string{"gloss/annotate", "gloss/storage"}, "storage implements the domain"},
	{"gloss/export", []string{"gloss/annotate", "gloss/export"}, "exporters read a project through their own interfaces, not storage"},
	{"gloss/app/docview", []string{"gloss/annotate", "gloss/app/docview"}, "the reading view shows the domain"},
	{"gloss/app/project", []string{"gloss/annotate", "gloss/assets", "gloss/export", "gloss/storage"}, "projects are made of storage and assets"},
}

func TestImportsFlowOneWay(t *testing.T) {
	out, err := exec.Command("go", "list", "-tags", "sqlite_fts5 e2e", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 10 {
		t.Fatalf("go list found only %d packages", len(lines))
	}
	under := func(p, prefix string) bool { return p == prefix || strings.HasPrefix(p, prefix+"/") }
	for _, line := range lines {
		f := strings.Fields(line)
		pkg, imports := f[0], f[1:]
		for _, imp := range imports {
			if !under(imp, "gloss") || imp == "gloss" {
				continue
			}
			if (imp == "gloss/app" || imp == "gloss/app/cli") && pkg != "gloss" {
				t.Errorf("%s imports %s: only main does", pkg, imp)
			}
			for _, l := range layers {
				if !under(pkg, l.pkg) {
					continue
				}
				ok := false
				for _, m := range l.mayUse {
					ok = ok || under(imp, m)
				}
				if !ok {
					t.Errorf("%s imports %s: %s", pkg, imp, l.because)
				}
			}
		}
	}
}
