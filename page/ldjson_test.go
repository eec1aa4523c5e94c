package page

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// FuzzDecodeJSON checks decodeJSON against json.Unmarshal into an any:
// the same value where it succeeds, an error where it fails.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Xi, Putin", "author": {"@type": "Person", "name": "J. Mansour"}}`,
		`[1, -0.5e+3, 0, true, false, null, [], {}, "", "a\"b\\c\/\b\f\n\r\t\u00e9\ud83d\ude00"]`,
		`"lone \ud800 surrogate \udc00 and \ud800\u0041"`, `"bad \x80 utf-8 é"`, `{"a":1,"a":2}`, ` 1 `, `01`, `1.`, `-`, `1e400`, `1e-400`,
		`[1,]`, `{"a":1,}`, `{"a" 1}`, `{1:2}`, "\"ctl\x01\"", `"\'"`, `"\u12G4"`, `tru`, `nulls`, `[`, `{`, `"`, ``, "\xff", `[[[[]]]]`,
		strings.Repeat("[", 10001) + strings.Repeat("]", 10001), strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want any
		wantErr := json.Unmarshal([]byte(s), &want)
		got, err := decodeJSON(s)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("decodeJSON(%q): error %v, json.Unmarshal: error %v", s, err, wantErr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeJSON(%q) = %#v, json.Unmarshal gives %#v", s, got, want)
		}
	})
}
