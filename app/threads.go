package app

import (
	"maps"
	"os"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
)

// threadChecksEnv, set to 1, keeps Fyne's checks of which goroutine calls
// it: the end-to-end tests run the app so and fail on any call they log.
const threadChecksEnv = "GLOSS_FYNE_THREAD_CHECKS"

// declareFyneDo tells Fyne that Gloss calls it only on the UI goroutine,
// work elsewhere handing its results over with fyne.Do, so that Fyne stops
// checking where each call comes from. The check reads the calling
// goroutine's id from a stack trace at every refresh of every object: in
// the Passages tab's end-to-end benchmark it was a sixth of the UI
// goroutine's time. It must run before the first window is made, as Fyne
// reads the setting once.
func declareFyneDo(a fyne.App) {
	if os.Getenv(threadChecksEnv) == "1" {
		return
	}
	fyneapp.SetMetadata(withFyneDo(a.Metadata()))
}

// withFyneDo returns m with the fyneDo migration set, on a copy of its
// migrations.
func withFyneDo(m fyne.AppMetadata) fyne.AppMetadata {
	m.Migrations = maps.Clone(m.Migrations)
	if m.Migrations == nil {
		m.Migrations = map[string]bool{}
	}
	m.Migrations["fyneDo"] = true
	return m
}
