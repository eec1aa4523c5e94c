package corpus

import "testing"

func TestIsDevelopment(t *testing.T) {
	for u, want := range map[string]bool{
		"":      true,  // e3b0…b855
		"a":     false, // ca97…48bb
		"abc":   false, // ba78…15ad
		"hello": true,  // 2cf2…9824
	} {
		if got := IsDevelopment(u); got != want {
			t.Errorf("IsDevelopment(%q) = %v, want %v", u, got, want)
		}
	}
}
