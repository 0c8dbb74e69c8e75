package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gloss/annotate"
	"gloss/storage"
)

// whereHelp describes --where for the commands that take it.
const whereHelp = `only documents whose attribute has this value: NAME=VALUE, NAME=A|B (either), NAME=LO..HI (a range of numbers or dates; either end may be left out), NAME=? (any value) or NAME=- (no value); repeatable: all of them`

// attributeConditions resolves --where specifications against the
// project's attributes.
func attributeConditions(ctx context.Context, db *storage.DB, specs []string) ([]annotate.AttributeCondition, error) {
	var out []annotate.AttributeCondition
	for _, spec := range specs {
		name, value, ok := strings.Cut(spec, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, usageErrorf("--where %q: write NAME=VALUE, e.g. --where \"Outlet type=Wire\"", spec)
		}
		a, err := db.AttributeByName(ctx, strings.TrimSpace(name))
		if err != nil {
			return nil, err
		}
		c := annotate.AttributeCondition{AttributeID: a.ID}
		value = strings.TrimSpace(value)
		lo, hi, ranged := strings.Cut(value, "..")
		switch {
		case value == "?":
		case value == "-":
			c.NotSet = true
		case ranged && (a.Kind == annotate.AttributeNumber || a.Kind == annotate.AttributeDate):
			for _, b := range []struct {
				in  string
				out *string
			}{{lo, &c.Min}, {hi, &c.Max}} {
				if strings.TrimSpace(b.in) == "" {
					continue
				}
				v, err := a.Normalize(b.in)
				if err != nil {
					return nil, fmt.Errorf("--where %q: %w", spec, err)
				}
				*b.out = v
			}
		case ranged:
			return nil, fmt.Errorf("--where %q: %s is a %s attribute; ranges are for numbers and dates", spec, a.Name, a.Kind)
		default:
			for _, v := range strings.Split(value, "|") {
				n, err := a.Normalize(v)
				if err != nil {
					return nil, fmt.Errorf("--where %q: %w", spec, err)
				}
				if n == "" {
					return nil, usageErrorf("--where %q: no value after =; write NAME=- for documents without one", spec)
				}
				c.Values = append(c.Values, n)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// queryError shows a mistake in a --query with the query and a caret under
// the mistake on the lines below.
type queryError struct{ qe *annotate.QueryError }

func (e *queryError) Error() string {
	return e.qe.Error() + "\n  " + strings.ReplaceAll(e.qe.Caret(), "\n", "\n  ")
}

func (e *queryError) Unwrap() error { return e.qe }

// parseQuery reads --query, its mistakes shown with a caret.
func parseQuery(src string) (*annotate.Query, error) {
	q, err := annotate.ParseQuery(src)
	if err != nil {
		return nil, pointAt(err)
	}
	return q, nil
}

// pointAt shows a query's mistake with a caret; other errors pass.
func pointAt(err error) error {
	var qe *annotate.QueryError
	if errors.As(err, &qe) {
		return &queryError{qe}
	}
	return err
}
