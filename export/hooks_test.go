package export

// SetDirectDraw turns the direct writing of text and fills (pdf_direct.go)
// on or off, for tests that compare it with gofpdf's own calls; it returns
// a function that restores the setting.
func SetDirectDraw(on bool) (restore func()) {
	old := directDraw
	directDraw = on
	return func() { directDraw = old }
}

// DirectWrites is how many strings and fills were written directly since
// the process started.
func DirectWrites() int64 { return directWrites.Load() }
