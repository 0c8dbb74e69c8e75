package ingest_test

import (
	"bytes"
	"encoding/binary"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"
)

var update = flag.Bool("update", false, "rewrite the generated fixtures in testdata")

// generated returns the fixtures whose bytes are awkward to write by hand:
// other encodings, line endings, decomposed characters and binary files. They
// are built here with the standard library only, independently of the
// decoders under test, and committed to testdata.
func generated() map[string][]byte {
	noise := make([]byte, 512)
	x := uint32(2463534242)
	for i := range noise {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		noise[i] = byte(x)
	}
	noise[7] = 0 // certainly binary

	return map[string][]byte{
		"utf8-bom.txt":      append([]byte{0xEF, 0xBB, 0xBF}, "Résumé of the summit\n\nCafé talks.\n"...),
		"utf16le.txt":       utf16Bytes(binary.LittleEndian, true, "Summit in Genève\r\n\r\nCost: €5 🌍\r\n"),
		"utf16be.txt":       utf16Bytes(binary.BigEndian, true, "Summit in Genève\r\n\r\nCost: €5 🌍\r\n"),
		"utf16le-nobom.txt": utf16Bytes(binary.LittleEndian, false, "Saved without a mark\r\n\r\nStill text.\r\n"),
		// Windows-1252: 0x93/0x94 “ ”, 0x91/0x92 ‘ ’, 0x80 €, 0xE9 é, 0x85 …
		"cp1252.txt": []byte("\x93Curly\x94 \x91quotes\x92\r\n\r\nIt cost \x805 at the caf\xe9\x85\r\n"),
		"crlf.txt":   []byte("First line\r\n\r\n\r\n\r\nSecond paragraph\r\n"),
		"cr.txt":     []byte("Old Mac title\r\rSecond paragraph\r"),
		"nfd.txt":    []byte("Cafe\u0301 society\n\nThe re\u0301sume\u0301.\n"),
		// windows-1251: Путин, Женева
		"cyrillic.html": []byte("<html><head><meta charset=\"windows-1251\"><title>\xcf\xf3\xf2\xe8\xed</title></head>" +
			"<body><p>\xc6\xe5\xed\xe5\xe2\xe0</p></body></html>\n"),
		"notes.bin":    noise,
		"controls.txt": []byte("Text\x01\x02\x03\x04\x05 with \x06\x07\x08\x0e\x0f controls\x10\x11\x12\n"),
		"report.pdf":   []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
		"letter.docx":  []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml"),
		"utf32.txt":    {0xFF, 0xFE, 0x00, 0x00, 'H', 0, 0, 0, 'i', 0, 0, 0},
		"photo.txt":    []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
	}
}

// utf16Bytes encodes s as UTF-16 in the given byte order, with or without a
// byte-order mark.
func utf16Bytes(order binary.ByteOrder, bom bool, s string) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	out := make([]byte, 2*len(units))
	for i, u := range units {
		order.PutUint16(out[2*i:], u)
	}
	return out
}

// TestFixtures checks that the generated fixtures in testdata are the ones
// generated() describes; run with -update to rewrite them.
func TestFixtures(t *testing.T) {
	for name, want := range generated() {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestFixtures -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from its generator (run go test -run TestFixtures -update)", path)
		}
	}
}
