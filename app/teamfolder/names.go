package teamfolder

import (
	"path/filepath"
	"regexp"
	"strings"
)

// Kind is what a file in the team folder is to the researcher.
type Kind int

const (
	// Colleague is a colleague's own project, such as Ben.gloss.
	Colleague Kind = iota
	// OwnConflict is a sync client's conflict copy of the researcher's own
	// file: merged back, then set aside.
	OwnConflict
	// ColleagueConflict is a conflict copy of a colleague's file: merged,
	// and left for its owner to set aside.
	ColleagueConflict
)

func (k Kind) String() string {
	switch k {
	case OwnConflict:
		return "conflict copy of your file"
	case ColleagueConflict:
		return "conflict copy of a colleague's file"
	}
	return "colleague's file"
}

// conflictName matches the stem of a sync client's conflict copy and
// captures the stem of the file it is a copy of:
//
//	Ada.sync-conflict-20210616-120000-ABCDEFG   Syncthing
//	Ada (Ben's conflicted copy 2021-06-16)       Dropbox
//	Ada (conflicted copy 2021-06-16 120000)      Nextcloud
//	Ada_conflict-20210616-120000, Ada-conflict-…  ownCloud, Resilio and others
var conflictName = regexp.MustCompile(`(?i)^(.+?)(?:\.sync-conflict-.*|\s*\([^()]*conflicted copy[^()]*\)|[ _-]conflict-.*)$`)

// extension is the extension of a project file.
const extension = ".gloss"

// SetAsideFolder is the folder, inside the team folder, that the
// researcher's own conflict copies are moved to once merged back.
const SetAsideFolder = "Merged conflict copies"

// classify says what the file called name is to the owner of the file
// called own, or ok false for a file the team folder leaves alone: not a
// project, the owner's own file, or a sync client's file in progress
// (.syncthing.Ben.gloss.tmp, .Ben.gloss.~1a2b, Ben.gloss.part: none ends
// in .gloss, and hidden files are never projects).
func classify(name, own string) (k Kind, ok bool) {
	if !strings.EqualFold(filepath.Ext(name), extension) || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~") {
		return 0, false
	}
	if strings.EqualFold(name, own) {
		return 0, false
	}
	stem := name[:len(name)-len(extension)]
	ownStem := own[:len(own)-len(filepath.Ext(own))]
	if m := conflictName.FindStringSubmatch(stem); m != nil {
		if strings.EqualFold(strings.TrimSpace(m[1]), ownStem) {
			return OwnConflict, true
		}
		return ColleagueConflict, true
	}
	return Colleague, true
}
