package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"gloss/export"
)

var cmdGitSetup = &command{
	name:    "git-setup",
	args:    "[DIR] [--print] [--global] [--gloss PROGRAM]",
	summary: "set up a Git repository so that git merges and diffs .gloss projects with Gloss",
	parse:   func(fl *flags, args []string) (options, error) { return parseGitSetup(fl, args) },
}

type gitSetupOptions struct {
	dir    string // inside the repository's work tree
	print  bool   // print what would be written, write nothing
	global bool   // the drivers in the user's Git configuration, not the repository's
	gloss  string // the program git runs; "" for this one
}

func parseGitSetup(fl *flags, args []string) (*gitSetupOptions, error) {
	o := &gitSetupOptions{}
	fl.BoolVar(&o.print, "print", false, "print the lines to add to .gitattributes, .gitignore and the Git configuration, changing nothing")
	fl.BoolVar(&o.global, "global", false, "configure the drivers for all your repositories (git config --global), not this one only")
	fl.StringVar(&o.gloss, "gloss", "", "the Gloss program git runs (default: this one)")
	pos, err := fl.parse(args, 0, 1)
	if err != nil {
		return nil, err
	}
	o.dir = "."
	if len(pos) == 1 {
		o.dir = pos[0]
	}
	return o, nil
}

// gitAttributes marks projects for Gloss's drivers; -text keeps Git from
// converting line endings inside them.
const gitAttributes = "*.gloss -text merge=gloss diff=gloss"

// gitIgnored are the files SQLite keeps beside an open project: they
// belong to the program that has it open and are never committed.
var gitIgnored = []string{"*.gloss-wal", "*.gloss-shm", "*.gloss-journal"}

// gitSetting is one entry of the drivers' Git configuration: section.gloss.key.
type gitSetting struct{ section, key, value string }

func (g gitSetting) name() string { return g.section + ".gloss." + g.key }

// gitConfig returns the configuration of the drivers, run with program.
func gitConfig(program string) []gitSetting {
	q := shellQuote(filepath.ToSlash(program))
	return []gitSetting{
		{"merge", "name", "Gloss project merge"},
		{"merge", "driver", q + " git-merge-driver %O %A %B %P"},
		{"diff", "textconv", q + " git-textconv"},
		{"diff", "cachetextconv", "true"},
	}
}

// shellQuote quotes s for the shell git runs drivers with.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+:@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func (o *gitSetupOptions) run(ctx context.Context, std streams) error {
	program := o.gloss
	if program == "" {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("cannot find this program's path for git to run (give --gloss): %w", err)
		}
		program = exe
	}
	if abs, err := filepath.Abs(program); err == nil {
		program = abs
	}
	config := gitConfig(program)
	if o.print {
		fmt.Fprintf(std.out, "# .gitattributes\n%s\n\n# .gitignore\n%s\n\n# Git configuration (.git/config, or ~/.gitconfig)\n", gitAttributes, strings.Join(gitIgnored, "\n"))
		section := ""
		for _, g := range config {
			if g.section != section {
				section = g.section
				fmt.Fprintf(std.out, "[%s \"gloss\"]\n", section)
			}
			fmt.Fprintf(std.out, "\t%s = %s\n", g.key, gitConfigValue(g.value))
		}
		return nil
	}
	if _, err := exec.LookPath("git"); err != nil {
		return errors.New("git is not installed (or not on PATH); gloss git-setup --print shows the lines to add by hand")
	}
	top, err := git(ctx, o.dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return fmt.Errorf("%s is not inside a Git repository's work tree: %w", o.dir, err)
	}
	top = strings.TrimSpace(top)
	changed, err := addLines(filepath.Join(top, ".gitattributes"), []string{gitAttributes})
	if err != nil {
		return err
	}
	if changed {
		fmt.Fprintf(std.out, "added to .gitattributes: %s\n", gitAttributes)
	} else {
		fmt.Fprintf(std.out, ".gitattributes already marks *.gloss for Gloss\n")
	}
	if changed, err = addLines(filepath.Join(top, ".gitignore"), gitIgnored); err != nil {
		return err
	}
	if changed {
		fmt.Fprintf(std.out, "added to .gitignore: %s\n", strings.Join(gitIgnored, " "))
	}
	scope, where := "--local", filepath.Join(".git", "config")
	if o.global {
		scope, where = "--global", "your global Git configuration"
	}
	for _, g := range config {
		if _, err := git(ctx, top, "config", scope, g.name(), g.value); err != nil {
			return fmt.Errorf("git config %s: %w", g.name(), err)
		}
	}
	fmt.Fprintf(std.out, "set the gloss merge and diff drivers in %s, running %s\n", where, program)
	fmt.Fprintf(std.out, "Commit .gitattributes and .gitignore; each colleague runs gloss git-setup once in their own clone.\n")
	return nil
}

// gitConfigValue quotes a value as a Git configuration file needs it.
func gitConfigValue(v string) string {
	if !strings.ContainsAny(v, "\"\\#;") && strings.TrimSpace(v) == v {
		return v
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

// git runs git in dir and returns its standard output; the error carries
// what git said.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(errb.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return out.String(), nil
}

// addLines appends to the file at path each line it does not hold yet,
// creating it when missing; it reports whether it changed the file.
func addLines(path string, lines []string) (bool, error) {
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return false, err
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n") {
		have[strings.TrimSpace(l)] = true
	}
	var add []string
	for _, l := range lines {
		if !have[l] {
			add = append(add, l)
		}
	}
	if len(add) == 0 {
		return false, nil
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		b = append(b, '\n')
	}
	b = append(b, strings.Join(add, "\n")+"\n"...)
	// Through a temporary file: a full disk keeps the lines already there.
	if err := export.WriteFile(path, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
		return false, err
	}
	return true, nil
}
