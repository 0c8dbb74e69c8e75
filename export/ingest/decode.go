package ingest

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Byte-order marks.
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomUTF32LE = []byte{0xFF, 0xFE, 0x00, 0x00}
	bomUTF32BE = []byte{0x00, 0x00, 0xFE, 0xFF}
)

// magic lists the signatures of common files that are not text, with the
// reason given when one is imported. Checked before anything else, so a PDF
// is named as a PDF rather than as "binary content".
var magic = []struct {
	prefix string
	reason string
}{
	{"%PDF-", "PDF files are not supported; save it as text or HTML"},
	{"PK\x03\x04", "ZIP archives and office documents (.docx, .odt, .epub) are not supported; save it as text or HTML"},
	{"PK\x05\x06", "ZIP archives are not supported; save it as text or HTML"},
	{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "legacy Office documents (.doc) are not supported; save it as text or HTML"},
	{"{\\rtf", "RTF files are not supported; save it as plain text or HTML"},
	{"SQLite format 3\x00", "not a text file (an SQLite database, such as a Gloss project)"},
	{"\x89PNG\r\n\x1A\n", "not a text file (a PNG image)"},
	{"\xFF\xD8\xFF", "not a text file (a JPEG image)"},
	{"GIF87a", "not a text file (a GIF image)"},
	{"GIF89a", "not a text file (a GIF image)"},
	{"\x1F\x8B", "compressed files (gzip) are not supported; decompress it first"},
	{"\x7FELF", "not a text file (a program)"},
}

// decode returns data as a UTF-8 string, not yet normalized. It follows a
// byte-order mark when there is one; otherwise valid UTF-8 is taken as it is,
// and anything else is read as the charset an HTML file declares (when html
// is set) or as Windows-1252, which maps every byte to a character. Content
// that is not text is an error whose message is the reason, without the file
// name.
func decode(data []byte, html bool) (string, error) {
	for _, m := range magic {
		if bytes.HasPrefix(data, []byte(m.prefix)) {
			return "", errors.New(m.reason)
		}
	}
	var (
		s   string
		err error
	)
	switch {
	case bytes.HasPrefix(data, bomUTF32LE), bytes.HasPrefix(data, bomUTF32BE):
		return "", errors.New("UTF-32 text is not supported; save it as UTF-8")
	case bytes.HasPrefix(data, bomUTF8):
		s, err = decodeWith(unicode.UTF8, data[len(bomUTF8):])
	case bytes.HasPrefix(data, bomUTF16LE):
		s, err = decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), data[len(bomUTF16LE):])
	case bytes.HasPrefix(data, bomUTF16BE):
		s, err = decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), data[len(bomUTF16BE):])
	default:
		if e := utf16Unmarked(data); e != nil {
			s, err = decodeWith(e, data)
			break
		}
		if bytes.IndexByte(data, 0) >= 0 {
			return "", errBinary
		}
		if utf8.Valid(data) {
			s = string(data)
			break
		}
		var e encoding.Encoding = charmap.Windows1252
		if html {
			if declared, name, _ := charset.DetermineEncoding(data, ""); declared != nil && name != "utf-8" {
				e = declared
			}
		}
		s, err = decodeWith(e, data)
	}
	if err != nil {
		return "", errors.New("the text could not be decoded: " + err.Error())
	}
	if binary(s) {
		return "", errBinary
	}
	return s, nil
}

// errBinary is the reason given for content that is not text.
var errBinary = errors.New("not a text file (binary content)")

// decodeWith converts data from e to a UTF-8 string.
func decodeWith(e encoding.Encoding, data []byte) (string, error) {
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// utf16Unmarked recognizes UTF-16 text saved without a byte-order mark, which
// some Windows tools write: mostly-Latin text then has a zero in every other
// byte and none in the rest. It returns nil for anything else.
func utf16Unmarked(data []byte) encoding.Encoding {
	sample := data
	if len(sample) > 4096 {
		sample = sample[:4096]
	}
	if len(sample) < 4 || len(sample)%2 != 0 {
		return nil
	}
	var even, odd int
	for i, b := range sample {
		if b != 0 {
			continue
		}
		if i%2 == 0 {
			even++
		} else {
			odd++
		}
	}
	pairs := len(sample) / 2
	switch {
	case even == 0 && odd*2 > pairs:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case odd == 0 && even*2 > pairs:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	return nil
}

// binary reports whether decoded text is really binary data: it holds a NUL,
// or more than one character in twenty is a control character that text
// files do not use.
func binary(s string) bool {
	if strings.IndexByte(s, 0) >= 0 {
		return true
	}
	var n, ctrl int
	for _, r := range s {
		n++
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v' || r == 0x7F {
			ctrl++
		}
	}
	return ctrl*20 > n
}
