//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// glossBin is the end-to-end build of Gloss, made once by TestMain.
var glossBin string

// repoRoot is the repository's top folder.
var repoRoot string

// tools are the programs the tests run, with where each comes from.
var tools = [][2]string{
	{"go", "https://go.dev/dl/"},
	{"Xvfb", "the Debian package xvfb"},
	{"xdotool", "the Debian package xdotool"},
	{"import", "the Debian package imagemagick"},
	{"tesseract", "the Debian package tesseract-ocr"},
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	var missing []string
	for _, tool := range tools {
		if _, err := exec.LookPath(tool[0]); err != nil {
			missing = append(missing, fmt.Sprintf("%s (from %s)", tool[0], tool[1]))
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "e2e: missing %s; `make deps` installs the Debian packages\n", strings.Join(missing, ", "))
		return 1
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	repoRoot = root
	dir, err := os.MkdirTemp("", "gloss-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	glossBin = filepath.Join(dir, "gloss")
	build := exec.Command("go", "build", "-tags", "sqlite_fts5 e2e", "-o", glossBin, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: building gloss: %v\n%s", err, out)
		return 1
	}
	code := m.Run()
	cleanupBench()
	return code
}
