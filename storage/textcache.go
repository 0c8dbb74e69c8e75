package storage

import (
	"sync"

	"gloss/annotate"
)

// maxCachedText bounds the text a DB keeps indexed for checking quotes.
const maxCachedText = 64 << 20

// textCache keeps the indexed text of the documents passages were lately
// made in, so that coding a passage checks its quote against the text
// without reading and indexing the whole document each time (3 MB took
// about 4 ms). A document's text never changes; an entry is used only
// while the document's stored SHA-256 is the one it was made from.
type textCache struct {
	mu    sync.Mutex
	docs  map[string]cachedText
	bytes int
}

type cachedText struct {
	sha256 string
	text   *annotate.Text
}

// get returns the indexed text of document id if it is cached for that
// hash of its text.
func (c *textCache) get(id, sha256 string) *annotate.Text {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.docs[id]; ok && e.sha256 == sha256 {
		return e.text
	}
	return nil
}

// put caches the indexed text of document id, forgetting the others when
// they would hold more than maxCachedText.
func (c *textCache) put(id, sha256 string, t *annotate.Text) {
	n := len(t.String())
	if n > maxCachedText {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.docs == nil || c.bytes+n > maxCachedText {
		c.docs, c.bytes = map[string]cachedText{}, 0
	}
	if old, ok := c.docs[id]; ok {
		c.bytes -= len(old.text.String())
	}
	c.docs[id] = cachedText{sha256, t}
	c.bytes += n
}
