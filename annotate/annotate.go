// Package annotate is Gloss's domain: documents, tags (the codebook), passages
// (highlighted ranges of a document with tags and a note) and the anchoring
// that ties a passage to its text. It imports only the standard library;
// storage, export and the app implement or use what it defines.
package annotate

import (
	"errors"
	"fmt"
)

// Error codes shared by every implementation of the services.
const (
	EINVALID  = "invalid"   // the request is malformed or breaks a rule
	ENOTFOUND = "not_found" // the thing asked for does not exist
	ECONFLICT = "conflict"  // the request clashes with existing data
	EINTERNAL = "internal"  // anything else
)

// Error is a domain error: a machine-readable code and a message for people.
type Error struct {
	Code    string
	Message string
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic message for other errors.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
