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
	// stored is a query of the values of column in table that equal an
	// element of a JSON array of strings (or, with ints, of integers)
	// passed as one parameter.
	stored func(table, column string, ints bool) string
}

var sqlite = &dialect{
	migrations:      sqliteMigrations,
	hasVersionTable: `SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`,
	rebind:          func(q string) string { return q },
	greatest:        "MAX",
	// A join that probes the table's index once per element, json_each
	// first (CROSS JOIN keeps that order): "column IN (SELECT value FROM
	// json_each(?))" would first copy the elements into a temporary
	// B-tree, which for a batch's 2,700 band keys cost more than the
	// probes.
	stored: func(table, column string, _ bool) string {
		return `SELECT t.` + column + ` FROM json_each(?) j CROSS JOIN ` + table + ` t ON t.` + column + ` = j.value`
	},
}

var postgres = &dialect{
	migrations:      postgresMigrations,
	hasVersionTable: `SELECT to_regclass('schema_version') IS NOT NULL`,
	rebind:          dollarPlaceholders,
	greatest:        "GREATEST",
	forUpdate:       " FOR UPDATE",
	skipLocked:      " FOR UPDATE SKIP LOCKED",
	stored: func(table, column string, ints bool) string {
		elems := "SELECT jsonb_array_elements_text(?::jsonb)"
		if ints {
			elems += "::bigint"
		}
		return `SELECT ` + column + ` FROM ` + table + ` WHERE ` + column + ` IN (` + elems + `)`
	},
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
