//go:build !e2e

package app

// trace reports an event to the end-to-end tests. The product binary
// reports nothing; an end-to-end build (-tags e2e) prints events (see
// trace_e2e.go).
func trace(string, ...any) {}

// traceReady reports, in an end-to-end build, when the window shows the
// open document laid out.
func traceReady(*ui) {}

// traceWatch starts, in an end-to-end build, the watchdog that reports
// how long the UI goroutine was too busy to draw.
func traceWatch() {}
