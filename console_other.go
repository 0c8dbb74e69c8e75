//go:build !windows

package main

// attachConsole does nothing outside Windows: a command's output already
// goes to the terminal it was typed in.
func attachConsole() {}
