package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// appMenu is the window's main menu, and the items that change as the
// researcher works. Its shortcuts use the platform's modifier: Ctrl on
// Linux and Windows, Cmd on macOS.
type appMenu struct {
	main   *fyne.MainMenu
	undo   *fyne.MenuItem
	redo   *fyne.MenuItem
	recent *fyne.MenuItem
	themes []*fyne.MenuItem
}

// themeChoices are View ▸ Theme's entries, in order.
var themeChoices = []string{themeSystem, themeLight, themeDark}

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

// newMenu builds the main menu on the window's actions.
func (u *ui) newMenu() *appMenu {
	m := &appMenu{}
	sep := fyne.NewMenuItemSeparator
	// withProject makes an item that does nothing while no project is open.
	withProject := func(fn func(s *session)) func() {
		return func() {
			if u.proj != nil {
				fn(u.proj)
			}
		}
	}
	exportAs := func(label, format string) *fyne.MenuItem {
		return fyne.NewMenuItem(label, withProject(func(s *session) { showExportDialog(u.win, s, format) }))
	}
	exportAnnotations := func(label, format string) *fyne.MenuItem {
		return fyne.NewMenuItem(label, withProject(func(s *session) { showExportAnnotationsDialog(u.win, s, format) }))
	}

	m.recent = fyne.NewMenuItem("Open Recent", nil)
	m.recent.ChildMenu = fyne.NewMenu("")
	export := fyne.NewMenuItem("Export", nil)
	export.ChildMenu = fyne.NewMenu("",
		exportAs("PDF Briefing…", "pdf"),
		exportAs("CSV…", "csv"),
		exportAs("Markdown…", "md"),
		sep(),
		exportAnnotations("Web Annotation JSON…", "json"),
		exportAnnotations("REFI-QDA Project…", "qdpx"),
		exportAnnotations("REFI-QDA Codebook…", "qdc"),
	)
	quit := item("Quit", shortcut(fyne.KeyQ, false), u.quit)
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		item("New Project…", shortcut(fyne.KeyN, false), u.newProjectDialog),
		item("Open…", shortcut(fyne.KeyO, false), u.openProjectDialog),
		m.recent,
		sep(),
		item("Import Articles…", shortcut(fyne.KeyI, false), u.importDialog),
		fyne.NewMenuItem("Import Folder of Articles…", u.importFolderDialog),
		item("Import from Web Address…", shortcut(fyne.KeyI, true), u.importWebDialog),
		fyne.NewMenuItem("Import Annotations…", withProject(func(s *session) {
			u.insp.flush()
			showImportAnnotationsDialog(u.win, s, u.afterOutsideChange)
		})),
		fyne.NewMenuItem("Merge Colleague’s File…", withProject(func(s *session) {
			u.insp.flush()
			showMergeDialog(u.win, s, u.afterOutsideChange, u.undo)
		})),
		fyne.NewMenuItem("Team Folder…", u.teamFolder),
		sep(),
		fyne.NewMenuItem("Save a Copy…", withProject(func(s *session) {
			u.insp.flush()
			showSaveCopyDialog(u.win, s)
		})),
		export,
		sep(),
		quit,
	)

	m.undo = item("Undo", &fyne.ShortcutUndo{}, u.undo)
	m.redo = item("Redo", shortcut(fyne.KeyZ, true), u.redo)
	edit := fyne.NewMenu("Edit",
		m.undo, m.redo,
		sep(),
		item("Find in Document", shortcut(fyne.KeyF, false), withProject(func(*session) { u.reader.showFind() })),
		sep(),
		fyne.NewMenuItem("Delete Passage", u.deleteSelectedPassage),
		item("Star for Briefing", starKey, u.starSelected),
		fyne.NewMenuItem("Document Details…", u.editOpenDocument),
		fyne.NewMenuItem("Remove Document…", u.removeOpenDocument),
		sep(),
		item("Apply a Code…", shortcut(fyne.KeyK, false), u.showCodePalette),
		fyne.NewMenuItem("New Code…", func() { u.tagDialog(nil) }),
		fyne.NewMenuItem("Auto-code…", withProject(u.autocode)),
		sep(),
		fyne.NewMenuItem("Author Name…", func() { u.authorDialog(false, nil) }),
	)

	themeMenu := fyne.NewMenuItem("Theme", nil)
	for _, v := range themeChoices {
		m.themes = append(m.themes, fyne.NewMenuItem(themeLabel(v), func() { u.setTheme(v) }))
	}
	themeMenu.ChildMenu = fyne.NewMenu("", m.themes...)
	view := fyne.NewMenu("View",
		item("Zoom In", shortcut(fyne.KeyEqual, false), func() { u.zoom(1.1) }),
		item("Zoom Out", shortcut(fyne.KeyMinus, false), func() { u.zoom(1 / 1.1) }),
		item("Actual Size", shortcut(fyne.Key0, false), func() { u.zoom(0) }),
		sep(),
		themeMenu,
		sep(),
		fyne.NewMenuItem("Passages", func() { u.tabs.SelectIndex(tabPassages) }),
		fyne.NewMenuItem("Codebook", func() { u.tabs.SelectIndex(tabCodebook) }),
		fyne.NewMenuItem("Analysis…", withProject(func(*session) { u.tools.show(analysisTool) })),
		item("Search Project…", shortcut(fyne.KeyF, true), withProject(func(*session) { u.tools.show(searchTool) })),
		fyne.NewMenuItem("Coder Agreement…", withProject(func(*session) { u.tools.show(agreementTool) })),
		fyne.NewMenuItem("Memos…", withProject(func(*session) { u.tools.show(memosTool) })),
		fyne.NewMenuItem("Briefing…", withProject(func(*session) { u.tools.show(briefingTool) })),
		fyne.NewMenuItem("Document Attributes…", withProject(func(*session) { u.tools.show(attributesTool) })),
		sep(),
		item("Show Original Page", shortcut(fyne.KeyP, true), withProject(func(*session) { u.showOriginalOfDocument() })),
	)
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard Shortcuts", func() { showShortcuts(u.win) }),
		fyne.NewMenuItem("Projects in a Git Repository…", func() { showGitHelp(u.win) }),
		fyne.NewMenuItem("About Gloss", func() { showAbout(u.win) }),
	)
	m.main = fyne.NewMainMenu(file, edit, view, help)
	return m
}

// showUndo names what Undo and Redo would do ("" for nothing).
func (m *appMenu) showUndo(undo, redo string) {
	m.undo.Label, m.undo.Disabled = "Undo", undo == ""
	if undo != "" {
		m.undo.Label = "Undo " + undo
	}
	m.redo.Label, m.redo.Disabled = "Redo", redo == ""
	if redo != "" {
		m.redo.Label = "Redo " + redo
	}
	m.main.Refresh()
}

// showRecent lists the recent projects; choosing one calls open.
func (m *appMenu) showRecent(paths []string, open func(path string)) {
	var items []*fyne.MenuItem
	for _, p := range paths {
		items = append(items, fyne.NewMenuItem(p, func() { open(p) }))
	}
	if len(items) == 0 {
		none := fyne.NewMenuItem("No recent projects", nil)
		none.Disabled = true
		items = append(items, none)
	}
	m.recent.ChildMenu.Items = items
	m.main.Refresh()
}

// showTheme ticks the theme in use.
func (m *appMenu) showTheme(cur string) {
	for i, v := range themeChoices {
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
		{"1 … 9", "Code the selection with the code on that key (or add it to the selected passage); Edit Code gives a code its key"},
		{mod + "+K", "Find a code by name and apply it; Enter on a new name creates it"},
		{"A letter, with text selected", "Start a new code's name in New code…"},
		{"Delete", "Delete the selected passage"},
		{mod + "+B", "Star the selected passage for the briefing, or take its star off"},
		{"Escape", "Clear the selection"},
		{"Alt+Down, Alt+Up", "Select the next, the previous of the passages stacked at the caret"},
		{"Drag; " + mod + "+drag", "Select by whole words once past the first word; by characters"},
		{"Double-click, triple-click", "Select a word, a paragraph (Shift+click then extends by words)"},
		{"Shift+arrows, Shift+click", "Extend the selection"},
		{mod + "+Z", "Undo"},
		{mod + "+Shift+Z, " + mod + "+Y", "Redo"},
		{mod + "+F", "Find in the document"},
		{mod + "+Shift+F", "Search the project"},
		{mod + "+I, " + mod + "+Shift+I", "Import articles, import from a web address"},
		{mod + "+Shift+P", "Show the original page of the selected passage (PDFs)"},
		{mod + "+N, " + mod + "+O", "New project, open a project"},
		{mod + "+=, " + mod + "+-, " + mod + "+0", "Zoom in, out, actual size"},
		{mod + "+C, " + mod + "+A", "Copy, select all"},
		{mod + "+W", "Close a Search, Analysis, Briefing or other such window, or an original page (not while typing in one of its fields)"},
		{mod + "+Q", "Quit"},
	}
	s := ""
	for _, r := range rows {
		s += fmt.Sprintf("%s\t%s\n", r[0], r[1])
	}
	return s
}
