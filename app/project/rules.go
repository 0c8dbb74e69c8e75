package project

import (
	"context"
	"fmt"

	"gloss/annotate"
	"gloss/assets"
	"gloss/storage"
)

// SeedRules adds the shipped auto-coding rules whose codes are in the
// codebook; rules already present by name are kept as they are.
func SeedRules(ctx context.Context, db *storage.DB) error {
	specs, err := annotate.ParseRuleSpecs(assets.Rules)
	if err != nil {
		return fmt.Errorf("seed rules: %w", err)
	}
	if _, err := db.SeedRules(ctx, specs); err != nil {
		return fmt.Errorf("seed rules: %w", err)
	}
	return nil
}
