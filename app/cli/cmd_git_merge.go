package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gloss/annotate"
	"gloss/storage"
)

var cmdGitMergeDriver = &command{
	name:    "git-merge-driver",
	args:    "ANCESTOR OURS THEIRS [PATH]",
	summary: "merge two versions of a project for git merge (set up by git-setup)",
	parse:   func(fl *flags, args []string) (options, error) { return parseGitMergeDriver(fl, args) },
}

// gitMergeDriverOptions are git's %O %A %B %P: three temporary files and
// the project's path in the repository.
type gitMergeDriverOptions struct {
	ancestor, ours, theirs string
	path                   string
}

func parseGitMergeDriver(fl *flags, args []string) (*gitMergeDriverOptions, error) {
	pos, err := fl.parse(args, 3, 4)
	if err != nil {
		return nil, err
	}
	o := &gitMergeDriverOptions{ancestor: pos[0], ours: pos[1], theirs: pos[2], path: filepath.Base(pos[1])}
	if len(pos) == 4 {
		o.path = pos[3]
	}
	return o, nil
}

// run merges theirs into ours with Gloss's merge and leaves the result in
// ours, as git asks of a merge driver; git takes exit status 0 for a clean
// merge. The common ancestor is not read: the merge is a state CRDT whose
// deletions are kept as tombstones in both versions, so ours and theirs
// say all it needs. The work is done on a copy of ours beside it, renamed
// over it only once merged, so that a refusal (theirs or ours is not a
// sound project) leaves ours byte for byte as it was, for git to mark the
// file as conflicted.
func (o *gitMergeDriverOptions) run(ctx context.Context, std streams) error {
	err := o.merge(ctx, std)
	if err == nil {
		return nil
	}
	// Git's temporary names mean nothing to the researcher: say which side.
	msg := strings.ReplaceAll(err.Error(), o.theirs, o.path+" (theirs, from the branch being merged)")
	msg = strings.ReplaceAll(msg, o.ours, o.path+" (ours)")
	return fmt.Errorf("%s; %s is left unmerged: resolve with git checkout --ours or --theirs %s, or merge the two by hand with gloss merge", msg, o.path, o.path)
}

func (o *gitMergeDriverOptions) merge(ctx context.Context, std streams) error {
	dir, err := os.MkdirTemp(filepath.Dir(o.ours), ".gloss-merge-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	work := filepath.Join(dir, "merged.gloss")
	if err := copyFile(o.ours, work); err != nil {
		return annotate.NotWritten(o.ours, err)
	}
	db, err := storage.Open(work)
	if err != nil {
		return errors.New(strings.ReplaceAll(err.Error(), work, o.ours))
	}
	rep, err := db.Merge(ctx, o.theirs)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		// The merged copy is ours once renamed: a full disk is its.
		return annotate.NotWritten(o.ours, err)
	}
	// The file as it was before an upgrade stays in Git's history; its
	// backup is not needed beside the merge.
	if err := os.Rename(work, o.ours); err != nil {
		return err
	}
	rep.File = o.path + " (theirs)"
	writeMergeReport(std.out, o.path+" (ours)", rep)
	return nil
}

// copyFile copies the file at from to the new file to, flushed to disk.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
