// Package e2e drives the real Gloss binary under Xvfb as a researcher
// would, with the mouse and the keyboard, and checks what it saved. It has
// tests only, built with the e2e tag:
//
//	go test -tags 'sqlite_fts5 e2e' -count=1 ./app/e2e/
//
// (`make test` runs them.) The binary is built once with the same tags:
// besides the product it then prints the events the window goes through
// (see app/trace_e2e.go), which the tests wait on instead of sleeping.
// Where to click is never asked of the app: a test screenshots the screen,
// reads the words on it and their boxes with tesseract, and points at them.
//
// A scenario is a test function:
//
//	d := newDesktop(t, desktopOptions{})        // its own X display and home folder
//	project := d.path("x.gloss")
//	d.gloss("new", project, "--samples")        // the command line, in the same home
//	app := d.launch(project)                    // the app, waited on until its window is up
//	app.await(`^ready `)                        // an event the app printed
//	words := d.readScreen()                     // OCR: every word on screen with its box
//	first, last := d.findPhrase(words, "...")   // a phrase's words, failing the test if missing
//	d.drag(first.start(), last.end())           // xdotool; also d.click, d.doubleClick, d.key, d.typeText
//	app.await(`^passage (\S+) (\d+) (\d+)$`)    // returns the submatches
//	app.quit()                                  // Ctrl+Q, then waits for a clean exit
//	db := d.open(project)                       // then check what storage holds
//
// A failing scenario saves the screen as artifacts/e2e-<test>.png and
// prints the app's events and standard error.
package e2e
