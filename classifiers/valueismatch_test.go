package classifiers

import "testing"

func TestValueIsMatch(t *testing.T) {
	for expr, want := range map[string]bool{
		`\b(?P<v>\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4})\b`: true,
		`(?P<v>eyJ[A-Za-z0-9_-]{10,})`:                   true,
		`(?m)^(?P<v>[a-z]+)$`:                            true,
		`(?i)\b(?P<v>[a-z]{2} ?\d{2})\b`:                 true,
		`(?:^|[^0-9])(?P<v>\d{9})\b`:                     false,
		`x(?P<v>\d)`:                                     false,
		`\b(?P<v>\d)(\d)`:                                false,
		`a|(?P<v>b)`:                                     false,
		`\b(?P<w>\d)\b`:                                  false,
		`\d+`:                                            false,
	} {
		if got := valueIsMatch(expr); got != want {
			t.Errorf("valueIsMatch(%q) = %v, want %v", expr, got, want)
		}
	}
}
