//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// glossBin is the end-to-end build of Gloss, made once by TestMain.
var glossBin string

// repoRoot is the repository's top folder.
var repoRoot string

// tools are the programs the tests drive, with the Debian package of each.
var tools = map[string]string{
	"Xvfb":      "xvfb",
	"xdotool":   "xdotool",
	"import":    "imagemagick",
	"tesseract": "tesseract-ocr",
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	var missing []string
	for tool, pkg := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, fmt.Sprintf("%s (Debian package %s)", tool, pkg))
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "e2e: missing %s; `make deps` installs them\n", strings.Join(missing, ", "))
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
	build := exec.Command(goTool(), "build", "-tags", "sqlite_fts5 e2e", "-o", glossBin, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: building gloss: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// goTool is the go command that runs the tests.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}
