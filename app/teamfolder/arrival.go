package teamfolder

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

// sqliteHeader begins every SQLite 3 database file.
const sqliteHeader = "SQLite format 3\x00"

// stillArriving returns why the file at path looks like a transfer in
// progress, "" when it does not: empty, shorter than SQLite's header, its
// first bytes not written yet (zeros), or shorter than its header says or
// than a whole number of pages. Such a file is retried as it grows, never
// reported as damaged. Whether a complete file is a sound project is for
// the merge's checks (the ones gloss check runs) to say.
func stillArriving(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return ""
	}
	size := info.Size()
	if size == 0 {
		return "still arriving (the file is empty so far)"
	}
	var h [100]byte
	n, _ := io.ReadFull(f, h[:])
	switch {
	case bytes.Count(h[:n], []byte{0}) == n:
		return fmt.Sprintf("still arriving (%d bytes so far, not yet written from the start)", size)
	case !bytes.HasPrefix(h[:n], []byte(sqliteHeader)):
		if n < len(sqliteHeader) && bytes.HasPrefix([]byte(sqliteHeader), h[:n]) {
			return fmt.Sprintf("still arriving (%d bytes so far)", size)
		}
		return "" // not a project: the checks say so
	case n < len(h):
		return fmt.Sprintf("still arriving (%d bytes so far)", size)
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return ""
	}
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	valid := binary.BigEndian.Uint32(h[24:28]) == binary.BigEndian.Uint32(h[92:96])
	if valid && pages > 0 && size < pages*pageSize {
		return fmt.Sprintf("still arriving (%d of %d bytes)", size, pages*pageSize)
	}
	if size%pageSize != 0 {
		return fmt.Sprintf("still arriving (%d bytes so far, not a whole number of pages)", size)
	}
	return ""
}
