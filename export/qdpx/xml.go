// Package qdpx writes and reads the REFI-QDA exchange formats shared by
// NVivo, ATLAS.ti, MAXQDA, QualCoder and others (https://www.qdasoftware.org):
// the project (.qdpx, a zip of project.qde and the sources' texts) and the
// codebook (.qdc). Gloss documents are TextSources, tags are Codes, passages
// are PlainTextSelections with a Coding per tag, notes are Notes.
package qdpx

import (
	"encoding/xml"
)

// Namespaces of the REFI-QDA 1.0 schemas.
const (
	ProjectNamespace  = "urn:QDA-XML:project:1.0"
	CodebookNamespace = "urn:QDA-XML:codebook:1.0"
)

// The element types below follow Project.xsd and Codebook.xsd: field order
// is the schemas' element order. Struct tags carry no namespace so that
// reading accepts files that use another prefix or none; writing puts the
// namespace on the root element, which its children inherit.

type xProject struct {
	XMLName           xml.Name
	Name              string            `xml:"name,attr"`
	Origin            string            `xml:"origin,attr,omitempty"`
	CreatingUserGUID  string            `xml:"creatingUserGUID,attr,omitempty"`
	CreationDateTime  string            `xml:"creationDateTime,attr,omitempty"`
	ModifyingUserGUID string            `xml:"modifyingUserGUID,attr,omitempty"`
	ModifiedDateTime  string            `xml:"modifiedDateTime,attr,omitempty"`
	Users             *xUsers           `xml:"Users"`
	CodeBook          *xProjectCodeBook `xml:"CodeBook"`
	Variables         *xVariables       `xml:"Variables"`
	Cases             *xCases           `xml:"Cases"`
	Sources           *xSources         `xml:"Sources"`
	Notes             *xNotes           `xml:"Notes"`
	Links             *xLinks           `xml:"Links"`
	Sets              *xSets            `xml:"Sets"`
	Graphs            *xGraphs          `xml:"Graphs"`
	Description       string            `xml:"Description,omitempty"`
	NoteRef           []xRef            `xml:"NoteRef"`
}

// Parts of a project Gloss has no place for, read to say so.
type (
	xCases struct {
		Case []xOther `xml:"Case"`
	}
	xLinks struct {
		Link []xLink `xml:"Link"`
	}
	// xLink relates two things by GUID; NVivo links a selection to the
	// Note that holds its annotation this way.
	xLink struct {
		GUID       string `xml:"guid,attr"`
		Name       string `xml:"name,attr"`
		OriginGUID string `xml:"originGUID,attr"`
		TargetGUID string `xml:"targetGUID,attr"`
	}
	xSets struct {
		Set []xSet `xml:"Set"`
	}
	xGraphs struct {
		Graph []xOther `xml:"Graph"`
	}
)

// xSet is a set of codes, sources or notes (MAXQDA's document and code
// sets, ATLAS.ti's groups). Codebook sets name their members by guid,
// project sets by targetGUID.
type xSet struct {
	GUID         string `xml:"guid,attr"`
	Name         string `xml:"name,attr"`
	Description  string `xml:"Description,omitempty"`
	MemberCode   []xRef `xml:"MemberCode"`
	MemberSource []xRef `xml:"MemberSource"`
	MemberNote   []xRef `xml:"MemberNote"`
}

type xUsers struct {
	User []xUser `xml:"User"`
}

type xUser struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
	ID   string `xml:"id,attr,omitempty"`
}

// xProjectCodeBook is the project's CodeBook element.
type xProjectCodeBook struct {
	Codes *xCodes `xml:"Codes"`
}

// xCodeBook is the root of a .qdc file.
type xCodeBook struct {
	XMLName xml.Name
	Origin  string  `xml:"origin,attr,omitempty"`
	Codes   *xCodes `xml:"Codes"`
	Sets    *xSets  `xml:"Sets"`
}

type xCodes struct {
	Code []xCode `xml:"Code"`
}

type xCode struct {
	GUID        string  `xml:"guid,attr"`
	Name        string  `xml:"name,attr"`
	IsCodable   string  `xml:"isCodable,attr"`
	Color       string  `xml:"color,attr,omitempty"`
	Description string  `xml:"Description,omitempty"`
	NoteRef     []xRef  `xml:"NoteRef"`
	Code        []xCode `xml:"Code"`
}

type xVariables struct {
	Variable []xVariable `xml:"Variable"`
}

type xVariable struct {
	GUID           string `xml:"guid,attr"`
	Name           string `xml:"name,attr"`
	TypeOfVariable string `xml:"typeOfVariable,attr"`
	Description    string `xml:"Description,omitempty"`
}

type xVariableValue struct {
	VariableRef   xRef    `xml:"VariableRef"`
	TextValue     *string `xml:"TextValue"`
	BooleanValue  *string `xml:"BooleanValue"`
	IntegerValue  *string `xml:"IntegerValue"`
	FloatValue    *string `xml:"FloatValue"`
	DateValue     *string `xml:"DateValue"`
	DateTimeValue *string `xml:"DateTimeValue"`
}

// value returns whichever value the element holds, as text.
func (v xVariableValue) value() string {
	for _, s := range []*string{v.TextValue, v.DateValue, v.DateTimeValue, v.IntegerValue, v.FloatValue, v.BooleanValue} {
		if s != nil {
			return *s
		}
	}
	return ""
}

type xSources struct {
	TextSource    []xTextSource `xml:"TextSource"`
	PictureSource []xOther      `xml:"PictureSource"`
	PDFSource     []xOther      `xml:"PDFSource"`
	AudioSource   []xOther      `xml:"AudioSource"`
	VideoSource   []xOther      `xml:"VideoSource"`
}

// xOther is a source of a kind Gloss does not import, read for its name.
type xOther struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr"`
}

// xTextSource is a TextSource and, in Notes, a Note (the same type).
type xTextSource struct {
	GUID             string           `xml:"guid,attr"`
	Name             string           `xml:"name,attr,omitempty"`
	RichTextPath     string           `xml:"richTextPath,attr,omitempty"`
	PlainTextPath    string           `xml:"plainTextPath,attr,omitempty"`
	CreatingUser     string           `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string           `xml:"creationDateTime,attr,omitempty"`
	ModifyingUser    string           `xml:"modifyingUser,attr,omitempty"`
	ModifiedDateTime string           `xml:"modifiedDateTime,attr,omitempty"`
	Description      string           `xml:"Description,omitempty"`
	PlainTextContent *string          `xml:"PlainTextContent"`
	Selection        []xSelection     `xml:"PlainTextSelection"`
	Coding           []xCoding        `xml:"Coding"`
	NoteRef          []xRef           `xml:"NoteRef"`
	VariableValue    []xVariableValue `xml:"VariableValue"`
}

type xSelection struct {
	GUID             string    `xml:"guid,attr"`
	Name             string    `xml:"name,attr,omitempty"`
	StartPosition    string    `xml:"startPosition,attr"`
	EndPosition      string    `xml:"endPosition,attr"`
	CreatingUser     string    `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string    `xml:"creationDateTime,attr,omitempty"`
	ModifyingUser    string    `xml:"modifyingUser,attr,omitempty"`
	ModifiedDateTime string    `xml:"modifiedDateTime,attr,omitempty"`
	Description      string    `xml:"Description,omitempty"`
	Coding           []xCoding `xml:"Coding"`
	NoteRef          []xRef    `xml:"NoteRef"`
}

type xCoding struct {
	GUID             string `xml:"guid,attr"`
	CreatingUser     string `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string `xml:"creationDateTime,attr,omitempty"`
	CodeRef          xRef   `xml:"CodeRef"`
	NoteRef          []xRef `xml:"NoteRef"`
}

type xNotes struct {
	Note []xTextSource `xml:"Note"`
}

type xRef struct {
	TargetGUID string `xml:"targetGUID,attr"`
	GUID       string `xml:"guid,attr,omitempty"` // a codebook set's MemberCode
}

// target returns the GUID a reference names.
func (r xRef) target() string {
	if r.TargetGUID != "" {
		return r.TargetGUID
	}
	return r.GUID
}
