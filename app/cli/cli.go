// Package cli is Gloss's command line: the same binary as the app, run with
// a command name. Each command parses its arguments into an options value
// (parse), then runs from those options alone (run), writing to the
// streams it is given; Run ties the two together. Every command that
// writes takes --author; every command that lists takes --json. Errors go
// to standard error with exit status 1, usage errors with status 2.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// command is one of gloss's commands.
type command struct {
	name    string
	args    string // synopsis after the name
	summary string
	// parse reads the command's arguments into its options; --help prints
	// the command's usage to help and returns flag.ErrHelp.
	parse func(fl *flags, args []string) (options, error)
}

// options are a command's arguments, parsed and checked; run carries the
// command out.
type options interface {
	run(ctx context.Context, std streams) error
}

// streams are where a command writes what it has to say.
type streams struct {
	out io.Writer // results
	err io.Writer // progress and warnings
}

// commands is the table of every command, in the order help lists them.
var commands = []*command{
	cmdNew,
	cmdImport,
	cmdDocs,
	cmdAttrs,
	cmdTags,
	cmdHighlight,
	cmdPassages,
	cmdMemos,
	cmdSearch,
	cmdRules,
	cmdAutocode,
	cmdAnalysis,
	cmdBrief,
	cmdExport,
	cmdCheck,
	cmdCopy,
	cmdMerge,
	cmdOrphans,
	cmdAgreement,
	cmdReconcile,
	cmdImportAnnotations,
	cmdGitSetup,
	cmdGitMergeDriver,
	cmdGitTextconv,
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
	return isHelp(name) || lookup(name) != nil
}

func isHelp(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}

// lookup returns the command with that name, or nil.
func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// Run runs the command named by args[0] and returns the exit status.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || isHelp(args[0]) {
		if len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				return Run([]string{c.name, "--help"}, stdout, stderr)
			}
		}
		usage(stdout)
		return 0
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(stderr, "gloss: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	opts, err := c.parse(newFlags(c, stdout), args[1:])
	if err == nil {
		err = opts.run(context.Background(), streams{out: stdout, err: stderr})
	}
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "gloss %s: %s\nusage: gloss %s %s\n", c.name, ue.msg, c.name, c.args)
		return 2
	default:
		fmt.Fprintf(stderr, "gloss %s: %s\n", c.name, err)
		return 1
	}
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

// flags is the flag set of one command, with its positional arguments
// taken in any order among the flags.
type flags struct {
	*flag.FlagSet
	cmd  *command
	help io.Writer
}

func newFlags(c *command, help io.Writer) *flags {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flags{FlagSet: fs, cmd: c, help: help}
}

// author adds --author, the name a writing command stamps on its changes.
func (fl *flags) author(p *string) {
	fl.StringVar(p, "author", "", "your name, stamped on every change (default: the name saved by the app, else your user name)")
}

// list adds --json to a listing command.
func (fl *flags) list(p *listing) {
	fl.BoolVar(&p.json, "json", false, "print JSON")
}

// strings adds a repeatable string flag.
func (fl *flags) strings(p *[]string, name, usage string) {
	fl.Var((*stringList)(p), name, usage)
}

// parse parses flags and positional arguments in any order and checks the
// number of positional arguments (max < 0: no limit).
func (fl *flags) parse(args []string, min, max int) ([]string, error) {
	var pos []string
	for {
		if err := fl.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fl.printHelp()
				return nil, flag.ErrHelp
			}
			return nil, usageErrorf("%s", err)
		}
		args = fl.Args()
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

// isSet reports whether the flag called name was given.
func (fl *flags) isSet(name string) bool {
	set := false
	fl.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func (fl *flags) printHelp() {
	c := fl.cmd
	fmt.Fprintf(fl.help, "usage: gloss %s %s\n\n%s\n", c.name, c.args, c.summary)
	var names []string
	fl.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return
	}
	sort.Strings(names)
	fmt.Fprintf(fl.help, "\nflags:\n")
	tw := tabwriter.NewWriter(fl.help, 0, 4, 2, ' ', 0)
	for _, n := range names {
		f := fl.Lookup(n)
		arg := " VALUE"
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
			arg = ""
		}
		fmt.Fprintf(tw, "  --%s%s\t%s\n", n, arg, f.Usage)
	}
	tw.Flush()
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }
