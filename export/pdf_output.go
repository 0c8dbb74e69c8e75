package export

// The output layer. gofpdf compresses each page's content with a zlib
// writer of its own, about 1.4 MB allocated and cleared per page, which
// was half of a long briefing's time. So gofpdf writes the pages
// uncompressed, and writePDF deflates them with a writer per core, reset
// for each page, as gofpdf would have: the bytes are the same, the work a
// third.

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"sync"

	"github.com/jung-kurt/gofpdf"
)

// writePDF writes pdf to w, its page contents deflated.
func writePDF(pdf *gofpdf.Fpdf, w io.Writer) error {
	pdf.SetCompression(false)
	d := &pageDeflater{w: w}
	if err := pdf.Output(d); err != nil {
		return err
	}
	if !d.done {
		return fmt.Errorf("write pdf: nothing written")
	}
	return nil
}

// pageDeflater takes the PDF gofpdf writes, all of it in one Write from
// its buffer, and writes it on deflated, so that the uncompressed PDF is
// never copied.
type pageDeflater struct {
	w    io.Writer
	done bool
}

func (d *pageDeflater) Write(p []byte) (int, error) {
	if d.done {
		return 0, fmt.Errorf("write pdf: written in pieces")
	}
	d.done = true
	if err := deflatePages(p, d.w); err != nil {
		return 0, err
	}
	return len(p), nil
}

var contentsRef = regexp.MustCompile(`/Contents (\d+) 0 R`)

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w *bufio.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}

// deflatePages copies the PDF gofpdf wrote uncompressed in to w, each
// page content stream deflated and marked so, and the cross-reference
// table written anew for the objects' new places.
func deflatePages(in []byte, w io.Writer) error {
	offsets, xref, err := readXref(in)
	if err != nil {
		return err
	}
	contents := map[int]bool{}
	for _, m := range contentsRef.FindAllSubmatch(in[:xref], -1) {
		if n, err := strconv.Atoi(string(m[1])); err == nil {
			contents[n] = true
		}
	}
	// The objects in the order they are written.
	order := make([]int, 0, len(offsets))
	for n := 1; n < len(offsets); n++ {
		order = append(order, n)
	}
	sort.Slice(order, func(i, j int) bool { return offsets[order[i]] < offsets[order[j]] })

	// Check every object before writing any of it.
	type stream struct{ data, tail []byte }
	streams := map[int]stream{}
	for k, n := range order {
		end := xref
		if k+1 < len(order) {
			end = offsets[order[k+1]]
		}
		obj := in[offsets[n]:end]
		head := fmt.Sprintf("%d 0 obj\n<</Length ", n)
		if !contents[n] || !bytes.HasPrefix(obj, []byte(head)) {
			continue
		}
		rest := obj[len(head):]
		i := bytes.Index(rest, []byte(">>\nstream\n"))
		size, err := strconv.Atoi(string(rest[:max(i, 0)]))
		if i < 0 || err != nil || size < 0 || i+10+size > len(rest) {
			return fmt.Errorf("write pdf: object %d is not a plain stream", n)
		}
		streams[n] = stream{rest[i+10 : i+10+size], rest[i+10+size:]}
	}
	trailer := in[xref:]
	t := bytes.Index(trailer, []byte("trailer\n"))
	s := bytes.LastIndex(trailer, []byte("startxref\n"))
	if t < 0 || s < t {
		return fmt.Errorf("write pdf: no trailer")
	}

	out := &countingWriter{w: bufio.NewWriterSize(w, 1<<16)}
	moved := make([]int, len(offsets))
	if len(order) > 0 {
		out.Write(in[:offsets[order[0]]])
	}
	// Deflate the streams a window at a time, the window's streams side
	// by side on the machine's cores, and write them in order.
	workers := max(1, min(runtime.GOMAXPROCS(0), 8))
	zs := make([]*zlib.Writer, workers)
	bufs := make([]bytes.Buffer, 8*workers)
	for k := 0; k < len(order); {
		end := k
		var batch []int // the streams in order[k:end], by index into bufs
		for ; end < len(order) && len(batch) < len(bufs); end++ {
			if _, ok := streams[order[end]]; ok {
				batch = append(batch, end)
			}
		}
		var wg sync.WaitGroup
		errs := make([]error, workers)
		for g := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := g; j < len(batch); j += workers {
					b := &bufs[j]
					b.Reset()
					if zs[g] == nil {
						zs[g], errs[g] = zlib.NewWriterLevel(b, zlib.BestSpeed)
						if errs[g] != nil {
							return
						}
					} else {
						zs[g].Reset(b)
					}
					zs[g].Write(streams[order[batch[j]]].data)
					if err := zs[g].Close(); err != nil {
						errs[g] = err
						return
					}
				}
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return err
		}
		next := 0 // the next of batch
		for ; k < end; k++ {
			n := order[k]
			moved[n] = out.n
			st, ok := streams[n]
			if !ok {
				stop := xref
				if k+1 < len(order) {
					stop = offsets[order[k+1]]
				}
				out.Write(in[offsets[n]:stop])
				continue
			}
			z := &bufs[next]
			next++
			fmt.Fprintf(out, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", n, z.Len())
			out.Write(z.Bytes())
			out.Write(st.tail)
		}
	}
	at := out.n
	fmt.Fprintf(out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for n := 1; n < len(offsets); n++ {
		fmt.Fprintf(out, "%010d 00000 n \n", moved[n])
	}
	out.Write(trailer[t:s])
	fmt.Fprintf(out, "startxref\n%d\n%%%%EOF\n", at)
	return out.w.Flush()
}

// readXref reads the cross-reference table gofpdf ends a PDF with: the
// offset of every object by number (0 unused) and the table's own offset.
func readXref(in []byte) (offsets []int, xref int, err error) {
	s := bytes.LastIndex(in, []byte("\nstartxref\n"))
	if s < 0 {
		return nil, 0, fmt.Errorf("write pdf: no startxref")
	}
	rest := in[s+len("\nstartxref\n"):]
	if e := bytes.IndexByte(rest, '\n'); e >= 0 {
		rest = rest[:e]
	}
	if xref, err = strconv.Atoi(string(rest)); err != nil || xref <= 0 || xref >= s {
		return nil, 0, fmt.Errorf("write pdf: bad startxref %q", rest)
	}
	table := in[xref:s]
	var count int
	if _, err := fmt.Sscanf(string(table[:min(len(table), 32)]), "xref\n0 %d\n", &count); err != nil || count < 1 {
		return nil, 0, fmt.Errorf("write pdf: bad cross-reference table")
	}
	first := bytes.Index(table, []byte("0000000000 65535 f \n"))
	if first < 0 || first+20*count > len(table) {
		return nil, 0, fmt.Errorf("write pdf: short cross-reference table")
	}
	offsets = make([]int, count)
	for n := 1; n < count; n++ {
		e := table[first+20*n : first+20*n+20]
		o, err := strconv.Atoi(string(e[:10]))
		if err != nil || o <= 0 || o >= xref {
			return nil, 0, fmt.Errorf("write pdf: bad offset of object %d", n)
		}
		offsets[n] = o
	}
	return offsets, xref, nil
}
