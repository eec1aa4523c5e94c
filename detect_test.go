package newslooks

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDetect(t *testing.T) {
	utf16le := []byte{0xFF, 0xFE}
	for _, r := range "<!DOCTYPE html><html>" {
		utf16le = append(utf16le, byte(r), 0)
	}
	utf16be := []byte{0xFE, 0xFF}
	for _, r := range "<html>" {
		utf16be = append(utf16be, 0, byte(r))
	}
	for _, tc := range []struct {
		name   string
		prefix []byte
		want   Format
	}{
		{"doctype", []byte("<!DOCTYPE html>\n<html>"), FormatHTML},
		{"doctype in lower case", []byte("<!doctype html>"), FormatHTML},
		{"html", []byte("<html lang=\"en\">"), FormatHTML},
		{"head", []byte("<HEAD><title>x</title>"), FormatHTML},
		{"body", []byte("<body>"), FormatHTML},
		{"comment", []byte("<!-- saved page -->\n<html>"), FormatHTML},
		{"meta", []byte(`<meta charset="utf-8">`), FormatHTML},
		{"div", []byte("<div class=x>"), FormatHTML},
		{"p", []byte("<p>Hello</p>"), FormatHTML},
		{"a tag cut short", []byte("<html"), FormatHTML},
		{"byte-order mark and white space", []byte("\uFEFF \r\n\t<html>"), FormatHTML},
		{"XHTML", []byte(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<html xmlns="http://www.w3.org/1999/xhtml">`), FormatHTML},
		{"an XML feed", []byte(`<?xml version="1.0"?><rss version="2.0">`), FormatUnknown},
		{"UTF-16LE", utf16le, FormatHTML},
		{"UTF-16BE", utf16be, FormatHTML},
		{"header line", readSample(t)[:200], FormatText},
		{"header line after a byte-order mark and blank lines", append([]byte("\uFEFF\n\n"), readSample(t)...), FormatText},
		{"header line cut short", []byte("Harbor Tunnel Reopens/ Newslooks/ NEW YORK/ A. Reyes and P. Lin/ Evening Ed"), FormatText},
		{"prose", []byte("Just some prose.\nMore prose."), FormatUnknown},
		{"a stray line before the markup", []byte("Warning: headers already sent\n<!DOCTYPE html><html>"), FormatHTML},
		{"a less-than sign", []byte("<3 this story"), FormatUnknown},
		{"a slash after a tag name", []byte("<b/ c"), FormatHTML},
		{"JSON", []byte(`{"headline": "x"}`), FormatUnknown},
		{"empty", nil, FormatUnknown},
		{"white space", []byte(" \n\t"), FormatUnknown},
		{"lone <", []byte("<"), FormatUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Detect(tc.prefix))
		})
	}
}

func TestFormatString(t *testing.T) {
	assert.Equal(t, "unknown", FormatUnknown.String())
	assert.Equal(t, "text", FormatText.String())
	assert.Equal(t, "html", FormatHTML.String())
	assert.Equal(t, "unknown", Format(42).String())
}
