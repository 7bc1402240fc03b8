package personal

import (
	"bytes"
	"time"

	c "github.com/dredge-dev/dredge/classifiers"
)

// DateOfBirth: a calendar date labelled as a date of birth. Forms: ISO 8601
// YYYY-MM-DD (also with '/' or '.', and compact YYYYMMDD), MM/DD/YYYY and
// DD/MM/YYYY (also with '-' or '.', e.g. DD.MM.YYYY), "March 4, 1987",
// "4 March 1987", "4th of March 1987" and "04-MAR-1987". The date must exist
// in the Gregorian calendar (either reading of an ambiguous numeric date),
// its year must be 1900 or later, and it must not be in the future.
//
// A date alone says nothing about birth, so a keyword is required (dob,
// d.o.b., date of birth, birth date, birthdate, born, birthday, and a few
// other languages' labels) within a short distance, or a date-of-birth
// column / JSON key. The first pattern wants the label before the date with
// no digit in between ("DOB (mm/dd/yyyy): 03/04/1987", "dob": "..."); the
// second takes a date that starts a line or a CSV cell, for date-of-birth
// columns, so that in "DOB: 01/02/1980, admitted: 03/04/2020" only the
// first date is reported. A keyword labels the nearest date only
// (NearestKeyword): "dob: 1964-01-24" at the end of a log line does not
// make the next line's timestamp a date of birth, nor "dob,1980-01-01"
// the next cell's date; a header cell ("id,name,dob") still labels the
// first row's date within the distance. Known leak: in a CSV whose header
// names the DOB column less than 20 characters before a later date cell
// of the first row (and no date between), that date borrows the keyword.
var DateOfBirth = &c.Identifier{
	ID:          "DATE_OF_BIRTH",
	Category:    c.Personal,
	Description: "Date of birth",
	Patterns: []c.Pattern{
		{Regex: dobLabelled, Confidence: c.Medium, Trigger: c.Trigger{Keyword: true, Shapes: []string{`(?:^|[^0-9])(?:19|20)[0-9]{2}`}}},
		{Regex: dobCell, Confidence: c.Medium, Trigger: c.Trigger{Keyword: true, Shapes: []string{`(?:^|[^0-9])(?:19|20)[0-9]{2}`}}},
	},
	Keywords: []string{"dob", "d.o.b", "d.o.b.", "date of birth", "birth date", "birthdate", "born", "birthday",
		"birth day", "geburtsdatum", "date de naissance", "fecha de nacimiento", "data di nascita", "data de nascimento"},
	RequireKeyword: true,
	NearestKeyword: true,
	Distance:       dobDistance,
	Validate:       dobValid,
	Normalize:      dobNormalize,
	Severity:       c.Buckets(c.SeverityMedium, c.SeverityHigh, c.SeverityHigh),
}

const (
	dobDistance = 20
	dobMonth    = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`
	dobYear     = `(?:19|20)[0-9]{2}`
	dobDay      = `[0-9]{1,2}(?:st|nd|rd|th)?`
	dobDate     = dobYear + `-[0-9]{1,2}-[0-9]{1,2}|` + dobYear + `/[0-9]{1,2}/[0-9]{1,2}|` + dobYear + `\.[0-9]{1,2}\.[0-9]{1,2}|` +
		`[0-9]{1,2}/[0-9]{1,2}/` + dobYear + `|[0-9]{1,2}-[0-9]{1,2}-` + dobYear + `|[0-9]{1,2}\.[0-9]{1,2}\.` + dobYear + `|` +
		dobMonth + `\.?[ \t]{1,3}` + dobDay + `,?[ \t]{1,3}` + dobYear + `|` +
		dobDay + `[ \t]{1,3}(?:of[ \t]{1,3})?` + dobMonth + `\.?,?[ \t]{1,3}` + dobYear + `|` +
		`[0-9]{1,2}-` + dobMonth + `-` + dobYear + `|` +
		dobYear + `[01][0-9][0-3][0-9]`
	// A time may follow an ISO date (1987-03-04T00:00:00Z).
	dobEnd = `(?:T|\b)`
	// Label, then no digit for at most 20 characters, then the date.
	dobLabelled = `(?i)(?:d\.?o\.?b\.?|date[ _-]?of[ _-]?birth|birth[ _-]?date|birth[ _-]?day|born|geburtsdatum|date de naissance|fecha de nacimiento|data di nascita|data de nascimento)[^0-9\n]{0,20}(?P<v>` + dobDate + `)` + dobEnd
	// A date at a line start or in a CSV/TSV cell (possibly quoted), for
	// date-of-birth columns. Not after a quote or colon: in JSON and
	// key: value text the first pattern sees the key, and a compact record
	// {"dob":"1987-03-04","visit":"2020-01-01"} must not lend its keyword
	// to the next date.
	dobCell = `(?i)(?:(?m:^)|[,;\t|])[ \t]*"?(?P<v>` + dobDate + `)` + dobEnd
)

var dobMonths = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// dobParse returns the possible (year, month, day) readings of a matched
// date: one, or two for an ambiguous numeric DD/MM vs MM/DD date.
func dobParse(v []byte) (ys, ms, ds [2]int, n int) {
	var nums [3]int
	var lens [3]int
	k, month := 0, 0
	for i := 0; i < len(v); {
		ch := v[i]
		switch {
		case ch >= '0' && ch <= '9':
			j := i
			x := 0
			for j < len(v) && v[j] >= '0' && v[j] <= '9' {
				x = x*10 + int(v[j]-'0')
				j++
			}
			if k == 3 {
				return ys, ms, ds, 0
			}
			nums[k], lens[k] = x, j-i
			k++
			i = j
		case ch|0x20 >= 'a' && ch|0x20 <= 'z':
			j := i
			for j < len(v) && v[j]|0x20 >= 'a' && v[j]|0x20 <= 'z' {
				j++
			}
			w := bytes.ToLower(v[i:j])
			if len(w) >= 3 {
				for mi, m := range dobMonths {
					if bytes.HasPrefix(w, []byte(m)) {
						month = mi + 1
					}
				}
			}
			i = j
		default:
			i++
		}
	}
	add := func(y, m, d int) {
		ys[n], ms[n], ds[n] = y, m, d
		n++
	}
	switch {
	case month > 0 && k == 2: // day and year around a month name
		if lens[0] == 4 {
			add(nums[0], month, nums[1])
		} else {
			add(nums[1], month, nums[0])
		}
	case month == 0 && k == 1 && lens[0] == 8: // YYYYMMDD
		x := nums[0]
		add(x/10000, x/100%100, x%100)
	case month == 0 && k == 3 && lens[0] == 4:
		add(nums[0], nums[1], nums[2])
	case month == 0 && k == 3 && lens[2] == 4:
		add(nums[2], nums[0], nums[1]) // MM/DD/YYYY
		if nums[0] != nums[1] {
			add(nums[2], nums[1], nums[0]) // DD/MM/YYYY
		}
	}
	return ys, ms, ds, n
}

// dobReal reports whether y-m-d exists and is a plausible birth date:
// from 1900 up to today.
func dobReal(y, m, d int) bool {
	return y >= 1900 && dobCalendar(y, m, d) &&
		!time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).After(time.Now().UTC())
}

// dobCalendar reports whether y-m-d exists in the Gregorian calendar.
func dobCalendar(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d && int(t.Month()) == m
}

func dobValid(v []byte) bool {
	ys, ms, ds, n := dobParse(v)
	for i := 0; i < n; i++ {
		if dobReal(ys[i], ms[i], ds[i]) {
			return true
		}
	}
	return false
}

// dobNormalize writes an unambiguous date as YYYY-MM-DD so that all its
// spellings share a fingerprint; ambiguous ones keep their digits.
func dobNormalize(v []byte) []byte {
	ys, ms, ds, n := dobParse(v)
	valid := -1
	for i := 0; i < n; i++ {
		if dobReal(ys[i], ms[i], ds[i]) {
			if valid >= 0 {
				return c.Digits(v)
			}
			valid = i
		}
	}
	if valid < 0 {
		return c.Digits(v)
	}
	return []byte(time.Date(ys[valid], time.Month(ms[valid]), ds[valid], 0, 0, 0, 0, time.UTC).Format("2006-01-02"))
}
