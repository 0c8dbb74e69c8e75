// Package cli is Gloss's command line: the same binary as the app, run with
// a command name. Every command that writes takes --author; errors go to
// standard error with exit status 1, usage errors with status 2.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"sort"
	"strings"
	"text/tabwriter"

	"gloss/annotate"
	"gloss/app/project"
	"gloss/storage"
)

// command is one of gloss's commands.
type command struct {
	name    string
	args    string // synopsis after the name
	summary string
	run     func(c *env, args []string) error
}

// commands is the table of every command, in the order help lists them.
var commands = []*command{
	cmdNew,
	cmdImport,
	cmdDocs,
	cmdTags,
	cmdHighlight,
	cmdPassages,
	cmdSearch,
	cmdRules,
	cmdAutocode,
	cmdAnalysis,
	cmdExport,
	cmdCheck,
	cmdCopy,
	cmdMerge,
	cmdAgreement,
	cmdImportAnnotations,
}

// env is what a command runs with.
type env struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	cmd    *command
	author string // --author, when the command's flags include it
}

// usageError is a mistake in how a command was called (exit status 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// usageErrorf returns a usage error.
func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// IsCommand reports whether name is one of gloss's commands (or a help flag).
func IsCommand(name string) bool {
	switch name {
	case "help", "-h", "-help", "--help":
		return true
	}
	for _, c := range commands {
		if c.name == name {
			return true
		}
	}
	return false
}

// Run runs the command named by args[0] and returns the exit status.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		if len(args) > 1 {
			for _, c := range commands {
				if c.name == args[1] {
					return Run([]string{c.name, "--help"}, stdout, stderr)
				}
			}
		}
		usage(stdout)
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		e := &env{ctx: context.Background(), stdout: stdout, stderr: stderr, cmd: c}
		err := c.run(e, args[1:])
		var ue *usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "gloss %s: %s\nusage: gloss %s %s\n", c.name, ue.msg, c.name, c.args)
			return 2
		default:
			fmt.Fprintf(stderr, "gloss %s: %s\n", c.name, message(err))
			return 1
		}
	}
	fmt.Fprintf(stderr, "gloss: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

// message returns err's text; domain errors are already sentences.
func message(err error) string {
	return err.Error()
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "Gloss: code and annotate texts, export briefings.\n\n")
	fmt.Fprintf(w, "usage: gloss [FILE.gloss]          open the app\n       gloss COMMAND [arguments]\n\ncommands:\n")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nRun 'gloss COMMAND --help' for a command's arguments.\n")
}

// flags returns a FlagSet for the current command that prints its usage on
// --help. With writes true it has --author.
func (c *env) flags(writes bool) *flag.FlagSet {
	fs := flag.NewFlagSet(c.cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if writes {
		fs.StringVar(&c.author, "author", "", "your name, stamped on every change (default: the name saved by the app, else your user name)")
	}
	return fs
}

// parse parses flags and positional arguments in any order and checks the
// number of positional arguments (max < 0: no limit).
func (c *env) parse(fs *flag.FlagSet, args []string, min, max int) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.printHelp(fs)
				return nil, flag.ErrHelp
			}
			return nil, usageErrorf("%s", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) < min {
		return nil, usageErrorf("missing arguments")
	}
	if max >= 0 && len(pos) > max {
		return nil, usageErrorf("too many arguments: %s", strings.Join(pos[max:], " "))
	}
	return pos, nil
}

func (c *env) printHelp(fs *flag.FlagSet) {
	fmt.Fprintf(c.stdout, "usage: gloss %s %s\n\n%s\n", c.cmd.name, c.cmd.args, c.cmd.summary)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return
	}
	sort.Strings(names)
	fmt.Fprintf(c.stdout, "\nflags:\n")
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	for _, n := range names {
		f := fs.Lookup(n)
		arg := " VALUE"
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
			arg = ""
		}
		fmt.Fprintf(tw, "  --%s%s\t%s\n", n, arg, f.Usage)
	}
	tw.Flush()
}

// authorName returns the name to stamp on changes: --author, else the name
// the app saved, else the OS user's name.
func (c *env) authorName() string {
	if a := strings.TrimSpace(c.author); a != "" {
		return a
	}
	if a := project.SavedAuthor(); a != "" {
		return a
	}
	if u, err := user.Current(); err == nil {
		if name := strings.TrimSpace(strings.SplitN(u.Name, ",", 2)[0]); name != "" {
			return name
		}
		if u.Username != "" {
			return u.Username
		}
	}
	if a := os.Getenv("USER"); a != "" {
		return a
	}
	return "unknown"
}

// openProject opens an existing project with the author set.
func (c *env) openProject(path string) (*storage.DB, error) {
	db, err := storage.Open(path)
	if err != nil {
		return nil, err
	}
	db.SetAuthor(c.authorName())
	return db, nil
}

// findDocument resolves a unique prefix of a document ID.
func (c *env) findDocument(db *storage.DB, prefix string) (*annotate.Document, error) {
	return db.FindDocument(c.ctx, prefix)
}

// findTags resolves tag names, ignoring case, listing the codebook when one
// is unknown.
func (c *env) findTags(db *storage.DB, names []string) ([]*annotate.Tag, error) {
	var tags []*annotate.Tag
	for _, n := range names {
		t, err := db.TagByName(c.ctx, n)
		if annotate.ErrorCode(err) == annotate.ENOTFOUND {
			all, _ := db.Tags(c.ctx)
			var known []string
			for _, t := range all {
				known = append(known, t.Name)
			}
			return nil, fmt.Errorf("no tag named %q (the codebook has: %s)", n, strings.Join(known, ", "))
		} else if err != nil {
			return nil, err
		}
		tags = append(tags, t)
	}
	return tags, nil
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }
