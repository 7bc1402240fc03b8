package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestPhoneNumber(t *testing.T) {
	classifierstest.Run(t, PhoneNumber, []classifierstest.Case{
		{Text: "Telephone: 0161 383 2485", Want: []string{"0161 383 2485"}},
		{Text: "ref 0161 383 2485 filed"},
		{Text: "invalid NHS number (bad check digit): 612 907 1526"},
		{Text: "phone 612 907 1526", Want: []string{"612 907 1526"}},
		{Text: "Call me at (212) 555-0199 tomorrow.", Want: []string{"(212) 555-0199"}},
		{Text: "2024-05-01 12:00:01 WARN sms to +1 415 867 5309 failed", Want: []string{"+1 415 867 5309"}},
		{Text: "id,name,phone\n3,Ann,646.555.0134\n", Want: []string{"646.555.0134"}},
		{Text: `{"mobile": "+442079460958"}`, Want: []string{"+442079460958"}},
		{Text: "SUPPORT_LINE=1-800-275-2273", Want: []string{"1-800-275-2273"}},
		{Text: "office +44 20 7946 0958, Berlin +49 (0)30 123456", Want: []string{"+44 20 7946 0958", "+49 (0)30 123456"}},
		{Text: "Paris: +33 1 42 68 53 00", Want: []string{"+33 1 42 68 53 00"}},
		{Text: "212-555-0199,646-555-0123", Want: []string{"212-555-0199", "646-555-0123"}},
		{Text: "tel 312 555 0147 ext", Want: []string{"312 555 0147"}},
		{Text: "phone: 2125550199", Want: []string{"2125550199"}},
		{Text: "2125550199", Keys: []string{"cell_phone"}, Want: []string{"2125550199"}},
		{Text: "ring +1 (212) 555-0199x42 now", Want: []string{"+1 (212) 555-0199"}},
		{Text: "Moscow +7 495 123-45-67", Want: []string{"+7 495 123-45-67"}},
		// Not phone numbers.
		{Text: "diff +25000000 and +2234567 rows"},                 // signed counts
		{Text: "order 2125550199 shipped"},                         // bare digits, no keyword
		{Text: "card 4111 1111 1111 1111 and 4111-1111-1111-1111"}, // card
		{Text: "SSN 536-22-8471 and date 2024-05-01 and 05/01/2024"},
		{Text: "host 192.168.100.200 version 10.15.7.1234"},
		{Text: "ts 2024-05-01T10:30:00+05:30 and 2024-05-01T10:30:00+0000"},
		{Text: "call 123-456-7890 or 212-155-0199"},     // area 1xx, exchange 1xx
		{Text: "tel 911-555-0199 and 212-911-0199"},     // N11 codes
		{Text: "coordinates +40.712776,-74.005974"},     // signed decimals
		{Text: "ref 5-212-555-0199 and 212-555-0199-7"}, // longer dash chains
		{Text: "call 222-222-2222"},                     // placeholder
		{Text: "phone +1 123 456 7890"},                 // +1 with invalid NANP area
		{Text: "isbn 978-0-306-40615-7 build 1.2.3.4567890"},
	}, Identifiers...)
}
