package personal

import (
	_ "embed"
	"sort"
	"strings"
)

// Name dictionaries of PERSON_NAME: the most frequent given names (both
// sexes) and surnames of the US Census Bureau's 1990 census name files
// (dist.male.first, dist.female.first, dist.all.last; a US government work
// in the public domain), one upper-case name per line, Census spelling
// (OBRIEN, MCDONALD: no apostrophes or spaces).
var (
	//go:embed names/given.txt
	givenNamesText string
	//go:embed names/surnames.txt
	surnamesText string
	//go:embed names/words.txt
	nameWordsText string

	givenNames = nameLoad(givenNamesText)
	surnames   = nameLoad(surnamesText)
	// nameWords are common English words (names/words.txt): a value of
	// capitalised words outside the dictionaries is a name only if none
	// of them is a word.
	nameWords = nameLoad(nameWordsText)
)

func nameLoad(text string) map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		m[strings.ToUpper(line)] = true
	}
	return m
}

func nameWordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

var (
	// nameAmbiguousGiven are given names that are also everyday words
	// (months, verbs, virtues, flowers, gems...): as the first token they
	// give no evidence on their own (the surname must).
	nameAmbiguousGiven = nameWordSet(`APRIL MAY JUNE AUGUST WILL BILL MARK GRACE JOY HOPE FAITH DAWN RUBY PEARL
		CRYSTAL AMBER HOLLY IVY IRIS LILY DAISY VIOLET SUMMER AUTUMN DESTINY PRECIOUS GUY ART RAY DALE GLEN
		CLAY MAX JACK ROCKY SANDY RUSTY BUDDY SUNNY CHRISTIAN ANGEL CHARITY MISTY SKY ROBIN JEWEL GINGER
		CANDY BRANDY CHASE GRANT PAT SUE ROSE VAN DEAN MARSHALL EARL NORMAN MILES MASON HUNTER CHANCE
		JORDAN DALLAS AUSTIN CAMERON CASEY TAYLOR KELLY LESLIE LYNN FRANCIS HOMER REX MERLE ROYAL`)
	// nameAmbiguousSurnames are surnames that are also everyday words
	// (colours, adjectives, nature, trades): as the last token they give
	// no evidence on their own (the given name must).
	nameAmbiguousSurnames = nameWordSet(`YOUNG LONG LITTLE BEST LOVE HOPE KING PRICE GREEN GREENE WHITE BLACK BROWN
		GRAY GREY ROSE STONE WOOD WOODS HILL HALL BELL WARD WEST DAY MAY RICE COOK FOX HUNT LANE PARK PAGE
		BUSH FIELDS BANKS RICH SHARP STRONG SMALL SHORT WISE SWEET NOBLE PRINCE KEY CASE CHASE HOUSE HEAD
		GOOD BRIGHT BATTLE JUSTICE CASH GLASS GAY CHRISTIAN ENGLISH FRENCH BRANCH CHURCH BALL CROSS WALL
		WALLS GOLDEN POWERS POWER MARSH MOSS SNOW FROST WINTER WINTERS SUMMERS RIVERS WATERS BIRD BRIDGES
		BOOTH MILES MAJOR BOND BEACH CRANE HOOD HOLDER GUY BEAN BERRY CHERRY FORD MOON STARK GATES MARKS
		HARDY SAVAGE BAKER PORTER HUNTER BUTLER MASON CARPENTER POTTER BARBER FARMER WELLS BROOKS FLOWERS
		SPARKS KNIGHT BISHOP DEAN SHEPHERD GRANT FRANK JORDAN AUSTIN TRAVIS CLAY COTTON STARR LORD STERLING
		WORKMAN CRAFT HOPPER HOLLAND ENGLAND HOUSTON MADISON BRANDON LAMB PAYNE TERRY`)
	// nameSingleReject are dictionary names never accepted as a one-word
	// name: they are more often a word (a month, an adjective, a value)
	// or a place (Austin, Virginia) than a person's name.
	nameSingleReject = nameWordSet(`APRIL MAY JUNE AUGUST BEST LOVE KEY CASE GOOD HOUSE HEAD LONG LITTLE SHORT
		SMALL STRONG RICH SHARP SWEET WISE MAJOR GUY ART SUMMER AUTUMN CHRISTIAN ENGLISH FRENCH JUSTICE BATTLE
		CASH POWER POWERS GAY BRIGHT GOLDEN CROSS WALL BALL BRANCH CHURCH MAX CHASE GRANT MILES ROCKY SUNNY
		CANDY DESTINY PRECIOUS ANGEL CHANCE ROYAL DALLAS AUSTIN HOUSTON MADISON JORDAN ENGLAND HOLLAND
		VIRGINIA GEORGIA VAN LE`)
	// nameStop are words that show a value is not a person's name
	// (placeholders, salutations, organisations, places, months, and
	// field labels: a value that runs into the next label, as in
	// "NAME: JOHN SMITH DOB: …", is left to the label pattern, whose
	// value stops before it).
	nameStop = nameWordSet(`SIR MADAM MADAME MAM SIRS TEAM ALL EVERYONE EVERYBODY FRIEND FRIENDS COLLEAGUE
		COLLEAGUES CUSTOMER CUSTOMERS CLIENT CLIENTS PATIENT PATIENTS MEMBER MEMBERS USER USERS ADMIN
		ADMINISTRATOR GUEST VALUED HIRING MANAGER DIRECTOR OFFICER SUPPORT SALES SERVICE SERVICES OFFICE
		TEST TESTING SAMPLE EXAMPLE DEMO DUMMY FAKE UNKNOWN ANONYMOUS REDACTED WITHHELD NONE NULL NIL NAN
		UNDEFINED NOBODY SOMEONE ANYONE PERSON PEOPLE NAME NAMES FIRST LAST FULL MIDDLE GIVEN FAMILY
		FIRSTNAME LASTNAME SURNAME YOUR MY OUR HIS HER THEIR THE AND OF FOR WITH FROM TO IN ON AT BY
		OR NOT NO YES DEAR HELLO HI HEY WELCOME THANK THANKS REGARDS SINCERELY YOURS CHEERS KIND WARM
		WARMEST BEST MR MRS MS MX MISS DR PROF REV HON
		INC LLC LLP LTD PLC CORP CORPORATION COMPANY CO GROUP HOLDINGS PARTNERS ASSOCIATES SOLUTIONS
		SYSTEMS TECHNOLOGIES TECHNOLOGY ENTERPRISES INTERNATIONAL GLOBAL FOUNDATION TRUST CAPITAL ENERGY
		FINANCIAL INSURANCE HEALTH HEALTHCARE MEDICAL PHARMACY HOSPITAL CLINIC UNIVERSITY COLLEGE SCHOOL
		ACADEMY INSTITUTE CENTER CENTRE STORE STORES MARKET MOTORS AIRLINES SOFTWARE LABS MEDIA STUDIO
		STUDIOS NETWORK COMMUNICATIONS CONSULTING CONSTRUCTION REALTY PROPERTIES MANAGEMENT LOGISTICS
		FOODS RESTAURANT CAFE HOTEL RESORT CLUB DEPARTMENT DEPT AGENCY BUREAU COUNCIL COMMITTEE BOARD
		BANK INDUSTRIES PRODUCTS PRODUCT BRAND SHOES APP PORTAL CARE PROFILE INFORMATION INFO DETAILS RECORD
		RECORDS DATA LIST SATISFACTION EXPERIENCE SUCCESS RELATIONS FEEDBACK REVIEW REVIEWS NUMBER PLAN
		PROGRAM PROGRAMME SAFETY PRIVACY ACCESS LOGIN PORTAL EDUCATION TRAINING CENTRE EXPERIENCE
		STREET AVENUE ROAD BOULEVARD DRIVE COURT PLACE PLAZA SQUARE COUNTY CITY STATE STATES NATIONAL
		FEDERAL REPUBLIC KINGDOM UNITED AIRPORT STATION LIBRARY MUSEUM BUILDING TOWER BRIDGE LAKE RIVER
		MOUNTAIN VALLEY BEACH ISLAND MEMORIAL CATHEDRAL CHAPEL PARISH
		MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY JANUARY FEBRUARY MARCH JULY SEPTEMBER
		OCTOBER NOVEMBER DECEMBER
		DOB DATE BIRTH BORN AGE SEX GENDER ID MRN SSN PHONE TEL MOBILE CELL FAX EMAIL MAIL ADDRESS ADDR
		ACCOUNT ACCT POLICY CLAIM DOS DX NPI ZIP DEPT ROOM BED RELATIONSHIP ADMITTED DISCHARGED STATUS
		TITLE ROLE`)
	// nameSuffixes are generational and professional suffixes, ignored.
	nameSuffixes = nameWordSet(`JR SR II III IV MD PHD RN DDS DMD ESQ CPA NP PA DO MBA`)
	// nameHonorifics open a value found by the honorific pattern.
	nameHonorifics = nameWordSet(`MR MRS MS MX MISS DR PROF SIR DAME REV`)
	// nameApostrophe are Census surnames written with an apostrophe.
	nameApostrophe = nameWordSet(`OBRIEN OCONNOR ONEAL ONEIL ONEILL OCONNELL ODONNELL`)
	// nameInnerCapital are the other names usually written with an inner
	// capital.
	nameInnerCapital = map[string]string{"LATOYA": "LaToya", "LAVERNE": "LaVerne", "DELEON": "DeLeon",
		"DEJESUS": "DeJesus", "DELACRUZ": "DeLaCruz", "LEBLANC": "LeBlanc", "DEWAYNE": "DeWayne"}
)

// nameToken is one word of a candidate name.
type nameToken struct {
	up   string // upper case, apostrophes removed, accents folded
	caps bool   // written in capitals (two letters or more)
}

// nameSplit cuts a value into words. Lower-case particles (de, van) and
// initials are left out; comma reports a "Surname, Given" form.
func nameSplit(v []byte) (toks []nameToken, comma bool) {
	i := 0
	for i < len(v) {
		c := v[i]
		if c == ',' {
			comma = true
		}
		if !nameIsByte(c) {
			i++
			continue
		}
		j := i
		for j < len(v) && nameIsByte(v[j]) {
			j++
		}
		w := v[i:j]
		i = j
		var b strings.Builder
		upper, lower := 0, 0
		for k := 0; k < len(w); k++ {
			c := w[k]
			switch {
			case c >= 'A' && c <= 'Z':
				upper++
				b.WriteByte(c)
			case c >= 'a' && c <= 'z':
				lower++
				b.WriteByte(c - 'a' + 'A')
			case c == 0xC3 && k+1 < len(w):
				// UTF-8 Latin-1 supplement letter: fold to its base.
				k++
				if f := nameLatinFold(w[k]); f != 0 {
					b.WriteByte(f)
					if w[k] >= 0x9F {
						lower++
					} else {
						upper++
					}
				}
			}
		}
		if upper == 0 || b.Len() < 2 && upper+lower < 2 {
			continue // particle (de, van) or initial
		}
		toks = append(toks, nameToken{up: b.String(), caps: lower == 0 && upper >= 2})
	}
	return toks, comma
}

func nameIsByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '\'' || c >= 0x80
}

// nameLatinFold maps the second byte of a UTF-8 sequence C3 xx (U+00C0 to
// U+00FF) to its ASCII base letter, upper case; 0 if it is not a letter.
func nameLatinFold(b byte) byte {
	const upper = "AAAAAAACEEEEIIIIDNOOOOO0OUUUUYTS" // C3 80..9F; A0..BF alike
	if b < 0x80 || b > 0xBF {
		return 0
	}
	i := int(b-0x80) % 32
	f := upper[i]
	if f == '0' {
		return 0 // multiplication and division signs
	}
	return f
}

// validPersonName is the Validate of PERSON_NAME; see PersonName.
func validPersonName(v []byte) bool {
	toks, comma := nameSplit(v)
	relaxed := false
	if len(toks) > 0 && nameHonorifics[toks[0].up] {
		// "Mr. Brown": the title vouches for a one-word or
		// everyday-word name.
		relaxed = true
		toks = toks[1:]
	}
	kept := toks[:0:0]
	for _, t := range toks {
		if nameSuffixes[t.up] {
			continue
		}
		kept = append(kept, t)
	}
	toks = kept
	n := len(toks)
	if n == 0 || n > 4 {
		return false
	}
	caps := false
	for _, t := range toks {
		if nameStop[t.up] {
			return false
		}
		caps = caps || t.caps
	}
	first, last := toks[0].up, toks[n-1].up
	if comma {
		// Surname, Given [Middle].
		return n >= 2 && surnames[first] && givenNames[toks[1].up]
	}
	if n == 1 {
		if relaxed {
			return givenNames[first] || surnames[first]
		}
		if len(first) < 2 || caps && (len(first) < 4 || nameAmbiguousGiven[first] || nameAmbiguousSurnames[first]) {
			return false // one word in capitals is often a constant (MARK, KEY)
		}
		return (givenNames[first] || surnames[first]) && !nameSingleReject[first]
	}
	both := givenNames[first] && surnames[last]
	if caps && !relaxed {
		return both
	}
	if relaxed && (givenNames[first] || surnames[last]) {
		return true
	}
	return both || givenNames[first] && !nameAmbiguousGiven[first] ||
		surnames[last] && !nameAmbiguousSurnames[last] || !caps && nameForeign(toks)
}

// nameForeign accepts capitalised words that are names outside the
// dictionaries (Chloe Tremblay, Priya Sharma, Isla Wood): every word is a
// dictionary name or an unknown name-like word (not a common English
// word, with a vowel), and one at least is unknown.
func nameForeign(toks []nameToken) bool {
	unknown := false
	for _, t := range toks {
		if givenNames[t.up] || surnames[t.up] {
			continue
		}
		if nameIsWord(t.up) || len(t.up) < 2 || len(t.up) > 16 || !strings.ContainsAny(t.up, "AEIOUY") {
			return false
		}
		unknown = true
	}
	return unknown
}

// nameIsWord reports whether w (upper case) is a common English word, or
// the plural of one.
func nameIsWord(w string) bool {
	if nameWords[w] {
		return true
	}
	switch {
	case len(w) < 5:
		return false
	case strings.HasSuffix(w, "IES") && nameWords[w[:len(w)-3]+"Y"]:
		return true
	case strings.HasSuffix(w, "ES") && nameWords[w[:len(w)-2]]:
		return true
	case strings.HasSuffix(w, "S") && nameWords[w[:len(w)-1]]:
		return true
	}
	return false
}

// nameTitleForms returns how a Census name is written in text: John, and
// McDonald / MacKenzie / O'Brien / LaToya for the names that have an inner
// capital.
func nameTitleForms(up string) []string {
	title := func(s string) string {
		if s == "" {
			return s
		}
		return s[:1] + strings.ToLower(s[1:])
	}
	out := []string{title(up)}
	switch {
	case strings.HasPrefix(up, "MC") && len(up) > 3:
		out = append(out, "Mc"+title(up[2:]))
	case strings.HasPrefix(up, "MAC") && len(up) > 6:
		out = append(out, "Mac"+title(up[3:]))
	case nameApostrophe[up]:
		out = append(out, "O'"+title(up[1:]))
	case nameInnerCapital[up] != "":
		out = append(out, nameInnerCapital[up])
	}
	return out
}

// nameAlternation is an RE2 alternation of the title-case forms of the
// names in set, skipping those in skip, longest first.
func nameAlternation(set, skip map[string]bool) string {
	var forms []string
	for n := range set {
		if skip[n] {
			continue
		}
		forms = append(forms, nameTitleForms(n)...)
	}
	sort.Slice(forms, func(i, j int) bool {
		if len(forms[i]) != len(forms[j]) {
			return len(forms[i]) > len(forms[j])
		}
		return forms[i] < forms[j]
	})
	return "(?:" + strings.Join(forms, "|") + ")"
}

// personNamePairRegex matches "Given Surname" with both words in the
// dictionaries (the given name not an everyday word).
func personNamePairRegex() string {
	return `\b(?P<v>` + nameAlternation(givenNames, nameAmbiguousGiven) + `[ ]` +
		nameAlternation(surnames, nil) + `)\b`
}

// maskPersonName keeps the initial of each word: John Smith -> J*** S****.
func maskPersonName(v string) string {
	b := []byte(v)
	inWord := false
	for i, c := range b {
		letter := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= 0x80
		switch {
		case !letter && c != '\'':
			inWord = false
			if c >= '0' && c <= '9' {
				b[i] = '*'
			}
		case c == '\'':
		case inWord || c >= 0x80:
			b[i] = '*'
			inWord = true
		default:
			inWord = true
		}
	}
	return string(b)
}

// normalizePersonName upper-cases a name and keeps single spaces between
// its words, so fingerprints ignore case and punctuation.
func normalizePersonName(v []byte) []byte {
	out := make([]byte, 0, len(v))
	space := false
	for _, c := range v {
		switch {
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
			fallthrough
		case c >= 'A' && c <= 'Z' || c >= 0x80:
			if space && len(out) > 0 {
				out = append(out, ' ')
			}
			space = false
			out = append(out, c)
		case c == '\'':
		default:
			space = true
		}
	}
	return out
}
