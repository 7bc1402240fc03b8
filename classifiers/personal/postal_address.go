package personal

import (
	"strings"

	c "github.com/dredge-dev/dredge/classifiers"
)

// Street suffixes: the primary street suffix names of USPS Publication 28
// (Postal Addressing Standards), appendix C1, with the common UK
// thoroughfare words, and the usual abbreviations (which may take a
// period).
var (
	addrSuffixWords = strings.Fields(`Alley Annex Arcade Avenue Bayou Beach Bend Bluff Bluffs Bottom Boulevard
	Branch Bridge Brook Brooks Burg Burgs Bypass Camp Canyon Cape Causeway Center Centers Circle Circles Cliff
	Cliffs Club Common Commons Corner Corners Course Court Courts Cove Coves Creek Crescent Crest Crossing
	Crossroad Crossroads Curve Dale Dam Divide Drive Drives Estate Estates Expressway Extension Extensions Fall
	Falls Ferry Field Fields Flat Flats Ford Fords Forest Forge Forges Fork Forks Fort Freeway Garden Gardens
	Gateway Glen Glens Green Greens Grove Groves Harbor Harbors Haven Heights Highway Hill Hills Hollow Inlet
	Island Islands Isle Junction Junctions Key Keys Knoll Knolls Lake Lakes Land Landing Lane Light Lights Loaf
	Lock Locks Lodge Loop Mall Manor Manors Meadow Meadows Mews Mill Mills Mission Motorway Mount Mountain
	Mountains Neck Orchard Oval Overpass Park Parks Parkway Parkways Pass Passage Path Pike Pine Pines Place
	Plain Plains Plaza Point Points Port Ports Prairie Radial Ramp Ranch Rapid Rapids Rest Ridge Ridges River
	Road Roads Route Row Rue Run Shoal Shoals Shore Shores Skyway Spring Springs Spur Spurs Square Squares
	Station Stravenue Stream Street Streets Summit Terrace Throughway Trace Track Trafficway Trail Trailer
	Tunnel Turnpike Underpass Union Unions Valley Valleys Viaduct View Views Village Villages Ville Vista Walk
	Walks Wall Way Ways Well Wells
	Close Rise Parade Vale Gate Wharf Embankment Quay Grange Yard Approach Broadway`)
	addrSuffixAbbrs = strings.Fields(`St Ave Av Rd Blvd Ln Dr Ct Pl Ter Terr Pkwy Cir Hwy Sq Trl Aly Cres Gdns
	Plz Expy Fwy Tpke Xing Hts Ctr Crk Cv Cyn Est Ests Ext Fls Frk Gdn Grn Grv Hbr Holw Jct Knl Lk Lks Lndg Mdw
	Mdws Mnr Mtn Orch Pt Pts Prt Rdg Rte Shr Spg Spgs Sta Sts Smt Trce Vly Vlg Vw Vis Wy Bnd Brg Brk Byp Cswy
	Crst Cmn Crse Rnch Riv`)
	addrSuffixes = append(append([]string(nil), addrSuffixWords...), addrSuffixAbbrs...)
	// addrSuffixRe is the suffix alternation: words, then abbreviations
	// with an optional period.
	addrSuffixRe = `(?:` + addrAlt(addrSuffixWords) + `\b|` + addrAlt(addrSuffixAbbrs) + `\b\.?)`
)

// US state, district and territory codes (USPS).
var addrStates = strings.Fields(`AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT
	NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR VI GU AS MP AA AE AP`)

var addrStateNames = []string{"Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado",
	"Connecticut", "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas",
	"Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi",
	"Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
	"North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
	"South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
	"West Virginia", "Wisconsin", "Wyoming", "District of Columbia", "Puerto Rico"}

var (
	addrSuffixSet = func() map[string]bool {
		m := map[string]bool{}
		for _, s := range addrSuffixes {
			m[strings.ToUpper(s)] = true
		}
		for _, s := range strings.Fields(`APT APARTMENT SUITE STE UNIT FL FLOOR RM ROOM BLDG BUILDING FLAT
			PO P O BOX POB POST OFFICE N S E W NE NW SE SW NORTH SOUTH EAST WEST`) {
			m[s] = true
		}
		return m
	}()
	addrStateSet = nameWordSet(strings.Join(addrStates, " "))
)

// addrAlt is an alternation of words in title case and in capitals.
func addrAlt(words []string) string {
	var forms []string
	for _, w := range words {
		forms = append(forms, w)
		if u := strings.ToUpper(w); u != w {
			forms = append(forms, u)
		}
	}
	return "(?:" + strings.Join(forms, "|") + ")"
}

var (
	// addrHouseRe: 1600, 221B, 12-14, 0487 (all zeros is refused).
	addrHouseRe = `[0-9]{1,6}(?:-[0-9]{1,5})?[A-Za-z]?`
	// addrWordRe: a word of a street name: Pennsylvania, O'Farrell, Jr., 5th.
	addrWordRe = `(?:[A-Z][A-Za-z'-]{0,24}\.?|[1-9][0-9]{0,2}(?:st|nd|rd|th|ST|ND|RD|TH))`
	// addrStreetRe: house number, one to five words, suffix, direction, unit.
	addrStreetRe = addrHouseRe + `[ ]` + addrWordRe + `(?:[ ]` + addrWordRe + `){0,4}[ ]` + addrSuffixRe +
		`(?:[ ](?:N|S|E|W|NE|NW|SE|SW)\b\.?)?` +
		`(?:,?[ ](?:(?:Apt|APT|Apartment|Suite|SUITE|Ste|STE|Unit|UNIT|Fl|FL|Floor|Rm|Room|Bldg|Building|Lot|Spc|` +
		`Space|Dept|Ofc|Office|#)\.?[ ]?#?[A-Za-z0-9-]{1,6}\b|[1-9][0-9]?(?:st|nd|rd|th)[ ]Floor))?`
	// addrStreetNoSuffixRe: house number and one to four words (1600 Broadway).
	addrStreetNoSuffixRe = addrHouseRe + `[ ]` + addrWordRe + `(?:[ ]` + addrWordRe + `){0,3}`
	// Separators between the parts: a comma or a space on one line (CSV
	// and TSV cells too), or a line break.
	addrSepRe   = `(?:"?[ \t]*[,\t][ \t]*"?|[ ])`
	addrSepNLRe = `(?:"?[ \t]*[,\t][ \t]*"?|[ ]|[ \t]*,?[ \t]*\r?\n[ \t]*)`
	addrCityRe  = `[A-Z][A-Za-z.'-]{1,24}(?:[ ][A-Z][A-Za-z.'-]{1,24}){0,3}`
	addrStateRe = `(?:` + strings.Join(addrStates, "|") + `|` + strings.Join(addrStateNames, "|") + `)`
	addrZIPRe   = `[0-9]{5}(?:-[0-9]{4})?`
	// addrUSTailRe: city, state and ZIP code (the ZIP may be left out).
	addrUSTailRe = addrCityRe + addrSepRe + addrStateRe + `(?:` + addrSepRe + `{1,2}` + addrZIPRe + `)?\b`
	// UK postcode (BS 7666 / Royal Mail format): SW1A 2AA, NW1 6XE, M1 1AE.
	addrUKPostcodeRe = `(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])[ ]?[0-9][ABD-HJLNP-UW-Z]{2})\b`
	addrUKTownRe     = `[A-Z][A-Za-z'-]{1,24}(?:[ ](?:upon|on|under|in|le)?[ ]?[A-Z][A-Za-z'-]{1,24}){0,2}`
	addrPOBoxRe      = `(?i:p\.?[ ]?o\.?[ ]?box|post[ ]office[ ]box)[ ]?#?[0-9]{1,6}\b`
	// Trigger shape: a house number starting a word, the first word of
	// the street, then another word (or the suffix) or a comma.
	addrHouseShape = `(?:^|[^0-9A-Za-z_])` + addrHouseRe + `[ ]` + addrWordRe + `(?:[ ](?:[A-Z]|[1-9])|[ ]?,)`
	// addrStreetShape: the whole street part (house number, words,
	// suffix), which every street pattern's match holds. Long, so it is
	// the second shape: checked only on the lines where addrHouseShape
	// holds.
	addrStreetShape = addrStreetNoSuffixShape + addrSuffixRe
	// The street part up to its suffix (\b is ignored in a shape).
	addrStreetNoSuffixShape = addrHouseRe + `[ ]` + addrWordRe + `(?:[ ]` + addrWordRe + `){0,4}[ ]`
)

// PostalAddress: a street address.
//
//   - US: house number, street name and suffix (USPS Publication 28
//     suffixes), optional unit, then city, state (USPS code or name) and an
//     optional ZIP or ZIP+4, on one line, across CSV cells, or on the next
//     line (Medium);
//   - UK: house number, street and suffix, town, and a postcode in the Royal
//     Mail / BS 7666 format (Medium);
//   - "1600 Broadway, New York, NY 10019": no suffix, but city, state and
//     ZIP (Medium);
//   - a street line alone ("12 Main St", "PO Box 42") is Low: it needs an
//     address keyword or an address column/key to be reported.
//
// Placeholder addresses (Anytown), ZIP 00000 and look-alikes such as "2 TB
// Hard Drive" or "Supreme Court" are rejected.
var PostalAddress = &c.Identifier{
	ID:          "POSTAL_ADDRESS",
	Category:    c.Personal,
	Description: "Postal address (street address, US or UK)",
	Patterns: []c.Pattern{
		// US street, city, state, ZIP.
		{Regex: `\b(?P<v>` + addrStreetRe + addrSepNLRe + addrUSTailRe + `)`, Confidence: c.Medium,
			Trigger: c.Trigger{Shapes: []string{addrHouseShape, addrStreetShape}, Reach: 160}},
		// UK street, town, postcode.
		{Regex: `\b(?P<v>(?:(?:Flat|Apartment|Unit)[ ][0-9]{1,4}[A-Za-z]?,?[ ])?` + addrStreetRe +
			`(?:` + addrSepNLRe + addrUKTownRe + `){0,2}` + addrSepNLRe + addrUKPostcodeRe + `)`, Confidence: c.Medium,
			Trigger: c.Trigger{Shapes: []string{addrHouseShape, addrStreetShape}, Reach: 160}},
		// No suffix, but a full city, state and ZIP.
		{Regex: `\b(?P<v>` + addrStreetNoSuffixRe + `[ ]?,[ ]?` + addrCityRe + `,?[ ]` + addrStateRe + `[ ]{1,2}` + addrZIPRe + `)\b`,
			Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`[A-Za-z][ ]{1,2}[0-9]{5}(?:[^0-9A-Za-z_]|$)`, addrHouseShape}}},
		// PO box with city, state and ZIP.
		{Regex: `\b(?P<v>` + addrPOBoxRe + addrSepNLRe + addrUSTailRe + `)`, Confidence: c.Medium,
			Trigger: c.Trigger{Shapes: []string{addrPOBoxRe}, Reach: 160}},
		// US military: ship or unit and box, then APO/FPO/DPO, region and
		// ZIP.
		{Regex: `\b(?P<v>(?:(?:USNS|USNV|USS|USCGC)[ ][A-Z][a-z]{1,24}|(?:PSC|Unit|UNIT|CMR)[ ][0-9]{1,5},?[ ]Box[ ][0-9]{1,5})` +
			`(?:,?[ ]|[ \t]*,?\r?\n[ \t]*)(?:APO|FPO|DPO)[ ](?:AA|AE|AP)[ ]` + addrZIPRe + `)\b`, Confidence: c.Medium,
			Trigger: c.Trigger{Shapes: []string{`(?:USNS|USNV|USS|USCGC)[ ][A-Z]|(?:PSC|Unit|UNIT|CMR)[ ][0-9]`}, Reach: 80}},
		// A street line or PO box alone.
		{Regex: `\b(?P<v>` + addrStreetRe + `)`, Confidence: c.Low, Trigger: c.Trigger{Shapes: []string{addrHouseShape, addrStreetShape}}},
		{Regex: `\b(?P<v>` + addrPOBoxRe + `)`, Confidence: c.Low, Trigger: c.Trigger{Shapes: []string{addrPOBoxRe}}},
	},
	// "street" is a keyword only as a key ("street": / street:), or every
	// "12 Baker Street" would vouch for itself.
	Keywords: []string{"address", "addresses", "addr", "street address", "street1", "street2", "street line",
		`"street"`, "street:", "street=",
		"mailing address", "home address", "residence", "residential", "domicile", "lives at", "resides at",
		"located at", "ship to", "bill to", "deliver to", "mail to", "postal"},
	Distance:   30,
	Validate:   validPostalAddress,
	Supersedes: []string{"PERSON_NAME"},
	Normalize:  c.UpperAlnum,
	Mask:       maskPostalAddress,
	Severity:   c.Buckets(c.SeverityLow, c.SeverityMedium, c.SeverityMedium),
}

var (
	addrPlaceholders = nameWordSet(`ANYTOWN ANYTOWNE ANYCITY ANYSTATE ANYWHERE SOMEWHERE NOWHERE SOMETOWN EXAMPLE
		SAMPLE FAKE FOO FOOBAR`)
	// addrNotStreets are "word suffix" pairs that are things, not streets.
	addrNotStreets = nameWordSet(`HARD_DRIVE FLASH_DRIVE USB_DRIVE THUMB_DRIVE DISK_DRIVE DISC_DRIVE TAPE_DRIVE
		NETWORK_DRIVE SHARED_DRIVE GOOGLE_DRIVE TEST_DRIVE SSD_DRIVE HDD_DRIVE OPTICAL_DRIVE SUPREME_COURT
		DISTRICT_COURT CIRCUIT_COURT HIGH_COURT APPEALS_COURT FOOD_COURT TENNIS_COURT BASKETBALL_COURT
		MILKY_WAY ONE_WAY TWO_WAY NO_WAY FIRST_PLACE SECOND_PLACE THIRD_PLACE YOUR_STREET STREET_NAME`)
	// addrNotFirstWords are units and counts that follow a number in
	// other things than addresses ("2 TB ...", "30 Day Trial Run").
	addrNotFirstWords = nameWordSet(`TB GB MB KB GHZ MHZ HOUR HOURS DAY DAYS WEEK WEEKS MONTH MONTHS YEAR YEARS
		MINUTE MINUTES SECONDS PERCENT TIMES STAR STARS POINT POINTS STEP STEPS PAGE PAGES KEY TOP EASY SIMPLE
		QUICK GREAT BEST FREE BONUS EXTRA MORE LESS OTHER DIFFERENT SEPARATE ITEMS TIPS WAYS RULES`)
)

// addrWords returns the upper-case words (letters and digits) of v.
func addrWords(v []byte) []string {
	var out []string
	for i := 0; i < len(v); {
		if !addrIsAlnum(v[i]) {
			i++
			continue
		}
		j := i
		for j < len(v) && addrIsAlnum(v[j]) {
			j++
		}
		out = append(out, strings.ToUpper(string(v[i:j])))
		i = j
	}
	return out
}

func addrIsAlnum(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// validPostalAddress is the Validate of POSTAL_ADDRESS.
func validPostalAddress(v []byte) bool {
	w := addrWords(v)
	if len(w) < 2 {
		return false
	}
	// House number: not all zeros (the pattern already refuses a leading
	// zero, a PO box number may be anything but zero).
	for _, t := range w {
		if t[0] >= '0' && t[0] <= '9' {
			if strings.Trim(t, "0") == "" {
				return false
			}
			break
		}
	}
	if t := w[0]; t[0] >= '0' && t[0] <= '9' && len(w) > 1 && addrNotFirstWords[w[1]] {
		return false
	}
	for i, t := range w {
		if addrPlaceholders[t] {
			return false
		}
		if i > 0 && addrNotStreets[w[i-1]+"_"+t] {
			return false
		}
		if len(t) >= 5 && strings.Trim(t, "0") == "" && i == len(w)-1 {
			return false // ZIP 00000
		}
	}
	return true
}

// maskPostalAddress hides the house number, the street, the city and the
// end of the ZIP code; street suffixes, unit words, the state code and the
// first three digits of a ZIP code stay: 1600 Pennsylvania Avenue NW,
// Washington, DC 20500 -> **** ************ Avenue NW, **********, DC 205**.
func maskPostalAddress(v string) string {
	b := []byte(v)
	words := 0
	for i := 0; i < len(b); {
		if !addrIsAlnum(b[i]) {
			i++
			continue
		}
		j := i
		for j < len(b) && addrIsAlnum(b[j]) {
			j++
		}
		t := strings.ToUpper(string(b[i:j]))
		keep := 0
		switch {
		case words == 0:
			// The house number (or PO) is always hidden.
		case addrSuffixSet[t] && !addrAllDigits(t):
			keep = j - i
		case len(t) == 2 && addrStateSet[t] && b[i] >= 'A' && b[i] <= 'Z' && b[i+1] >= 'A' && b[i+1] <= 'Z':
			keep = 2
		case len(t) == 5 && addrAllDigits(t) && words > 2:
			keep = 3
		}
		for k := i + keep; k < j; k++ {
			b[k] = '*'
		}
		words++
		i = j
	}
	for i := range b {
		if b[i] >= 0x80 {
			b[i] = '*'
		}
	}
	return string(b)
}

func addrAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
