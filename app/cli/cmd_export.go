package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

var cmdExport = &command{
	name:    "export",
	args:    "FORMAT FILE -o OUT",
	summary: "write the project in another format (" + strings.Join(exportFormatNames(), ", ") + ")",
	run:     runExport,
}

// exportFormatNames lists the formats export knows, sorted.
func exportFormatNames() []string {
	var names []string
	for n := range exportFormats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// runExport dispatches to the format's writer. The output is written to a
// temporary file beside OUT and renamed over it only when complete, so a
// failed export never leaves half a file.
func runExport(c *env, args []string) error {
	fs := c.flags(false)
	out := fs.String("o", "", "the file to write (default: the project's name with the format's extension)")
	pos, err := c.parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	format, file := strings.ToLower(pos[0]), pos[1]
	f, ok := exportFormats[format]
	if !ok {
		return usageErrorf("unknown format %q: choose one of %s", pos[0], strings.Join(exportFormatNames(), ", "))
	}
	if *out == "" {
		*out = strings.TrimSuffix(file, filepath.Ext(file)) + f.ext
	}
	db, err := c.openProject(file)
	if err != nil {
		return err
	}
	defer db.Close()
	tmp, err := os.CreateTemp(filepath.Dir(*out), "."+filepath.Base(*out)+".*")
	if err != nil {
		return fmt.Errorf("%s: %w", *out, err)
	}
	defer os.Remove(tmp.Name())
	summary, err := f.write(c, db, tmp)
	if err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", *out, err)
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return fmt.Errorf("%s: %w", *out, err)
	}
	fmt.Fprintf(c.stdout, "wrote %s: %s\n", *out, summary)
	return nil
}
