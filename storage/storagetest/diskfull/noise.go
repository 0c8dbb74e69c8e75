package diskfull

import "math/rand"

// Noise is n bytes of lower-case words in paragraphs, drawn from seed,
// that do not compress: a document or file of that size that takes about
// that room on the disk, in a project or an archive alike.
func Noise(seed int64, n int) []byte {
	r := rand.New(rand.NewSource(seed))
	b := make([]byte, 0, n+16)
	for len(b) < n {
		for range 3 + r.Intn(6) {
			b = append(b, byte('a'+r.Intn(26)))
		}
		b = append(b, ' ')
		if r.Intn(12) == 0 {
			b = append(b, ".\n\n"...)
		}
	}
	return b[:n]
}
