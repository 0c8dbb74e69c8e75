// Package rowrules adds to every SQLite connection the program opens the
// SQL functions, written in C, that the check of a file evaluates on the
// values of every row:
//
//   - gloss_bad_time(value, horizon) is 1 unless value is a time in the
//     form Gloss stores (text of the form 2006-01-02T15:04:05.000000Z, a
//     real date of the years 1 to 9999 and a time of the clock) no later
//     than horizon; it is 1 for NULL too;
//   - gloss_bad_id(value) is 1 unless value is a UUID in canonical
//     lower-case form, and NULL for NULL;
//   - gloss_compare_spans(side, tag_id, document_id, start_offset,
//     end_offset, passage_id, author_id), an aggregate, compares the rows
//     of side 1 with those of side 0 as grouping them by all six columns
//     would, and gives "missing extra same" (see rowrules.c), or NULL when
//     a value is neither text nor an integer;
//   - gloss_quotes_match(document_id, start_offset, end_offset, quote, id),
//     an aggregate over the live passages, reads the documents itself and
//     is 1 when every quote is its document's text at its range as the
//     check in Go has it, 0 when one may not be (see rowrules.c);
//   - gloss_compare_span_tables() gives what gloss_compare_spans gives over
//     tag_spans and the live tag applications, reading the tables itself
//     and merging the live passages with their tags in key order, or NULL
//     when the merge cannot stand for the join (see rowrules.c);
//   - gloss_tags_passages_found() is 1 when every passage_tags row names a
//     passage of the file, by a merge of both tables in key order, and 0
//     when one is not found or the merge cannot tell.
//
// The first three are deterministic and innocuous; the others, which read
// the file's tables, may be called only from SQL the program runs itself,
// never from a file's schema. The package also tells SQLite
// not to count the memory it holds, which would serialise every
// allocation of every connection behind one mutex. The package uses the SQLite that
// github.com/mattn/go-sqlite3 compiles into the program; importing it is
// what registers the functions, for every connection opened after the
// program starts.
package rowrules

/*
#include "rowrules.h"
*/
import "C"

import (
	"fmt"

	_ "github.com/mattn/go-sqlite3" // the SQLite whose functions rowrules.c calls
)

// err is why the functions could not be registered, or nil.
var err error

func init() {
	if rc := C.glossRegisterRowRules(); rc != 0 {
		err = fmt.Errorf("the check's SQL functions could not be added to SQLite (error code %d)", int(rc))
	}
}

// Err returns nil when every connection opened from now on has the
// functions, or the reason it has not.
func Err() error {
	return err
}

// memoryUsed is SQLite's count of the memory it holds, which stays 0 as
// long as it does not count (see glossRegisterRowRules).
func memoryUsed() int64 {
	return int64(C.glossMemoryUsed())
}
