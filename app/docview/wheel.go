package docview

import "runtime"

// linesPerNotch is how many lines of text a notch of the mouse wheel
// scrolls, as in desktop text views.
const linesPerNotch = 3

// wheelNotch is the delta Fyne reports for one notch of the wheel: its
// desktop driver multiplies the notches by 25 (by 10 on macOS, whose own
// acceleration gives fractions of a notch).
var wheelNotch = map[bool]float32{true: 10, false: 25}[runtime.GOOS == "darwin"]

// wheelPixels turns a wheel delta into how far the text scrolls:
// linesPerNotch lines of text per notch, and fractions of a notch (a
// touchpad) in proportion.
func (v *DocView) wheelPixels(dy float32, g geometry) float32 {
	return dy / wheelNotch * linesPerNotch * g.metrics.LineHeight
}
