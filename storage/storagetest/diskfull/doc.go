// Package diskfull runs a test on a small disk of its own that it can fill
// up, to see what Gloss does when a write finds no room. It is for tests
// alone, and works on Linux only: a child process of the test, in a mount
// namespace of its own, mounts a 4 MB tmpfs (see Disk).
package diskfull
