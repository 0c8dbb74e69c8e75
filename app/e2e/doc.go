// Package e2e drives the real Gloss binary under Xvfb as a researcher
// would, with the mouse and the keyboard, and checks what it saved. Its
// tests are built with the e2e tag (`make test` runs them):
//
//	go test -tags 'sqlite_fts5 e2e' -count=1 ./app/e2e/
//
// Its benchmarks (bench_test.go) time the window itself on a colleague's
// project of 100,000 passages: the first open, the Passages tab, its text
// filter and scrolling to its end, with the longest the window did not
// draw, against a hello-world Fyne window and, for a keystroke in the
// Passages tab, a bare Fyne List of rows like the tab's (testdata/hello,
// testdata/rows; `make test` only compiles them):
//
//	go test -tags 'sqlite_fts5 e2e' -run '^$' -bench . -benchtime 3x -count 5 ./app/e2e/
//
// TestMain builds the binary once with the same tags: besides the product,
// it then prints the events the window goes through (app/trace_e2e.go lists
// them), which the tests wait on instead of sleeping. Where to point is
// never asked of the app: a test screenshots the screen, reads the words on
// it with their boxes (tesseract), and points at them.
//
// A scenario is a test function built from these helpers:
//
//	d := newDesktop(t, desktopOptions{})     // an X display and a home folder of its own
//	project := d.path("x.gloss")
//	d.gloss("new", project, "--samples")     // the command line, in the same home
//	a := d.launch(project)                   // the app, once its window is up
//	id := a.await(`^ready (\S+)$`)[1]        // waits for an event; returns its submatches
//	words, i, j := d.awaitPhrase("the text") // reads the screen until the phrase is on it
//	d.drag(words[i].start(), words[j].end(), settle) // also d.click, d.doubleClick, d.key, d.typeText
//	d.selectPhrase(a, doc, "the text")       // drag across a phrase; wait for its selection
//	a.quit()                                 // Ctrl+Q, then a clean exit
//	db := d.open(project)                    // check what storage holds
//
// A failing scenario saves the screen in artifacts/e2e-TEST.png and logs the
// app's events and standard error; TestCodingWithMouseAndKeys keeps its
// last screen in artifacts/e2e.png either way.
package e2e
