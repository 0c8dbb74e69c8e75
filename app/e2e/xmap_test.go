//go:build e2e

package e2e

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"
)

// mapWatch is a connection to the desktop's X server that notes when each
// top-level window is mapped (put on the screen), as the server sees it:
// the moment a window appears, with no polling in between. It speaks the
// little of the X protocol this needs: the connection setup, one
// ChangeWindowAttributes asking the root window for SubstructureNotify
// events, and MapNotify events read from then on.
type mapWatch struct {
	conn net.Conn

	mu      sync.Mutex
	maps    []windowMap
	changed chan struct{} // closed, and replaced, on every map and when the connection ends
	err     error
}

// windowMap is one top-level window mapped, with when it was read.
type windowMap struct {
	window uint32
	at     time.Time
}

// X protocol numbers (X Window System Protocol, version 11).
const (
	xChangeWindowAttributes = 2
	xCWEventMask            = 1 << 11
	xSubstructureNotifyMask = 1 << 19
	xMapNotify              = 19
	xError                  = 0
)

// watchMaps connects to display (":N", an Xvfb without access control)
// and starts noting maps.
func watchMaps(display string) (*mapWatch, error) {
	n, ok := strings.CutPrefix(display, ":")
	if !ok {
		return nil, fmt.Errorf("display %q is not local", display)
	}
	conn, err := net.Dial("unix", "/tmp/.X11-unix/X"+n)
	if err != nil {
		return nil, err
	}
	root, err := xSetup(conn)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("X connection setup on %s: %w", display, err)
	}
	req := make([]byte, 16)
	req[0] = xChangeWindowAttributes
	binary.LittleEndian.PutUint16(req[2:], 4) // length in 4-byte units
	binary.LittleEndian.PutUint32(req[4:], root)
	binary.LittleEndian.PutUint32(req[8:], xCWEventMask)
	binary.LittleEndian.PutUint32(req[12:], xSubstructureNotifyMask)
	if _, err := conn.Write(req); err != nil {
		conn.Close()
		return nil, err
	}
	w := &mapWatch{conn: conn, changed: make(chan struct{})}
	go w.read()
	return w, nil
}

// xSetup opens the X connection (little-endian, no authorization) and
// returns the first screen's root window.
func xSetup(conn net.Conn) (uint32, error) {
	hello := []byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	if _, err := conn.Write(hello); err != nil {
		return 0, err
	}
	r := bufio.NewReader(conn)
	head := make([]byte, 8)
	if _, err := io.ReadFull(r, head); err != nil {
		return 0, err
	}
	body := make([]byte, 4*int(binary.LittleEndian.Uint16(head[6:])))
	if _, err := io.ReadFull(r, body); err != nil {
		return 0, err
	}
	if head[0] != 1 {
		reason := body
		if n := int(head[1]); n <= len(reason) {
			reason = reason[:n]
		}
		return 0, fmt.Errorf("refused: %s", reason)
	}
	if r.Buffered() > 0 {
		return 0, fmt.Errorf("%d bytes after the setup reply", r.Buffered())
	}
	vendor := int(binary.LittleEndian.Uint16(body[16:]))
	formats := int(body[21])
	screens := 32 + (vendor+3)/4*4 + 8*formats
	if body[20] == 0 || len(body) < screens+4 {
		return 0, fmt.Errorf("no screen in the setup reply")
	}
	return binary.LittleEndian.Uint32(body[screens:]), nil
}

// read notes every MapNotify until the connection ends.
func (w *mapWatch) read() {
	ev := make([]byte, 32)
	var err error
	for {
		if _, err = io.ReadFull(w.conn, ev); err != nil {
			break
		}
		switch ev[0] &^ 0x80 {
		case xError:
			err = fmt.Errorf("X error %d on request %d", ev[1], ev[10])
		case xMapNotify:
			if ev[12] != 0 {
				continue // override-redirect: not a top-level window
			}
			w.mu.Lock()
			w.maps = append(w.maps, windowMap{window: binary.LittleEndian.Uint32(ev[8:]), at: time.Now()})
			close(w.changed)
			w.changed = make(chan struct{})
			w.mu.Unlock()
			continue
		default:
			continue
		}
		break
	}
	w.mu.Lock()
	w.err = err
	close(w.changed)
	w.changed = make(chan struct{})
	w.mu.Unlock()
}

// next waits for the first window mapped after the first skip maps and
// returns it.
func (w *mapWatch) next(skip int, timeout time.Duration) (windowMap, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		w.mu.Lock()
		maps, err, changed := w.maps, w.err, w.changed
		w.mu.Unlock()
		if len(maps) > skip {
			return maps[skip], nil
		}
		if err != nil {
			return windowMap{}, err
		}
		select {
		case <-changed:
		case <-deadline.C:
			return windowMap{}, fmt.Errorf("no window mapped within %v", timeout)
		}
	}
}

// count is how many windows were mapped so far.
func (w *mapWatch) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.maps)
}

// close ends the connection.
func (w *mapWatch) close() { w.conn.Close() }
