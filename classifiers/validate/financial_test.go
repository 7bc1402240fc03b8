package validate

import "testing"

func TestCreditCard(t *testing.T) {
	check(t, CreditCard,
		[]string{
			// Public test numbers published by payment processors.
			"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111",
			"4012888888881881", "4222222222222", "4000056655665556",
			"5555555555554444", "5105105105105100", "2223003122003222", "5200828282828210",
			"378282246310005", "3782 822463 10005", "371449635398431",
			"6011111111111117", "6011000990139424",
			"3530111333300000", "3566002020360505",
			"30569309025904", "38520000023237", "36227206271667",
			"6200000000000005", "6205500000000000004",
			"6759649826438453",
			// Generated with the Luhn algorithm for each IIN range/length.
			"4526018159087", "4909960308246281946", "2720862527601890",
			"6011276842684656328", "6441223307924409", "64926859952890784",
			"6566661760313728", "6221261590109284", "6229251590139624592",
			"3589154728038528088", "3058539336338753", "3907511637265167613",
			"501848395486", "5020620579865", "5038828288072902220",
			"5893791805888719", "630480334018780177", "675959898346",
			"6761788783848373", "6763261675136134129",
		},
		[]string{
			"4111111111111112", "5555555555554445", "378282246310006",
			"41111111111", "41111111111111111111", "4111111111111111a", "",
			// Luhn-valid but outside any IIN range, or wrong length for it.
			"452427316723269", "518656355150586", "27207706589481130",
			"2721114402426467", "3428897514026142", "1014193141705868",
			"7492083124023447", "3527834782450407", "3590008838737164",
			"30678684335323", "5019650201462017", "6012684934072244",
			"622704558536", "5604352056174836", "9380141269060441",
			"79927398713",
		})
}

func TestCardBrand(t *testing.T) {
	cases := map[string]string{
		"4111111111111111":    BrandVisa,
		"4526018159087":       BrandVisa,
		"4909960308246281946": BrandVisa,
		"5555 5555 5555 4444": BrandMastercard,
		"2223003122003222":    BrandMastercard,
		"2720862527601890":    BrandMastercard,
		"378282246310005":     BrandAmex,
		"345559797114716":     BrandAmex,
		"6011111111111117":    BrandDiscover,
		"6441223307924409":    BrandDiscover,
		"6566661760313728":    BrandDiscover,
		"6221261590109284":    BrandDiscover,
		"3530111333300000":    BrandJCB,
		"3589154728038528088": BrandJCB,
		"30569309025904":      BrandDiners,
		"36227206271667":      BrandDiners,
		"3907511637265167613": BrandDiners,
		"6200000000000005":    BrandUnionPay,
		"6222202972997523":    BrandDiscover, // co-branded range 622126-622925
		"6205500000000000004": BrandUnionPay,
		"6250882001826330439": BrandUnionPay,
		"6759649826438453":    BrandMaestro,
		"501848395486":        BrandMaestro,
		"5893791805888719":    BrandMaestro,
		"4111111111111112":    BrandVisa, // brand does not need the check digit
		"452427316723269":     "",        // Visa prefix, 15 digits
		"3428897514026142":    "",        // Amex prefix, 16 digits
		"1014193141705868":    "",
		"41111111111":         "",
		"abc":                 "",
	}
	for in, want := range cases {
		if got := CardBrand([]byte(in)); got != want {
			t.Errorf("CardBrand(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCardExpiration(t *testing.T) {
	check(t, CardExpiration,
		[]string{"12/25", "01/2030", "09-27", "11-1999", "12 / 25", "06/99", "10/00", " 03/2099 ", "04/1990"},
		[]string{"13/25", "00/25", "1/25", "12/1989", "12/2100", "12/250", "12.25", "12/2a", "1225", "12/", "/25", "12//25", "ab/cd"})
}

func TestCVV(t *testing.T) {
	check(t, CVV,
		[]string{"123", "1234", "000", " 737 "},
		[]string{"12", "12345", "12a", "", "   ", "1 23", "-123"})
}

func TestIBAN(t *testing.T) {
	check(t, IBAN,
		[]string{
			// Examples from the SWIFT IBAN Registry.
			"DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "de89 3704 0044 0532 0130 00",
			"GB29NWBK60161331926819", "GB29 NWBK 6016 1331 9268 19",
			"FR1420041010050500013M02606", "NL91ABNA0417164300", "BE68539007547034",
			"CH9300762011623852957", "NO9386011117947", "IT60X0542811101000000123456",
			"ES9121000418450200051332", "AT611904300234573201", "PL61109010140000071219812874",
			"LC55HEMM000100010012001200023015", "RU0204452560040702810412345678901",
			"MT84MALT011000012345MTLCAST001S", "SE4550000000058398257466",
			"AE070331234567890123456", "BR1800360305000010009795493C1",
			"GR16 0110 1250 0000 0001 2300 695", "SO211000001001000100141",
			// Check digits computed with ISO 7064 MOD 97-10.
			"HN09HNBA00000000000000123456", "OM610180000000012345678",
			"YE15CBYE0001018861234567891234", "XK051212012345678906",
			"BI5210001001000100003320451",
			"DE98370400440532000034", "DE02370400440532000016", "DE97370400440532000052",
		},
		[]string{
			"DE89370400440532013001", "DE88370400440532013000", "GB29NWBK60161331926818",
			"DE8937040044053201300", "DE893704004405320130000", // wrong length for DE
			"XX89370400440532013000", "US64SVBKUS6S3300958879", // not in the registry
			"DE01370400440532000034", "DE99370400440532000016", "DE00370400440532000052", // check digits outside 02-98
			"DE89 3704 0044 0532 0130 0!", "", "DE", "DEXX370400440532013000",
			"NO9386011117947NO9386011117947NO93",
		})
}

func TestABARouting(t *testing.T) {
	check(t, ABARouting,
		[]string{
			"011000015", "021000021", "121000358", "111000025", "322271627",
			"026009593", "061000052", "071000013", "091000019", "011 000 015",
			"801234567", // routing symbol 80 (traveler's checks)
		},
		[]string{
			"011000016", "021000022",
			// Check digit valid but routing symbol outside 00-12, 21-32, 61-72, 80.
			"131000005", "331000009", "201000003", "731000007", "811000008", "901000002",
			"000000000", "01100001", "0110000155", "01100001a", "",
		})
}

func TestSWIFT(t *testing.T) {
	check(t, SWIFT,
		[]string{"DEUTDEFF", "DEUTDEFF500", "NWBKGB2L", "BOFAUS3N", "CHASUS33XXX", "COBADEFFXXX", "DEUT DE FF", "BNPAFRPPXXX", "UBSWCHZH80A", "BKKBXKPR"},
		[]string{"DEUTXXFF", "DEUTAAFF", "DEUTDEF", "DEUTDEFF5", "DEUTDEFF5000", "deutdeff", "DEU1DEFF", "DEUTD1FF", "DEUTDEF_", "DEUTDEFF50_", "", "DEUTDEFFXXXX"})
	if n := len(iso3166) / 2; n != 250 {
		t.Errorf("ISO 3166 table has %d codes, want 249 + XK", n)
	}
	for i := 0; i+2 <= len(iso3166); i += 2 {
		if i > 0 && iso3166[i-2:i] >= iso3166[i:i+2] {
			t.Errorf("ISO 3166 table not sorted/unique at %s", iso3166[i:i+2])
		}
	}
	if n := len(ibanLengths) / 4; n != 89 {
		t.Errorf("IBAN table has %d countries", n)
	}
	for i := 0; i+4 <= len(ibanLengths); i += 4 {
		if countryCodes.get(ibanLengths[i], ibanLengths[i+1]) == 0 {
			t.Errorf("IBAN country %s is not an ISO 3166 code", ibanLengths[i:i+2])
		}
	}
}
