package annotate

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"time"
)

// Kinds of auto-coding rule.
const (
	RuleWords = "words" // words or phrases separated by |, a trailing * for any ending
	RuleRegex = "regex" // a regular expression (RE2 syntax), case-insensitive unless (?-i)
)

// Scopes: how much text around a rule's match a proposal covers.
const (
	ScopeMatch     = "match"     // the matched words only
	ScopeSentence  = "sentence"  // the sentence(s) containing the match
	ScopeParagraph = "paragraph" // the paragraph(s) containing the match
)

// MaxRulePattern is the longest rule pattern in bytes.
const MaxRulePattern = 10000

// Rule is an auto-coding rule saved in the project: where its pattern
// matches a document, it proposes a passage with its tag.
type Rule struct {
	ID        string
	Name      string
	Pattern   string
	Kind      string // RuleWords or RuleRegex
	TagID     string
	Scope     string // ScopeMatch, ScopeSentence or ScopeParagraph
	Author    string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks the rules every stored rule obeys, compiling its pattern.
func (r *Rule) Validate() error {
	name := strings.TrimSpace(r.Name)
	switch {
	case name == "":
		return Errorf(EINVALID, "rule name required")
	case name != r.Name:
		return Errorf(EINVALID, "rule name %q has leading or trailing space", r.Name)
	case len([]rune(name)) > 200:
		return Errorf(EINVALID, "rule name %q is longer than 200 characters", Ellipsize(name, 40))
	case r.TagID == "":
		return Errorf(EINVALID, "rule %q needs a code", r.Name)
	case r.Scope != ScopeMatch && r.Scope != ScopeSentence && r.Scope != ScopeParagraph:
		return Errorf(EINVALID, "rule %q: scope %q is not match, sentence or paragraph", r.Name, r.Scope)
	case strings.TrimSpace(r.Pattern) == "":
		return Errorf(EINVALID, "rule %q has no pattern", r.Name)
	case len(r.Pattern) > MaxRulePattern:
		return Errorf(EINVALID, "rule %q: pattern is longer than %d bytes", r.Name, MaxRulePattern)
	}
	_, err := compileRule(r)
	return err
}

// compiledRule is a rule ready to run.
type compiledRule struct {
	rule    *Rule
	re      *regexp.Regexp // RuleRegex
	entries []wordEntry    // RuleWords
}

func compileRule(r *Rule) (*compiledRule, error) {
	c := &compiledRule{rule: r}
	switch r.Kind {
	case RuleWords:
		for _, alt := range strings.FieldsFunc(r.Pattern, func(c rune) bool { return c == '|' || c == '\n' }) {
			alt = strings.TrimSpace(alt)
			prefix := strings.HasSuffix(alt, "*")
			var tokens []string
			forEachWord(fold(strings.TrimRight(alt, "*")), func(b0, b1, _, _ int, s string) {
				tokens = append(tokens, s[b0:b1])
			})
			if len(tokens) > 0 {
				c.entries = append(c.entries, wordEntry{tokens: tokens, prefix: prefix})
			}
		}
		if len(c.entries) == 0 {
			return nil, Errorf(EINVALID, "rule %q: pattern %q has no words", r.Name, Ellipsize(r.Pattern, 60))
		}
	case RuleRegex:
		re, err := regexp.Compile("(?i)" + r.Pattern)
		if err != nil {
			return nil, Errorf(EINVALID, "rule %q: %v", r.Name, err)
		}
		c.re = re
	default:
		return nil, Errorf(EINVALID, "rule %q: kind %q is not words or regex", r.Name, r.Kind)
	}
	return c, nil
}

// RuleUpdate holds the fields of a rule to change; nil fields stay as they are.
type RuleUpdate struct {
	Name    *string
	Pattern *string
	Kind    *string
	TagID   *string
	Scope   *string
}

// RuleSpec is a rule as shipped or exchanged: its tag given by name.
type RuleSpec struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Pattern string `json:"pattern"`
	Tag     string `json:"tag"`
	Scope   string `json:"scope"`
}

// ParseRuleSpecs reads a JSON array of rule specs, checking each (with a
// placeholder tag ID, since tags are resolved by name later).
func ParseRuleSpecs(data []byte) ([]RuleSpec, error) {
	var specs []RuleSpec
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&specs); err != nil {
		return nil, Errorf(EINVALID, "rules: %v", err)
	}
	for i, s := range specs {
		if s.Tag == "" {
			return nil, Errorf(EINVALID, "rules: rule %d (%q) names no code", i+1, s.Name)
		}
		r := Rule{Name: s.Name, Kind: s.Kind, Pattern: s.Pattern, Scope: s.Scope, TagID: s.Tag}
		if err := r.Validate(); err != nil {
			return nil, Errorf(EINVALID, "rules: rule %d: %s", i+1, ErrorMessage(err))
		}
	}
	return specs, nil
}
