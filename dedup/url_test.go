package dedup

import (
	"errors"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com/a/b", "https://example.com/a/b"},
		{"HTTPS://Example.COM/a/b", "https://example.com/a/b"},
		{"  https://example.com/a  ", "https://example.com/a"},
		{"https://example.com:443/a", "https://example.com/a"},
		{"http://example.com:80/a", "http://example.com/a"},
		{"http://example.com:443/a", "http://example.com:443/a"},
		{"https://example.com:8443/a", "https://example.com:8443/a"},
		{"https://example.com./a", "https://example.com/a"},
		{"https://user:pw@example.com/a", "https://example.com/a"},
		{"https://example.com/a#comments", "https://example.com/a"},
		{"https://example.com", "https://example.com/"},
		{"https://example.com/", "https://example.com/"},
		{"https://example.com/world/story/", "https://example.com/world/story"},
		{"https://example.com/world/story//", "https://example.com/world/story"},
		{"https://example.com/a?utm_source=tw&utm_medium=social&id=7", "https://example.com/a?id=7"},
		{"https://example.com/a?UTM_Campaign=x", "https://example.com/a"},
		{"https://example.com/a?fbclid=IwAR0&gclid=1&mc_cid=2&mc_eid=3&igshid=4&ref_src=twsrc", "https://example.com/a"},
		{"https://example.com/a?b=2&a=1&c=0", "https://example.com/a?a=1&b=2&c=0"},
		{"https://example.com/a?a=2&a=1", "https://example.com/a?a=1&a=2"},
		{"https://example.com/a?amp&b=1", "https://example.com/a?amp&b=1"},
		{"https://example.com/a?x=a%20b&&y=", "https://example.com/a?x=a+b&y="},
		{"https://example.com/a?", "https://example.com/a"},
		{"https://example.com/Caps/Path", "https://example.com/Caps/Path"},
		{"https://example.com/caf%C3%A9", "https://example.com/caf%C3%A9"},
		{"https://bücher.de/a", "https://bücher.de/a"},
		{"https://BÜCHER.de/a", "https://bÜcher.de/a"},
		{"https://xn--bcher-kva.de/a", "https://xn--bcher-kva.de/a"},
		{"http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"},
		{"http://[2001:db8::1]/a", "http://[2001:db8::1]/a"},
		{"ftp://Example.com:21/x/", "ftp://example.com:21/x"},
	}
	for _, tt := range tests {
		got, err := CanonicalURL(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("CanonicalURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		// Canonical forms are fixed points.
		if again, err := CanonicalURL(got); err == nil && again != got {
			t.Errorf("CanonicalURL(%q) = %q: not a fixed point", got, again)
		}
	}
}

func TestCanonicalURLErrors(t *testing.T) {
	for _, in := range []string{"", "/relative/path", "example.com/a", "mailto:news@example.com", "https://", "http://exa mple.com/", "%zz"} {
		if got, err := CanonicalURL(in); !errors.Is(err, ErrBadURL) {
			t.Errorf("CanonicalURL(%q) = %q, %v; want ErrBadURL", in, got, err)
		}
	}
}

func FuzzCanonicalURL(f *testing.F) {
	f.Add("https://Example.com:443/a/?utm_source=x&b=2&a=1#f")
	f.Add("http://[::1]:80/?a&&b=%zz")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := CanonicalURL(in)
		if err != nil {
			return
		}
		again, err := CanonicalURL(got)
		if err != nil || again != got {
			t.Fatalf("%q -> %q -> %q, %v: not idempotent", in, got, again, err)
		}
	})
}
