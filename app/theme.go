package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

const (
	themeSystem = "system"
	themeLight  = "light"
	themeDark   = "dark"
)

func themeLabel(v string) string {
	switch v {
	case themeLight:
		return "Light"
	case themeDark:
		return "Dark"
	}
	return "Follow the System"
}

// variantTheme is Fyne's theme held at one variant, for the View ▸ Theme
// choice of light or dark whatever the system says.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

// Color returns the base theme's colour for the forced variant.
func (t *variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// themeFor returns the theme for a preference value.
func themeFor(v string) fyne.Theme {
	switch v {
	case themeLight:
		return &variantTheme{Theme: theme.DefaultTheme(), variant: theme.VariantLight}
	case themeDark:
		return &variantTheme{Theme: theme.DefaultTheme(), variant: theme.VariantDark}
	}
	return theme.DefaultTheme()
}

// setTheme applies and remembers the theme choice.
func (u *ui) setTheme(v string) {
	u.app.Preferences().SetString(prefTheme, v)
	u.app.Settings().SetTheme(themeFor(v))
	u.menu.showTheme(v)
	u.reader.setCodebook(u.cb, u.authors, u.coder)
	u.updateHint()
	if u.insp.p != nil {
		u.inspect(u.insp.p.ID, false)
	}
}
