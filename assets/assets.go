// Package assets holds what ships inside the Gloss binary: the sample
// articles, the seed codebook and the app icon.
package assets

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
)

//go:embed samples/*.txt samples/samples.json codebook.json
var files embed.FS

// Sample is one of the articles that ship with Gloss, with its metadata.
type Sample struct {
	File      string `json:"file"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	Byline    string `json:"byline"`
	Published string `json:"published"`
	URL       string `json:"url"`
	Data      []byte `json:"-"`
}

// Samples returns the sample articles in their order.
func Samples() ([]Sample, error) {
	b, err := files.ReadFile("samples/samples.json")
	if err != nil {
		return nil, err
	}
	var ss []Sample
	if err := json.Unmarshal(b, &ss); err != nil {
		return nil, fmt.Errorf("samples.json: %w", err)
	}
	for i := range ss {
		if ss[i].Data, err = fs.ReadFile(files, "samples/"+ss[i].File); err != nil {
			return nil, fmt.Errorf("sample %s: %w", ss[i].File, err)
		}
	}
	return ss, nil
}

// Code is one code of the seed codebook.
type Code struct {
	Name        string `json:"name"`
	Color       string `json:"color"`
	Description string `json:"description"`
	Parent      string `json:"parent,omitempty"`
}

// Codebook returns the seed codebook in its order.
func Codebook() ([]Code, error) {
	b, err := files.ReadFile("codebook.json")
	if err != nil {
		return nil, err
	}
	var cs []Code
	if err := json.Unmarshal(b, &cs); err != nil {
		return nil, fmt.Errorf("codebook.json: %w", err)
	}
	return cs, nil
}
