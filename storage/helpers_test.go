package storage_test

import (
	"database/sql"
	"fmt"

	_ "github.com/mattn/go-sqlite3"
)

// setUserVersion rewrites a file's schema version behind Gloss's back.
func setUserVersion(path string, v int) error {
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(fmt.Sprintf("PRAGMA user_version = %d", v))
	return err
}
