// Package textform holds the rules of the Newslooks text form that more
// than one reader applies: the header line and its byline fields, the
// Quick Looks title and bullets, section headings and the dateline. The
// text parser (package newslooks) applies them to lines, the page parser
// (package page) to the blocks of a web page; keeping them here means the
// two read an article the same way.
//
// The functions work on strings and return plain values, so that the
// package depends on nothing but the standard library.
package textform
