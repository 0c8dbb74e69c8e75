// Package pdfium runs PDFium for every part of Gloss that draws or reads
// PDF files (the import's text extraction, Show Original, the Briefing
// window's preview): compiled to WebAssembly and run by wazero, it needs
// no cgo and no system library. The process holds one runtime (Default),
// as compiling and instantiating the 5 MB module costs seconds of CPU and
// tens of megabytes. It starts lazily, in the background, the first time
// it is used (or when Start asks for it), so that no caller on the UI
// goroutine waits for it; its compiled code is kept in the user's cache
// directory, which makes every start after the first on a machine take a
// fraction of the time.
package pdfium

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// instances is how many PDFium instances a runtime runs at the most, each
// one call at a time, as PDFium keeps state per document: an import and a
// view of a page (Show Original, the briefing preview) run side by side.
// All are instances of one compiled module; the second is made when two
// calls meet, and let go after.
const instances = 2

// Runtime is a lazily started PDFium. Its methods may be called from any
// goroutine; each call has an instance to itself (see instances).
type Runtime struct {
	cacheDir string

	once sync.Once
	done chan struct{}
	pool pdfium.Pool
	err  error

	mu sync.RWMutex // held for reading by each call, for writing to start and close
}

// New returns a runtime that keeps PDFium's compiled code in cacheDir (""
// for none: every start compiles afresh). Nothing runs until it is first
// used or Start is called.
func New(cacheDir string) *Runtime {
	return &Runtime{cacheDir: cacheDir, done: make(chan struct{})}
}

var (
	defaultOnce    sync.Once
	defaultRuntime *Runtime
)

// CacheDir is where the process's runtime keeps PDFium's compiled code:
// the user's cache directory (on Linux ~/.cache/gloss/pdfium), or "" when
// there is none.
func CacheDir() string {
	if base, err := os.UserCacheDir(); err == nil {
		return filepath.Join(base, "gloss", "pdfium")
	}
	return ""
}

// Default returns the process's runtime, shared by everything that uses
// PDFium (import, Show Original, the briefing preview, the command line),
// so that the process compiles and instantiates PDFium once.
func Default() *Runtime {
	defaultOnce.Do(func() { defaultRuntime = New(CacheDir()) })
	return defaultRuntime
}

// Start begins starting PDFium in the background, so that a later call
// finds it ready; it returns at once.
func (r *Runtime) Start() {
	r.once.Do(func() { go r.start() })
}

// Ready reports, without waiting, whether PDFium has started (or failed to).
func (r *Runtime) Ready() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// Wait starts PDFium if need be and waits until it can be used or ctx ends.
func (r *Runtime) Wait(ctx context.Context) error {
	return r.Do(ctx, func(pdfium.Pdfium) error { return nil })
}

// Do runs fn with a PDFium instance of its own, once PDFium has started
// (starting it if need be) and an instance is free. It returns ctx's error
// if ctx ends first. fn must not call the runtime itself: it holds an
// instance that the inner call may be waiting for.
func (r *Runtime) Do(ctx context.Context, fn func(inst pdfium.Pdfium) error) error {
	r.Start()
	select {
	case <-r.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.err != nil {
		return r.err
	}
	inst, err := r.pool.GetInstanceWithContext(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("start a PDFium instance: %w", err)
	}
	defer inst.Close() // the instance goes back to the pool, its documents closed
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(inst)
}

// starts counts the runtimes of the process that have begun to start.
var starts atomic.Int64

// Starts reports how many runtimes have begun starting PDFium (compiling
// or loading its module and instantiating it) in this process. In the app
// it is at most one, however many parts of it use PDFium.
func Starts() int { return int(starts.Load()) }

// start compiles and instantiates the module once. A cache that cannot be
// used is passed over: PDFium then compiles without it.
func (r *Runtime) start() {
	starts.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	defer close(r.done)
	rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
	if r.cacheDir != "" {
		if err := os.MkdirAll(r.cacheDir, 0o755); err == nil {
			if cache, err := wazero.NewCompilationCacheWithDir(r.cacheDir); err == nil {
				rc = rc.WithCompilationCache(cache)
			}
		}
	}
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle:       1,
		MaxIdle:       1,
		MaxTotal:      instances,
		ReuseWorkers:  true,                 // an instance is kept for the next call, not made afresh
		FSConfig:      wazero.NewFSConfig(), // no file system: documents are passed as bytes
		RuntimeConfig: rc,
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
	if err != nil {
		r.err = fmt.Errorf("start PDFium: %w", err)
		return
	}
	// The first instance is made now, so that a module that cannot run
	// fails here, and the first call finds it ready.
	inst, err := pool.GetInstance(time.Minute)
	if err == nil {
		err = inst.Close()
	}
	if err != nil {
		pool.Close()
		r.err = fmt.Errorf("start PDFium: %w", err)
		return
	}
	r.pool = pool
}

// ErrClosed is the error of a runtime used after Close.
var ErrClosed = errors.New("PDFium has been closed")

// Close stops PDFium if it was started; the runtime cannot be used after.
func (r *Runtime) Close() error {
	r.once.Do(func() { r.err = ErrClosed; close(r.done) }) // never started
	<-r.done
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pool == nil {
		return nil
	}
	err := r.pool.Close()
	r.pool, r.err = nil, ErrClosed
	return err
}
