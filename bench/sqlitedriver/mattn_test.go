//go:build mattn

package sqlitedriver

import (
	"database/sql"

	_ "github.com/mattn/go-sqlite3" // registers "sqlite3": build with the ncruces driver's name cleared
)

func init() {
	drivers["mattn"] = func(path string) (*sql.DB, error) {
		return sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL&_cache_size=-32768&_txlock=immediate")
	}
}
