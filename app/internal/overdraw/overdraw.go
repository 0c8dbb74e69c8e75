// Package overdraw measures what Fyne's GL painter shades for a frame of
// a canvas: it walks the laid-out tree the way the painter does (visible
// objects only, each clipped by the scroll containers and clipping widgets
// around it, objects wholly outside their clip not drawn) and adds up, per
// kind of object, the pixels each draw call covers (a text's quad is its
// MinSize, a shadow widens its rectangle's, the menu bar Fyne's desktop
// driver draws above the content is counted too). Under software GL
// (Mesa's llvmpipe) a frame costs about what it shades, since Fyne 2.8
// draws every object of the window, blended, at every frame in which
// anything changed.
package overdraw

import (
	"fmt"
	"image/color"
	"math"
	"reflect"
	"sort"
	"strings"
	"unsafe"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// Draw is one draw call the painter makes for a frame.
type Draw struct {
	Obj  fyne.CanvasObject
	Kind string  // "rectangle", "text", "image", …
	Area float32 // pixels covered, at scale 1, within the clip
	// Invisible is set for a rectangle that draws nothing the eye sees
	// (no alpha in its fill and none in its stroke) but which the painter
	// still shades, since it skips only color.Transparent and nil.
	Invisible bool
	// Path names the object's ancestors, outermost first, by type.
	Path string
	box  rect // what it covers, clipped
	// Panel is the outermost of its ancestors (or itself) whose type is
	// not Fyne's, Owner the innermost; "" if none.
	Panel, Owner string
}

// Frame is what one frame of a canvas shades.
type Frame struct {
	Size  fyne.Size
	Draws []Draw
}

// Area is the pixels all of the frame's draw calls cover.
func (f *Frame) Area() float32 {
	var a float32
	for _, d := range f.Draws {
		a += d.Area
	}
	return a
}

// Screens is the frame's area in window sizes: how many times over the
// painter shades the window for one frame.
func (f *Frame) Screens() float64 {
	return float64(f.Area()) / float64(f.Size.Width*f.Size.Height)
}

// Covered is the pixels of the window at least one draw call covers;
// Area over Covered is how many times over, on average, a covered pixel
// is shaded.
func (f *Frame) Covered() int {
	w, h := int(math.Ceil(float64(f.Size.Width))), int(math.Ceil(float64(f.Size.Height)))
	if w <= 0 || h <= 0 {
		return 0
	}
	px := make([]bool, w*h)
	n := 0
	for _, d := range f.Draws {
		r := d.box
		x1, y1 := max(0, int(math.Floor(float64(r.x1)))), max(0, int(math.Floor(float64(r.y1))))
		x2, y2 := min(w, int(math.Ceil(float64(r.x2)))), min(h, int(math.Ceil(float64(r.y2))))
		for y := y1; y < y2; y++ {
			row := px[y*w : (y+1)*w]
			for x := x1; x < x2; x++ {
				if !row[x] {
					row[x] = true
					n++
				}
			}
		}
	}
	return n
}

// Invisible returns the draw calls of rectangles the eye cannot see.
func (f *Frame) Invisible() []Draw {
	var ds []Draw
	for _, d := range f.Draws {
		if d.Invisible {
			ds = append(ds, d)
		}
	}
	return ds
}

// String is a report of the frame: its total, the area per kind, and the
// largest draw calls.
func (f *Frame) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%.0f×%.0f: %.0f px shaded, %.2f screens, %d px covered, %d draws\n", f.Size.Width, f.Size.Height, f.Area(), f.Screens(), f.Covered(), len(f.Draws))
	kinds := map[string]float32{}
	counts := map[string]int{}
	for _, d := range f.Draws {
		k := d.Kind
		if d.Invisible {
			k += " (invisible)"
		}
		kinds[k] += d.Area
		counts[k]++
	}
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return kinds[names[i]] > kinds[names[j]] })
	for _, k := range names {
		fmt.Fprintf(&b, "  %-24s %9.0f px %4d draws\n", k, kinds[k], counts[k])
	}
	for _, by := range []struct {
		name string
		key  func(Draw) string
	}{{"panel", func(d Draw) string { return d.Panel }}, {"owner", func(d Draw) string { return d.Owner }}} {
		areas := map[string]float32{}
		for _, d := range f.Draws {
			areas[by.key(d)] += d.Area
		}
		names = names[:0]
		for k := range areas {
			names = append(names, k)
		}
		sort.Slice(names, func(i, j int) bool { return areas[names[i]] > areas[names[j]] })
		for _, k := range names {
			fmt.Fprintf(&b, "  %s %-24q %9.0f px\n", by.name, k, areas[k])
		}
	}
	ds := append([]Draw(nil), f.Draws...)
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Area > ds[j].Area })
	for _, d := range ds {
		if d.Area < 300 {
			break
		}
		inv := ""
		if d.Invisible {
			inv = " INVISIBLE"
		}
		fmt.Fprintf(&b, "  %8.0f %s%s %s %v at %v in %s\n", d.Area, d.Kind, inv, describe(d.Obj), d.Obj.Size(), d.Obj.Position(), d.Path)
	}
	return b.String()
}

func describe(o fyne.CanvasObject) string {
	switch o := o.(type) {
	case *canvas.Rectangle:
		return fmt.Sprintf("fill %T%v stroke %T%v/%g radius %g", o.FillColor, o.FillColor, o.StrokeColor, o.StrokeColor, o.StrokeWidth, o.CornerRadius)
	case *canvas.Text:
		t := o.Text
		if len(t) > 20 {
			t = t[:20] + "…"
		}
		return fmt.Sprintf("%q", t)
	}
	return ""
}

// Measure walks c's content, and the overlays above it, as a frame
// paints them.
func Measure(c fyne.Canvas) *Frame {
	f := &Frame{Size: c.Size()}
	all := fyne.NewSize(f.Size.Width, f.Size.Height)
	if c.Content() != nil {
		walk(f, c.Content(), fyne.Position{}, rect{0, 0, all.Width, all.Height}, nil, "", "")
	}
	if m := menuBar(c); m != nil {
		walk(f, m, fyne.Position{}, rect{0, 0, all.Width, all.Height}, nil, "", "")
	}
	for _, o := range c.Overlays().List() {
		walk(f, o, fyne.Position{}, rect{0, 0, all.Width, all.Height}, nil, "", "")
	}
	return f
}

// menuBar returns the menu bar Fyne's desktop driver draws across the top
// of a window with a main menu (on Linux and Windows), nil if none. The
// canvas keeps it out of its content and does not hand it out: it is read
// from the canvas's field "menu" (Fyne 2.8's glCanvas), if there is one.
func menuBar(c fyne.Canvas) fyne.CanvasObject {
	v := reflect.ValueOf(c)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	field := v.Elem().FieldByName("menu")
	if !field.IsValid() || !field.CanAddr() || field.Type() != reflect.TypeFor[fyne.CanvasObject]() {
		return nil
	}
	m, _ := reflect.NewAt(field.Type(), unsafe.Pointer(field.UnsafeAddr())).Elem().Interface().(fyne.CanvasObject)
	return m
}

// widgetRenderer is Fyne's own cache of widget renderers (what
// fyne.io/fyne/v2/test's WidgetRenderer returns), reached without that
// package, whose init replaces the current app with a test one: the
// end-to-end builds measure their real windows. A Fyne release that
// renames it fails to link, rather than measuring something else.
//
//go:linkname widgetRenderer fyne.io/fyne/v2/internal/cache.Renderer
func widgetRenderer(fyne.Widget) fyne.WidgetRenderer

type rect struct{ x1, y1, x2, y2 float32 }

func (r rect) and(s rect) rect {
	return rect{max(r.x1, s.x1), max(r.y1, s.y1), min(r.x2, s.x2), min(r.y2, s.y2)}
}

func (r rect) area() float32 {
	if r.x2 <= r.x1 || r.y2 <= r.y1 {
		return 0
	}
	return (r.x2 - r.x1) * (r.y2 - r.y1)
}

func walk(f *Frame, o fyne.CanvasObject, offset fyne.Position, clip rect, path []string, panel, owner string) {
	if o == nil || !o.Visible() {
		return
	}
	if !strings.HasPrefix(pkgPath(o), "fyne.io/") {
		owner = typeName(o)
		if panel == "" {
			panel = owner
		}
	}
	pos := o.Position().Add(offset)
	var children []fyne.CanvasObject
	var renderer fyne.WidgetRenderer
	switch co := o.(type) {
	case *fyne.Container:
		children = co.Objects
	case fyne.Widget:
		renderer = widgetRenderer(co)
		children = renderer.Objects()
	}
	size := o.Size()
	box := rect{pos.X, pos.Y, pos.X + size.Width, pos.Y + size.Height}
	_, scroll := o.(fyne.Scrollable)
	_, clips := renderer.(interface{ IsClip() })
	if scroll || clips {
		clip = clip.and(box)
	}
	paint(f, o, pos, box, clip, path, panel, owner)
	if len(children) == 0 {
		return
	}
	path = append(path, typeName(o))
	for _, child := range children {
		walk(f, child, pos, clip, path, panel, owner)
	}
}

func typeName(o fyne.CanvasObject) string {
	t := reflect.TypeOf(o)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}

func pkgPath(o fyne.CanvasObject) string {
	t := reflect.TypeOf(o)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath()
}

func transparent(c color.Color) bool { return c == color.Transparent || c == nil }

func noAlpha(c color.Color) bool {
	if c == nil {
		return true
	}
	_, _, _, a := c.RGBA()
	return a == 0
}

// paint adds the draw call the painter makes for o, if any.
func paint(f *Frame, o fyne.CanvasObject, pos fyne.Position, box, clip rect, path []string, panel, owner string) {
	// The painter's test: an object wholly outside the clip is not drawn.
	if pos.Y > clip.y2 || box.y2 < clip.y1 || pos.X > clip.x2 || box.x2 < clip.x1 {
		return
	}
	d := Draw{Obj: o, Path: strings.Join(path, "/"), Panel: panel, Owner: owner}
	switch o := o.(type) {
	case *canvas.Rectangle:
		stroke := !transparent(o.StrokeColor) && o.StrokeWidth != 0
		sh := o.Shadow
		shadow := !transparent(sh.Color) && (!sh.Offset.IsZero() || sh.BlurRadius > 0 || sh.Variant != canvas.DropShadow || sh.Spread > 0)
		if transparent(o.FillColor) && !stroke && !shadow {
			return
		}
		if shadow { // the painter's quad reaches as far as the shadow does
			reach := sh.BlurRadius + sh.Spread
			box.x1 -= max(0, reach-sh.Offset.X)
			box.x2 += max(0, reach+sh.Offset.X)
			box.y1 -= max(0, reach-sh.Offset.Y)
			box.y2 += max(0, reach+sh.Offset.Y)
		}
		d.Kind = "rectangle"
		if o.CornerRadius != 0 || o.TopLeftCornerRadius != 0 || o.TopRightCornerRadius != 0 || o.BottomLeftCornerRadius != 0 || o.BottomRightCornerRadius != 0 {
			d.Kind = "rounded rectangle"
		}
		d.Invisible = noAlpha(o.FillColor) && (!stroke || noAlpha(o.StrokeColor)) && (!shadow || noAlpha(sh.Color))
	case *canvas.Text:
		if o.Text == "" || o.Text == " " {
			return
		}
		d.Kind = "text"
		min := o.MinSize()
		box = rect{pos.X, pos.Y, pos.X + min.Width, pos.Y + min.Height}
	case *canvas.Image:
		d.Kind = "image"
	case *canvas.Raster:
		d.Kind = "raster"
	case *canvas.Line:
		// Counted as its box: nothing for a horizontal or vertical line,
		// whose few pixels the painter shades on a thin quad.
		if transparent(o.StrokeColor) || o.StrokeWidth == 0 {
			return
		}
		d.Kind = "line"
	case *canvas.Circle:
		d.Kind = "circle"
	case *canvas.LinearGradient, *canvas.RadialGradient:
		d.Kind = "gradient"
	case *canvas.Arc, *canvas.Ellipse, *canvas.Blur, *canvas.Shader,
		*canvas.ArbitraryPolygon, *canvas.RegularPolygon, *canvas.BezierCurve:
		d.Kind = typeName(o)
	default:
		return // containers, widgets, spacers: nothing drawn of their own
	}
	d.box = box.and(clip)
	d.Area = d.box.area()
	if d.Area > 0 {
		f.Draws = append(f.Draws, d)
	}
}
