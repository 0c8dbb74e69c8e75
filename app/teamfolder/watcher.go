// Package teamfolder keeps a researcher's project up to date with a
// folder the team shares through a sync client (Syncthing, Nextcloud,
// Dropbox, OneDrive): each researcher keeps their own file in it
// (Ada.gloss, Ben.gloss), and the Watcher merges every colleague's file
// into the researcher's as it arrives, with storage's merge, which keeps
// who did what. The researcher's own file is the only one it writes.
//
// A colleague's file is untrusted: the merge refuses it as gloss check
// would, and it is tried again once it changes. A file the sync client is
// still writing (empty, truncated, changing while read) is retried later
// and never reported as damaged. A sync client's conflict copy of the
// researcher's own file (Ada.sync-conflict-…, "Ada (conflicted copy …)",
// Ada_conflict-…) is merged back and then set aside in SetAsideFolder.
//
// The package knows nothing of the window: the app shows its events.
package teamfolder

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"gloss/annotate"
	"gloss/storage"
)

// Project is the researcher's open project: the one file the team folder
// writes, and the folder it lies in is the team folder. *storage.DB
// satisfies it.
type Project interface {
	Path() string
	Merge(ctx context.Context, path string) (*storage.MergeReport, error)
	Checkpoint(ctx context.Context) error
}

// State is where a file of the team folder stands.
type State int

const (
	// Merged: the file's latest version is merged (Report says what it
	// brought; it may be nothing new).
	Merged State = iota
	// Waiting: the sync client is still writing the file; it is tried
	// again as it changes.
	Waiting
	// Refused: the file is not a sound project, for the reason gloss
	// check gives; it is tried again once it changes.
	Refused
	// Failed: the researcher's own file could not take the merge (a full
	// disk, say); it is tried again at the next look.
	Failed
)

func (s State) String() string {
	switch s {
	case Waiting:
		return "waiting"
	case Refused:
		return "refused"
	case Failed:
		return "not merged"
	}
	return "merged"
}

// Event is what became of one file of the team folder.
type Event struct {
	File     string // its name in the team folder
	Kind     Kind
	State    State
	Report   *storage.MergeReport // when Merged: what the merge brought (Report.File is the file's path)
	Reason   string               // when Waiting, Refused or Failed: why
	SetAside string               // an own conflict copy, once merged: the path it was moved to
	At       time.Time
}

// Options tune the watcher; zero values take the defaults.
type Options struct {
	// Settle is how long a file must stay unchanged before it is read: a
	// sync client writing it in place is not interrupted (default 1s). It
	// also spaces out the folding of the researcher's own changes into
	// the file, for the sync client to carry (see Project.Checkpoint).
	Settle time.Duration
	// Poll is how often the folder is looked at without being told of a
	// change, for file systems that do not report them (default 10s).
	Poll time.Duration
	// OnEvent hears each file's outcome, on the watcher's goroutine.
	OnEvent func(Event)
}

// Watcher watches one team folder. Its methods may be called from any
// goroutine.
type Watcher struct {
	db     Project
	own    string // the researcher's file, absolute
	folder string
	opts   Options
	cancel context.CancelFunc
	done   chan struct{}
	kick   chan struct{}
	tmp    string // snapshots of colleagues' files are read from here

	mu     sync.Mutex
	status map[string]Event

	// Owned by the watcher's goroutine.
	files          map[string]*tracked
	lastCheckpoint time.Time
	notify         bool // the file system reports changes
}

// tracked is what the watcher knows of one file.
type tracked struct {
	info  os.FileInfo // as last seen
	since time.Time   // when it was first seen as it is
	done  os.FileInfo // the version merged or refused; nil for none yet
}

// Watch starts watching the folder of db's file, looking at once, until
// ctx ends or Close is called.
func Watch(ctx context.Context, db Project, opts Options) (*Watcher, error) {
	if opts.Settle <= 0 {
		opts.Settle = time.Second
	}
	if opts.Poll <= 0 {
		opts.Poll = 10 * time.Second
	}
	own, err := filepath.Abs(db.Path())
	if err != nil {
		return nil, err
	}
	folder := filepath.Dir(own)
	if _, err := os.ReadDir(folder); err != nil {
		return nil, fmt.Errorf("team folder %s: %w", folder, err)
	}
	tmp, err := os.MkdirTemp("", "gloss-team-")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &Watcher{db: db, own: own, folder: folder, opts: opts, cancel: cancel, done: make(chan struct{}),
		kick: make(chan struct{}, 1), tmp: tmp, status: map[string]Event{}, files: map[string]*tracked{}}
	// Without notifications (too many watches, a network drive), the
	// folder is still looked at every Poll.
	fsw, err := fsnotify.NewWatcher()
	if err == nil {
		if err = fsw.Add(folder); err != nil {
			fsw.Close()
			fsw = nil
		}
	}
	w.notify = fsw != nil
	go w.run(ctx, fsw)
	return w, nil
}

// Folder returns the team folder.
func (w *Watcher) Folder() string { return w.folder }

// Notified reports whether the file system tells the watcher of changes;
// without, the folder is looked at every Options.Poll.
func (w *Watcher) Notified() bool { return w.notify }

// Close stops watching and waits for a merge under way to end.
func (w *Watcher) Close() error {
	w.cancel()
	<-w.done
	return nil
}

// Rescan asks the watcher to look at the folder now.
func (w *Watcher) Rescan() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Status returns the latest outcome for each file in the folder, by name.
func (w *Watcher) Status() []Event {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]Event, 0, len(w.status))
	for _, e := range w.status {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

func (w *Watcher) run(ctx context.Context, fsw *fsnotify.Watcher) {
	defer close(w.done)
	defer os.RemoveAll(w.tmp)
	var events chan fsnotify.Event
	var errs chan error
	if fsw != nil {
		defer fsw.Close()
		events, errs = fsw.Events, fsw.Errors
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-events:
			if !ok {
				events = nil
				continue
			}
		case _, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			// An overflow: changes may have been missed; the scan finds them.
		case <-w.kick:
		case <-timer.C:
		}
		next := w.scan(ctx)
		if ctx.Err() != nil {
			return
		}
		timer.Reset(next)
	}
}

// same reports whether a and b are the same version of a file.
func same(a, b os.FileInfo) bool {
	return a != nil && b != nil && os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// scan looks at every file of the folder, merges those that have settled
// since they changed, and returns when to look again.
func (w *Watcher) scan(ctx context.Context) time.Duration {
	now := time.Now()
	next := w.opts.Poll
	entries, err := os.ReadDir(w.folder)
	if err != nil {
		return next
	}
	ownInfo, _ := os.Stat(w.own)
	seen := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		kind, ok := classify(name, filepath.Base(w.own))
		if !ok {
			continue
		}
		info, err := os.Stat(filepath.Join(w.folder, name))
		if err != nil || !info.Mode().IsRegular() || ownInfo != nil && os.SameFile(info, ownInfo) {
			continue
		}
		seen[name] = true
		t := w.files[name]
		if t == nil {
			t = &tracked{}
			w.files[name] = t
		}
		if !same(t.info, info) {
			t.info, t.since = info, now
		}
		if same(t.done, info) {
			continue
		}
		if wait := t.since.Add(w.opts.Settle).Sub(now); wait > 0 {
			next = min(next, wait)
			continue
		}
		w.process(ctx, name, kind, t)
		if ctx.Err() != nil {
			return next
		}
	}
	for name := range w.files {
		if !seen[name] {
			delete(w.files, name)
			w.mu.Lock()
			delete(w.status, name)
			w.mu.Unlock()
		}
	}
	if wait := w.foldOwnChanges(ctx); wait > 0 {
		next = min(next, wait)
	}
	return next
}

// foldOwnChanges folds the researcher's saved changes into their file
// for the sync client to carry, at most once per Settle; it returns how
// long until it may do so when it has had to wait, else 0.
func (w *Watcher) foldOwnChanges(ctx context.Context) time.Duration {
	if info, err := os.Stat(w.own + "-wal"); err != nil || info.Size() == 0 {
		return 0
	}
	if wait := time.Until(w.lastCheckpoint.Add(w.opts.Settle)); wait > 0 {
		return wait
	}
	w.lastCheckpoint = time.Now()
	if err := w.db.Checkpoint(ctx); err != nil {
		return w.opts.Settle // tried again later: the changes are safe in the log
	}
	return 0
}

// errChanged is a file written to while it was copied.
var errChanged = errors.New("changed while being read")

// process merges the settled file called name.
func (w *Watcher) process(ctx context.Context, name string, kind Kind, t *tracked) {
	path := filepath.Join(w.folder, name)
	ev := Event{File: name, Kind: kind}
	if r := stillArriving(path); r != "" {
		ev.State, ev.Reason = Waiting, r
		w.report(ev)
		return
	}
	// The merge reads a private copy: the sync client may replace or
	// rewrite the file meanwhile, and a colleague's -wal file that came
	// along with it belongs to their machine, not to this file.
	snap := filepath.Join(w.tmp, name)
	defer os.Remove(snap)
	if err := snapshot(path, snap, t.info); err != nil {
		switch {
		case errors.Is(err, errChanged):
			ev.State, ev.Reason = Waiting, "still arriving (it changed while being read)"
		case annotate.DiskFull(err):
			// No room for the private copy: the file is sound, and tried
			// again at the next look.
			ev.State, ev.Reason = Failed, annotate.NotWritten(snap, err).Error()
		default:
			ev.State, ev.Reason = Refused, "cannot be read: "+err.Error()
			t.done = t.info
		}
		w.report(ev)
		return
	}
	rep, err := w.db.Merge(ctx, snap)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		msg := err.Error()
		if strings.Contains(msg, snap) {
			// Their file: refused as gloss check refuses it.
			ev.State, ev.Reason = Refused, strings.ReplaceAll(strings.TrimPrefix(msg, snap+": "), snap, name)
			t.done = t.info
		} else {
			ev.State, ev.Reason = Failed, msg
		}
		w.report(ev)
		return
	}
	t.done = t.info
	rep.File = path
	ev.State, ev.Report = Merged, rep
	if rep.Changed() {
		w.lastCheckpoint = time.Time{}
		w.foldOwnChanges(ctx)
	}
	if kind == OwnConflict {
		if dest, err := w.setAside(path); err != nil {
			ev.Reason = "merged, but not set aside: " + err.Error()
		} else {
			ev.SetAside = dest
		}
	}
	w.report(ev)
}

// report records ev as its file's status and passes it on, unless it
// repeats the file's last outcome of waiting or failing.
func (w *Watcher) report(ev Event) {
	ev.At = time.Now()
	w.mu.Lock()
	prev, had := w.status[ev.File]
	if ev.SetAside != "" {
		delete(w.status, ev.File)
	} else {
		w.status[ev.File] = ev
	}
	w.mu.Unlock()
	if had && ev.State != Merged && prev.State == ev.State && prev.Reason == ev.Reason {
		return
	}
	if w.opts.OnEvent != nil {
		w.opts.OnEvent(ev)
	}
}

// snapshot copies the file at path, seen as info, to the new file snap; it
// fails with errChanged when the file is not that version any more or is
// written to during the copy.
func snapshot(path, snap string, info os.FileInfo) error {
	in, err := os.Open(path)
	if err != nil {
		return unwrap(err)
	}
	defer in.Close()
	before, err := in.Stat()
	if err != nil {
		return unwrap(err)
	}
	if !same(before, info) {
		return errChanged
	}
	out, err := os.OpenFile(snap, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return unwrap(err)
	}
	if err := out.Close(); err != nil {
		return err
	}
	after, err := in.Stat()
	if err != nil {
		return unwrap(err)
	}
	if !same(before, after) {
		return errChanged
	}
	return nil
}

// setAside moves a merged conflict copy into SetAsideFolder, under a name
// not taken yet, and returns its new path.
func (w *Watcher) setAside(path string) (string, error) {
	dir := filepath.Join(w.folder, SetAsideFolder)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	base := filepath.Base(path)
	stem, ext := base[:len(base)-len(filepath.Ext(base))], filepath.Ext(base)
	dest := filepath.Join(dir, base)
	for i := 2; ; i++ {
		if _, err := os.Lstat(dest); errors.Is(err, os.ErrNotExist) {
			break
		}
		dest = filepath.Join(dir, fmt.Sprintf("%s (%d)%s", stem, i, ext))
	}
	if err := os.Rename(path, dest); err != nil {
		return "", unwrap(err)
	}
	return dest, nil
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
