package ingest

import "testing"

// ReportCPU runs a benchmark's loop and reports the CPU time it took per
// operation (cpu-ms/op) beside the wall time.
func ReportCPU(b *testing.B, loop func()) { reportCPU(b, loop) }

func reportCPU(b *testing.B, loop func()) {
	start := cpuTime()
	loop()
	if d := cpuTime() - start; d > 0 && b.N > 0 {
		b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}
