package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// The trust registry remembers the .gloss files this machine wrote last,
// each with the identity it had when Gloss closed it (device, inode, size,
// modification time and a hash of the SQLite header, whose change counter
// moves with every write). Opening such a file unchanged skips the checks
// that read the whole file (quick_check, CHECK constraints, value sizes):
// it is not a file from someone else. Any change made elsewhere (a
// colleague's copy, an edit with sqlite3, a file left with a write-ahead
// log) changes its identity and brings the full checks back. Losing the
// registry only costs time.

// maxTrusted bounds the registry; the least recently written files go first.
const maxTrusted = 200

// trustedFile is one entry of the registry.
type trustedFile struct {
	Identity string    `json:"identity"`
	Seen     time.Time `json:"seen"`
}

var trustMu sync.Mutex

// trustPath returns the registry's file: in the user's cache folder, which
// GLOSS_TRUST_FILE overrides ("off" disables the registry).
func trustPath() string {
	if p := os.Getenv("GLOSS_TRUST_FILE"); p != "" {
		if p == "off" {
			return ""
		}
		return p
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "gloss", "trusted-files.json")
}

// identity returns what must be unchanged for a file to stay trusted; ""
// when the file cannot be trusted at all (unreadable, or with a
// write-ahead log holding pages that are not in the file). An empty log,
// which any SQLite reader may leave beside a file, changes nothing.
func identity(path string) string {
	if hasLog(path) {
		return ""
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return ""
	}
	var h [100]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		return ""
	}
	id, err := fileIDOf(path, info)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(h[:])
	return fmt.Sprintf("%d:%d:%d:%d:%s", id.volume, id.index, info.Size(), info.ModTime().UnixNano(), hex.EncodeToString(sum[:8]))
}

func loadTrust(reg string) map[string]trustedFile {
	m := map[string]trustedFile{}
	if b, err := os.ReadFile(reg); err == nil {
		json.Unmarshal(b, &m) // a damaged registry is an empty one
	}
	return m
}

// trusted reports whether path is a file this machine wrote last, unchanged since.
func trusted(path string) bool {
	reg := trustPath()
	if reg == "" {
		return false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	id := identity(path)
	if id == "" {
		return false
	}
	trustMu.Lock()
	defer trustMu.Unlock()
	e, ok := loadTrust(reg)[abs]
	return ok && e.Identity == id
}

// temporary reports whether path is in the system's temporary folder,
// where scratch files and the projects of test runs are made: the registry
// keeps them only when it was named with GLOSS_TRUST_FILE (as tests of the
// registry do), so that they do not push the researcher's projects out.
func temporary(abs string) bool {
	if os.Getenv("GLOSS_TRUST_FILE") != "" {
		return false
	}
	tmp, err := filepath.Abs(os.TempDir())
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(tmp, abs)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Trusted reports whether path is a file this machine wrote last,
// unchanged since: Open then skips the checks that read the whole file.
func Trusted(path string) bool { return trusted(path) }

// trust records path's current identity as written by this machine.
// Failures are ignored: the file is then checked in full next time.
func trust(path string) {
	reg := trustPath()
	if reg == "" {
		return
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return
	}
	id := identity(path)
	if temporary(abs) {
		id = ""
	}
	trustMu.Lock()
	defer trustMu.Unlock()
	m := loadTrust(reg)
	if id == "" {
		if _, ok := m[abs]; !ok {
			return
		}
		delete(m, abs)
	} else {
		m[abs] = trustedFile{Identity: id, Seen: time.Now().UTC()}
	}
	// Files gone (a project deleted, a temporary folder removed) leave it.
	for p := range m {
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			delete(m, p)
		}
	}
	if len(m) > maxTrusted {
		paths := make([]string, 0, len(m))
		for p := range m {
			paths = append(paths, p)
		}
		sort.Slice(paths, func(i, j int) bool { return m[paths[i]].Seen.After(m[paths[j]].Seen) })
		for _, p := range paths[maxTrusted:] {
			delete(m, p)
		}
	}
	b, err := json.MarshalIndent(m, "", "\t")
	if err != nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(reg), 0o700); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(reg), ".trusted-*")
	if err != nil {
		return
	}
	_, werr := f.Write(b)
	if cerr := f.Close(); werr != nil || cerr != nil {
		os.Remove(f.Name())
		return
	}
	if err := os.Rename(f.Name(), reg); err != nil {
		os.Remove(f.Name())
	}
}
