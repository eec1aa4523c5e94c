package store

import (
	"strconv"
	"strings"
)

// A dialect holds what differs between the backends.
type dialect struct {
	migrations      [][]string
	hasVersionTable string
	// rebind turns ? placeholders into the backend's.
	rebind func(string) string
	// greatest is the function of the largest of its arguments;
	// forUpdate and skipLocked lock the rows a SELECT reads, where the
	// backend has row locks (SQLite's BEGIN IMMEDIATE locks it all).
	greatest, forUpdate, skipLocked string
	// jsonValues and jsonInts are subqueries of the strings and the
	// integers of a JSON array passed as one parameter.
	jsonValues, jsonInts string
}

var sqlite = &dialect{
	migrations:      sqliteMigrations,
	hasVersionTable: `SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`,
	rebind:          func(q string) string { return q },
	greatest:        "MAX",
	jsonValues:      "SELECT value FROM json_each(?)",
	jsonInts:        "SELECT value FROM json_each(?)",
}

var postgres = &dialect{
	migrations:      postgresMigrations,
	hasVersionTable: `SELECT to_regclass('schema_version') IS NOT NULL`,
	rebind:          dollarPlaceholders,
	greatest:        "GREATEST",
	forUpdate:       " FOR UPDATE",
	skipLocked:      " FOR UPDATE SKIP LOCKED",
	jsonValues:      "SELECT jsonb_array_elements_text(?::jsonb)",
	jsonInts:        "SELECT jsonb_array_elements_text(?::jsonb)::bigint",
}

// dollarPlaceholders numbers the ? of q as $1, $2, …; the queries of this
// package hold no ? in literals.
func dollarPlaceholders(q string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
