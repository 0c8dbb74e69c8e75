# Gloss: `make run` builds and opens the app; `make test` runs every check.
# Both install the Debian packages they need first (see `deps`).

GO      ?= go
TAGS    := sqlite_fts5
BIN     := bin/gloss
# The race detector slows the app's tests (PDFium runs as WebAssembly) past
# go test's default ten minutes on a busy machine. The unit tests use go
# test's cache: a package whose code, test files and the files its tests
# read are unchanged is not run again on this machine (a fresh clone, as in
# CI, runs everything). The end-to-end run always runs: it drives a binary
# the cache knows nothing of.
GOFLAGS_TEST := -tags $(TAGS) -timeout 30m

# Debian 12 packages: to build (cgo: OpenGL, X11, Wayland) and to test
# (headless X driven with xdotool and read back with tesseract's OCR, PDF
# and XML checkers, sqlite3 for the read-only views, git for the merge and
# diff drivers).
DEB_BUILD := gcc libc6-dev pkg-config libgl-dev libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev
DEB_TEST  := xvfb xauth xdotool imagemagick tesseract-ocr tesseract-ocr-ara poppler-utils qpdf sqlite3 libxml2-utils git
# Fonts the PDF briefing falls back on (found through fontconfig) for what
# its embedded Go fonts lack: Arabic, Hebrew, CJK, symbols, emoji (Symbola,
# Noto). Without them the briefing still exports, showing such characters
# as [U+XXXX] markers.
DEB_FONTS := fontconfig fonts-dejavu-core fonts-droid-fallback fonts-symbola fonts-noto-core
# The Windows build of `make package` (cgo for SQLite and GLFW), and the
# check of the Linux package's desktop entry and file type.
DEB_PACKAGE := gcc-mingw-w64-x86-64 desktop-file-utils shared-mime-info
DEB_PACKAGES := $(DEB_BUILD) $(DEB_TEST) $(DEB_FONTS) $(DEB_PACKAGE)

export LANG := en_US.UTF-8

# What `make package` writes to dist/, named by FyneApp.toml's version.
VERSION := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
DIST    := dist
LINUX_PKG   := $(DIST)/gloss-$(VERSION)-linux-amd64.tar.xz
WINDOWS_EXE := $(DIST)/gloss-$(VERSION)-windows-amd64.exe
# What Fyne's packager leaves in the source directory while it works (and
# after it, when interrupted); FyneApp.toml, whose build number it raises,
# is put back as it was.
FYNE_LEFTOVERS := fyne_metadata_init.go fyne.syso FyneApp.ico gloss.exe.manifest gloss gloss.exe Gloss.exe Gloss.tar.xz tmp-pkg
# Fyne's packager, at the version go.mod's tool block pins, built for this
# machine once (`go tool` would build it with the Windows C compiler). Its
# release build hardens C code with -fstack-protector-strong and
# _FORTIFY_SOURCE, whose functions mingw-w64 keeps in libssp: that is linked
# in statically (the -extldflags below), so Gloss.exe needs no DLL that
# Windows lacks.
FYNE := bin/fyne

.PHONY: all run build test vet unit e2e package bench deps clean

all: build

## run: build Gloss and open it on the default project (created with the sample articles on first launch)
run: build
	./$(BIN)

## build: compile bin/gloss
build: deps
	$(GO) build -tags $(TAGS) -o $(BIN) .

## test: vet, formatting, staticcheck, unit and integration tests (with the race detector), headless end-to-end check (CI then runs `make package`)
test: deps vet unit e2e

## vet: gofmt, go vet, go mod tidy and staticcheck (pinned in go.mod's tool block), with and without the e2e tag
vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet -tags '$(TAGS) e2e' ./...
	$(GO) mod tidy -diff
	$(GO) tool staticcheck -tags '$(TAGS)' ./...
	$(GO) tool staticcheck -tags '$(TAGS) e2e' ./...

unit:
	$(GO) test $(GOFLAGS_TEST) -race ./...

## e2e: the real binary under Xvfb, driven with the mouse and keys (app/e2e)
e2e:
	$(GO) test -tags '$(TAGS) e2e' -count=1 ./app/e2e/

## package: dist/gloss-VERSION-linux-amd64.tar.xz (binary, desktop entry, icon, an installing Makefile) and dist/gloss-VERSION-windows-amd64.exe, with Fyne's packager; the Linux one is unpacked and run
package: deps
	rm -rf $(DIST) $(FYNE_LEFTOVERS)
	mkdir -p $(DIST)
	$(GO) build -o $(FYNE) fyne.io/tools/cmd/fyne
	@toml=$$(mktemp) && cp FyneApp.toml $$toml && \
	trap 'cp $$toml FyneApp.toml; rm -rf $$toml $(FYNE_LEFTOVERS)' EXIT && trap 'exit 130' INT TERM HUP && set -ex && \
	$(FYNE) package --target linux --release --tags $(TAGS) && \
	mv Gloss.tar.xz $(LINUX_PKG) && \
	./.ci/finish-linux-package $(LINUX_PKG) assets/linux/io.gloss.app.xml && \
	CC=x86_64-w64-mingw32-gcc GOARCH=amd64 GOFLAGS=-ldflags=-extldflags=-l:libssp.a \
		$(FYNE) package --target windows --release --tags $(TAGS) && \
	mv Gloss.exe $(WINDOWS_EXE)
	./.ci/check-package $(LINUX_PKG) $(WINDOWS_EXE)

## bench: every benchmark, with the baselines they are compared against
bench: deps
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem -count=1 ./...

## deps: install the missing Debian packages (as root or through sudo), else print the apt-get line
deps:
	@command -v $(GO) >/dev/null || { echo "Gloss needs Go 1.26 or later (https://go.dev/dl/) on PATH"; exit 1; }
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done | tr '\n' ' '); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
		elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
			sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
		else \
			echo "Gloss needs these Debian packages; install them with:"; \
			echo "  sudo apt-get install $$missing"; exit 1; \
		fi; \
	fi

clean:
	rm -rf bin artifacts $(DIST) $(FYNE_LEFTOVERS)
