package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// appMenu is the window's main menu. Its shortcuts use the platform's
// modifier: Ctrl on Linux and Windows, Cmd on macOS.
type appMenu struct {
	u      *ui
	main   *fyne.MainMenu
	undo   *fyne.MenuItem
	redo   *fyne.MenuItem
	recent *fyne.MenuItem
	themes []*fyne.MenuItem
}

// shortcut is the platform modifier with key, plus shift when asked.
func shortcut(key fyne.KeyName, shift bool) *desktop.CustomShortcut {
	m := fyne.KeyModifierShortcutDefault
	if shift {
		m |= fyne.KeyModifierShift
	}
	return &desktop.CustomShortcut{KeyName: key, Modifier: m}
}

func item(label string, sc fyne.Shortcut, fn func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, fn)
	it.Shortcut = sc
	return it
}

func newAppMenu(u *ui) *appMenu {
	m := &appMenu{u: u}
	h := featureHooks()
	sep := fyne.NewMenuItemSeparator

	m.recent = fyne.NewMenuItem("Open Recent", nil)
	m.recent.ChildMenu = fyne.NewMenu("")
	export := fyne.NewMenuItem("Export", nil)
	export.ChildMenu = fyne.NewMenu("", u.exportItems(h)...)
	quit := item("Quit", shortcut(fyne.KeyQ, false), u.quit)
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		item("New Project…", shortcut(fyne.KeyN, false), u.newProjectDialog),
		item("Open…", shortcut(fyne.KeyO, false), u.openProjectDialog),
		m.recent,
		sep(),
		item("Import Articles…", shortcut(fyne.KeyI, false), u.importDialog),
		fyne.NewMenuItem("Import Folder of Articles…", u.importFolderDialog),
		u.importAnnotationsItem(h),
		u.mergeItem(h),
		sep(),
		u.saveCopyItem(h),
		export,
		sep(),
		quit,
	)

	m.undo = item("Undo", &fyne.ShortcutUndo{}, u.undo)
	m.redo = item("Redo", shortcut(fyne.KeyZ, true), u.redo)
	find := u.findItem(h)
	find.Shortcut = shortcut(fyne.KeyF, false)
	edit := fyne.NewMenu("Edit",
		m.undo, m.redo,
		sep(),
		find,
		sep(),
		fyne.NewMenuItem("Delete Passage", u.deleteSelectedPassage),
		fyne.NewMenuItem("Document Details…", func() {
			if u.doc != nil {
				u.editDocumentDialog(u.doc.ID)
			}
		}),
		fyne.NewMenuItem("Remove Document…", u.removeDocumentDialog),
		sep(),
		fyne.NewMenuItem("New Code…", func() { u.tagDialog(nil) }),
		u.autocodeItem(h),
		sep(),
		fyne.NewMenuItem("Author Name…", func() { u.authorDialog(false, nil) }),
	)

	zoom := func(f float32) func() {
		return func() {
			if f == 0 {
				u.view.SetZoom(1)
			} else {
				u.view.SetZoom(u.view.Zoom() * f)
			}
			u.app.Preferences().SetFloat(prefZoom, float64(u.view.Zoom()))
		}
	}
	themeMenu := fyne.NewMenuItem("Theme", nil)
	for _, v := range []string{themeSystem, themeLight, themeDark} {
		v := v
		it := fyne.NewMenuItem(themeLabel(v), func() { u.setTheme(v) })
		m.themes = append(m.themes, it)
	}
	themeMenu.ChildMenu = fyne.NewMenu("", m.themes...)
	search := u.searchItem(h)
	search.Shortcut = shortcut(fyne.KeyF, true)
	view := fyne.NewMenu("View",
		item("Zoom In", shortcut(fyne.KeyEqual, false), zoom(1.1)),
		item("Zoom Out", shortcut(fyne.KeyMinus, false), zoom(1/1.1)),
		item("Actual Size", shortcut(fyne.Key0, false), zoom(0)),
		sep(),
		themeMenu,
		sep(),
		fyne.NewMenuItem("Passages", func() { u.tabs.SelectIndex(1) }),
		fyne.NewMenuItem("Codebook", func() { u.tabs.SelectIndex(2) }),
		u.analysisItem(h),
		search,
		u.agreementItem(h),
	)
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard Shortcuts", u.showShortcuts),
		fyne.NewMenuItem("About Gloss", u.showAbout),
	)
	m.main = fyne.NewMainMenu(file, edit, view, help)
	m.refreshUndo()
	m.refreshThemes()
	return m
}

// refreshUndo names what Undo and Redo would do.
func (m *appMenu) refreshUndo() {
	if m == nil || m.undo == nil {
		return
	}
	var un, re string
	if m.u.ed != nil {
		un, re = m.u.ed.stack.undoName(), m.u.ed.stack.redoName()
	}
	m.undo.Label, m.undo.Disabled = "Undo", un == ""
	if un != "" {
		m.undo.Label = "Undo " + un
	}
	m.redo.Label, m.redo.Disabled = "Redo", re == ""
	if re != "" {
		m.redo.Label = "Redo " + re
	}
	m.main.Refresh()
}

// refreshRecent lists the recent projects.
func (m *appMenu) refreshRecent(paths []string) {
	var items []*fyne.MenuItem
	for _, p := range paths {
		p := p
		items = append(items, fyne.NewMenuItem(p, func() { m.u.openProject(p) }))
	}
	if len(items) == 0 {
		none := fyne.NewMenuItem("No recent projects", nil)
		none.Disabled = true
		items = append(items, none)
	}
	m.recent.ChildMenu.Items = items
	m.main.Refresh()
}

// refreshThemes ticks the theme in use.
func (m *appMenu) refreshThemes() {
	cur := m.u.app.Preferences().StringWithFallback(prefTheme, themeSystem)
	for i, v := range []string{themeSystem, themeLight, themeDark} {
		m.themes[i].Checked = v == cur
	}
	m.main.Refresh()
}

// shortcutsText lists the keyboard shortcuts.
func shortcutsText() string {
	mod := "Ctrl"
	if fyne.KeyModifierShortcutDefault == fyne.KeyModifierSuper {
		mod = "Cmd"
	}
	rows := [][2]string{
		{"1 … 9", "Code the selection with code 1–9 (or add it to the selected passage)"},
		{"Delete", "Delete the selected passage"},
		{"Escape", "Clear the selection"},
		{"Double-click, triple-click", "Select a word, a paragraph"},
		{"Shift+arrows, Shift+click", "Extend the selection"},
		{mod + "+Z", "Undo"},
		{mod + "+Shift+Z, " + mod + "+Y", "Redo"},
		{mod + "+F", "Find in the document"},
		{mod + "+Shift+F", "Search the project"},
		{mod + "+I", "Import articles"},
		{mod + "+N, " + mod + "+O", "New project, open a project"},
		{mod + "+=, " + mod + "+-, " + mod + "+0", "Zoom in, out, actual size"},
		{mod + "+C, " + mod + "+A", "Copy, select all"},
		{mod + "+Q", "Quit"},
	}
	s := ""
	for _, r := range rows {
		s += fmt.Sprintf("%s\t%s\n", r[0], r[1])
	}
	return s
}
