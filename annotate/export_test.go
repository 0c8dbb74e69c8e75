package annotate

// Shorthands the tests use, kept out of the package's API.

// AutoCode runs rules over a document's text; see Coder.Propose.
func AutoCode(documentID, text string, rules []*Rule) ([]Proposal, error) {
	c, err := CompileRules(rules)
	if err != nil {
		return nil, err
	}
	return c.Propose(documentID, NewText(text)), nil
}

// FindText returns the ranges of query in text ignoring case; see Finder.
func FindText(text, query string) [][2]int {
	return NewFinder(text).FindAll(query)
}
