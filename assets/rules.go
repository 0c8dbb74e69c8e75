package assets

import _ "embed"

// Rules is the seed set of auto-coding rules for the seed codebook, as JSON
// (see annotate.ParseRuleSpecs): each rule names its tag.
//
//go:embed rules.json
var Rules []byte
