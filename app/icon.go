package app

import (
	"fyne.io/fyne/v2"

	"gloss/assets"
)

var appIcon = fyne.NewStaticResource("gloss.png", assets.Icon)

// iconResource is the app icon.
func iconResource() fyne.Resource { return appIcon }
