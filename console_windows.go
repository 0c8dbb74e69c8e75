//go:build windows

package main

import (
	"os"
	"syscall"
)

// attachConsole connects standard output and error to the console of the
// terminal a command was typed in. Gloss is built as a Windows GUI program,
// so that opening it from the Start menu shows no console window; run from
// a terminal, it must ask for the terminal's console to print anything. A
// stream already redirected to a file or pipe is left alone.
func attachConsole() {
	invalid := func(id int) bool {
		h, err := syscall.GetStdHandle(id)
		return err != nil || h == 0 || h == syscall.InvalidHandle
	}
	out, errs := invalid(syscall.STD_OUTPUT_HANDLE), invalid(syscall.STD_ERROR_HANDLE)
	if !out && !errs {
		return
	}
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1
	if r, _, _ := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole").Call(attachParentProcess); r == 0 {
		return // not started from a terminal
	}
	con, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return
	}
	if out {
		os.Stdout = con
	}
	if errs {
		os.Stderr = con
	}
}
