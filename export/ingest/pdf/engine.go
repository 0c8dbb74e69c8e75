// Package pdf reads the text of PDF files with PDFium, compiled to
// WebAssembly and run by wazero (no cgo, no system library), and renders
// their pages for the "Show original" view.
//
// PDFium starts lazily: the first call to an Engine compiles the module,
// which takes seconds the first time on a machine and a fraction of that
// later, as the compiled code is kept in a cache directory (see Default).
package pdf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// Engine is a lazily started PDFium. Its methods may be called from any
// goroutine; PDFium itself runs one call at a time.
type Engine struct {
	cacheDir string

	once sync.Once
	done chan struct{}
	pool pdfium.Pool
	inst pdfium.Pdfium
	err  error

	mu sync.Mutex // serializes documents: PDFium keeps per-document state
}

// NewEngine returns an engine that keeps PDFium's compiled code in
// cacheDir ("" for no cache: every start compiles afresh). Nothing runs
// until the engine is first used or Start is called.
func NewEngine(cacheDir string) *Engine {
	return &Engine{cacheDir: cacheDir, done: make(chan struct{})}
}

var (
	defaultOnce   sync.Once
	defaultEngine *Engine
)

// Default returns the process's engine, caching compiled code in the
// user's cache directory (on Linux ~/.cache/gloss/pdfium).
func Default() *Engine {
	defaultOnce.Do(func() {
		dir := ""
		if base, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(base, "gloss", "pdfium")
		}
		defaultEngine = NewEngine(dir)
	})
	return defaultEngine
}

// Start begins starting PDFium in the background, so that a later call
// finds it ready; it returns at once.
func (e *Engine) Start() {
	e.once.Do(func() { go e.start() })
}

// acquire waits until PDFium has started (starting it if need be) or ctx
// ends, and returns it locked for the caller's use: release with
// e.mu.Unlock.
func (e *Engine) acquire(ctx context.Context) (pdfium.Pdfium, error) {
	e.Start()
	select {
	case <-e.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	e.mu.Lock()
	if e.err != nil {
		e.mu.Unlock()
		return nil, e.err
	}
	return e.inst, nil
}

// Wait starts PDFium if need be and waits until it can be used.
func (e *Engine) Wait(ctx context.Context) error {
	if _, err := e.acquire(ctx); err != nil {
		return err
	}
	e.mu.Unlock()
	return nil
}

// start compiles and instantiates the module once. A cache that cannot be
// used is passed over: PDFium then compiles without it.
func (e *Engine) start() {
	e.mu.Lock()
	defer e.mu.Unlock()
	defer close(e.done)
	rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
	if e.cacheDir != "" {
		if err := os.MkdirAll(e.cacheDir, 0o755); err == nil {
			if cache, err := wazero.NewCompilationCacheWithDir(e.cacheDir); err == nil {
				rc = rc.WithCompilationCache(cache)
			}
		}
	}
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle:       1,
		MaxIdle:       1,
		MaxTotal:      1,
		FSConfig:      wazero.NewFSConfig(), // no file system: documents are passed as bytes
		RuntimeConfig: rc,
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
	if err != nil {
		e.err = fmt.Errorf("start the PDF reader: %w", err)
		return
	}
	inst, err := pool.GetInstance(time.Minute)
	if err != nil {
		pool.Close()
		e.err = fmt.Errorf("start the PDF reader: %w", err)
		return
	}
	e.pool, e.inst = pool, inst
}

// errClosed is the error after Close.
var errClosed = errors.New("the PDF reader is closed")

// Close stops PDFium if it was started. The engine cannot be used after.
func (e *Engine) Close() error {
	e.once.Do(func() { e.err = errClosed; close(e.done) }) // never started
	<-e.done
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.pool == nil {
		return nil
	}
	err := errors.Join(e.inst.Close(), e.pool.Close())
	e.pool, e.inst, e.err = nil, nil, errClosed
	return err
}
