package storage_test

import (
	"context"
	"testing"

	"gloss/storage"
)

// BenchmarkCheckFile runs every check of a colleague's file, CheckFile, on
// the generated 1,000-document, 100,000-passage project, alone: the part
// of an untrusted open (BenchmarkOpenChecked/open-untrusted) before the
// project loads.
func BenchmarkCheckFile(b *testing.B) {
	path, _ := bigProject(b)
	ctx := context.Background()
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for i := 0; i < b.N; i++ {
		if _, problems, err := storage.CheckFile(ctx, path); err != nil || len(problems) > 0 {
			b.Fatal(err, problems)
		}
	}
}
