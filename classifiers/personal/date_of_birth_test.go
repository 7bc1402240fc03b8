package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestDateOfBirth(t *testing.T) {
	classifierstest.Run(t, DateOfBirth, []classifierstest.Case{
		{Text: "Patient John Roe, date of birth: March 4, 1987, seen today.", Want: []string{"March 4, 1987"}},
		{Text: "2024-05-01 INFO registered user 42 dob=1987-03-04 plan=gold", Want: []string{"1987-03-04"}},
		{Text: "id,name,dob\n7,Ana,04/03/1987\n", Want: []string{"04/03/1987"}},
		{Text: `{"birthDate": "1990-12-31T00:00:00Z"}`, Want: []string{"1990-12-31"}},
		{Text: "BIRTH_DATE=19870304", Want: []string{"19870304"}},
		{Text: "Born 4th of July 1976 in Ohio", Want: []string{"4th of July 1976"}},
		{Text: "D.O.B.: 31.12.1950", Want: []string{"31.12.1950"}},
		{Text: "Geburtsdatum: 29.02.2000", Want: []string{"29.02.2000"}},
		{Text: "DOB (mm/dd/yyyy): 12/25/1964", Want: []string{"12/25/1964"}},
		{Text: "birthday 04-MAR-1987", Want: []string{"04-MAR-1987"}},
		{Text: "1987-03-04", Keys: []string{"patient_dob"}, Want: []string{"1987-03-04"}},
		{Text: "DOB: 01/02/1980, admitted: 03/04/2020", Want: []string{"01/02/1980"}},
		{Text: "He was born in Springfield on 1987-03-04.", Want: []string{"1987-03-04"}},
		{Text: "id,name,dob,visit\n1,Ann Lee,1987-03-04,2020-01-01", Want: []string{"1987-03-04"}},
		{Text: "Name: John Roe, SSN: 536-22-8471, Passport: 488839667, DL: D1234567, DOB: 1987-03-04", Want: []string{"1987-03-04"}},
		{Text: `{"dob":"1987-03-04","visit":"2020-01-01"}`, Want: []string{"1987-03-04"}},
		{Text: "id,dob\n7,\"1987-03-04\"", Want: []string{"1987-03-04"}},
		// Not dates of birth.
		{Text: "Invoice date 2024-05-01, due 2024-06-01"},      // no keyword
		{Text: "dob: 1987-02-30 and date of birth 13/13/1987"}, // not calendar dates
		{Text: "dob: 1850-03-04"},                              // before 1900
		{Text: "date of birth: 2099-01-01"},                    // future
		{Text: "dob: 29.02.2001"},                              // not a leap year
		{Text: "born in 1987 in Ohio, order 1987-03-04-77"},
		{Text: "adobe build 2019-03-04"}, // keyword inside a word
		// A keyword labels the nearest date, not the next line's or cell's.
		{Text: "2026-07-10 INFO user updated dob: 1964-01-24\n2026-07-10T16:05:17Z INFO next", Want: []string{"1964-01-24"}},
		{Text: "dob,1980-01-01,2020-02-02", Want: []string{"1980-01-01"}},
		{Text: "dob: unknown\n2026-07-10T16:05:17Z INFO next"},
		{Text: "1987-03-04 (date of birth)", Want: []string{"1987-03-04"}},
	}, Identifiers...)
}
