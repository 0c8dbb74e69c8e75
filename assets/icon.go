package assets

import _ "embed"

// Icon is Gloss's application icon, 512×512 PNG (drawn by icon/gen.go).
//
//go:embed icon.png
var Icon []byte

// IconSVG is the same icon as SVG.
//
//go:embed icon.svg
var IconSVG []byte
