package corpus

import (
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"strings"

	"github.com/dredge-dev/dredge/classifiers/validate"
)

// V is one planted value: the identifier it is a true occurrence of and
// its text. Writing a V into a document counts it in that document's
// ground truth.
type V struct {
	ID string
	S  string
}

// gen draws values from a seeded PCG.
type gen struct{ r *rand.Rand }

func newGen(seed1, seed2 uint64) *gen { return &gen{r: rand.New(rand.NewPCG(seed1, seed2))} }

func (g *gen) intn(lo, hi int) int      { return lo + g.r.IntN(hi-lo+1) } // inclusive
func (g *gen) chance(p float64) bool    { return g.r.Float64() < p }
func (g *gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g *gen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

func (g *gen) from(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

func (g *gen) bytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.r.IntN(256))
	}
	return b
}

const (
	upper   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	lower   = "abcdefghijklmnopqrstuvwxyz"
	digitsA = "0123456789"
	base62  = digitsA + upper + lower
	hexL    = "0123456789abcdef"
)

// ---------------------------------------------------------------------------
// Check digit algorithms, written here independently of classifiers/validate
// (which then checks every value: a disagreement is a bug on one side).

// luhnCheck returns the Luhn check digit to append to payload.
func luhnCheck(payload string) byte {
	sum := 0
	for i := len(payload) - 1; i >= 0; i-- {
		d := int(payload[i] - '0')
		if (len(payload)-1-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

var (
	verD = [10][10]int{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
		{2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
		{4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
		{6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
		{8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
	}
	verP = [8][10]int{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
		{5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
		{9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
	}
	verInv = [10]int{0, 4, 3, 2, 1, 5, 6, 7, 8, 9}
)

// verhoeffCheck returns the Verhoeff check digit to append to payload.
func verhoeffCheck(payload string) byte {
	c := 0
	for i := 0; i < len(payload); i++ {
		d := int(payload[len(payload)-1-i] - '0')
		c = verD[c][verP[(i+1)%8][d]]
	}
	return byte('0' + verInv[c])
}

// mod97 returns the remainder of a decimal string modulo 97.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		r = (r*10 + int(s[i]-'0')) % 97
	}
	return r
}

// ibanCheck returns the two IBAN check digits of country and bban
// (ISO 13616, ISO/IEC 7064 MOD 97-10).
func ibanCheck(country, bban string) string {
	var num strings.Builder
	for _, c := range bban + country + "00" {
		if c >= 'A' && c <= 'Z' {
			fmt.Fprintf(&num, "%d", c-'A'+10)
		} else {
			num.WriteRune(c)
		}
	}
	return fmt.Sprintf("%02d", 98-mod97(num.String()))
}

// ---------------------------------------------------------------------------
// Collision control: a planted number must not also be a valid value of
// another numeric identifier (otherwise a correct classifier could report
// it under two types and the labels would be ambiguous). Negatives must
// pass none of them.

type numCheck struct {
	id string
	fn func([]byte) bool
}

var numChecks = []numCheck{
	{"CREDIT_CARD_NUMBER", validate.CreditCard},
	{"US_ABA_ROUTING_NUMBER", validate.ABARouting},
	{"US_ITIN", validate.USITIN},
	{"CA_SOCIAL_INSURANCE_NUMBER", validate.CASIN},
	{"AU_TAX_FILE_NUMBER", validate.AUTFN},
	{"UK_NHS_NUMBER", validate.UKNHS},
	{"US_NPI", validate.USNPI},
	{"IN_AADHAAR", validate.INAadhaar},
	{"BR_CPF", validate.BRCPF},
	{"FR_NIR", validate.FRNIR},
}

func onlyDigits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// clashes reports whether the digits of s validate as any numeric
// identifier other than self.
func clashes(s, self string) bool {
	d := []byte(onlyDigits(s))
	for _, c := range numChecks {
		if c.id != self && c.fn(d) {
			return true
		}
	}
	return false
}

// must panics unless ok: a generated value failed its own validator.
func must(ok bool, what, v string) {
	if !ok {
		panic(fmt.Sprintf("generated %s %q does not validate", what, v))
	}
}

// noRun reports whether s has no run of n or more consecutive digits.
func noRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			run++
			if run >= n {
				return false
			}
		} else {
			run = 0
		}
	}
	return true
}

// ---------------------------------------------------------------------------
// People, places and contact details.

var firstNames = []string{
	"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
	"William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Charles", "Karen", "Daniel", "Nancy",
	"Matthew", "Lisa", "Anthony", "Margaret", "Steven", "Ashley", "Andrew", "Emily", "Joshua", "Donna",
	"Kevin", "Michelle", "Brian", "Carol", "George", "Amanda", "Olivia", "Ethan", "Sophia", "Noah",
	"Grace", "Oliver", "Chloe", "Henry", "Hannah", "Samuel", "Rachel", "Laura", "Peter", "Helen",
}

var lastNames = []string{
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
	"Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "Thompson", "Harris",
	"Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Allen", "Wright", "Scott", "Torres",
	"Nguyen", "Flores", "Adams", "Nelson", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Phillips",
	"Evans", "Turner", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers",
}

// intlNames are given and family names by country (ASCII spellings).
var intlNames = map[string][2][]string{
	"uk": {{"Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Jack", "Emily", "Charlie", "Poppy"},
		{"Hughes", "Wood", "Walsh", "Price", "Bennett", "Griffiths", "Kelly", "Lloyd", "Ellis", "Shaw"}},
	"ca": {{"Liam", "Emma", "Lucas", "Charlotte", "Nathan", "Chloe", "Logan", "Maya", "Owen", "Zoe"},
		{"Tremblay", "Gagnon", "Roy", "Cote", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagne"}},
	"fr": {{"Camille", "Louis", "Manon", "Hugo", "Lea", "Jules", "Chloe", "Arthur", "Ines", "Gabriel"},
		{"Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent", "Simon", "Michel", "Garnier"}},
	"es": {{"Lucia", "Hugo", "Martina", "Pablo", "Sofia", "Alvaro", "Paula", "Diego", "Carmen", "Javier"},
		{"Garcia", "Fernandez", "Gonzalez", "Rodriguez", "Lopez", "Sanchez", "Perez", "Gomez", "Moreno", "Navarro"}},
	"it": {{"Marco", "Giulia", "Luca", "Francesca", "Matteo", "Chiara", "Andrea", "Sara", "Alessandro", "Elena"},
		{"Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti"}},
	"in": {{"Priya", "Rahul", "Ananya", "Arjun", "Kavya", "Rohan", "Sneha", "Vikram", "Aisha", "Karan"},
		{"Sharma", "Verma", "Patel", "Gupta", "Reddy", "Iyer", "Nair", "Mehta", "Joshi", "Kapoor"}},
	"br": {{"Joao", "Ana", "Pedro", "Beatriz", "Lucas", "Mariana", "Gabriel", "Larissa", "Rafael", "Camila"},
		{"Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Carvalho", "Almeida", "Ferreira", "Ribeiro"}},
	"au": {{"Jack", "Charlotte", "William", "Olivia", "Thomas", "Mia", "Lachlan", "Isla", "Cooper", "Ruby"},
		{"Smith", "Jones", "Kelly", "Ryan", "Walsh", "O'Brien", "Murray", "Doyle", "Byrne", "Quinn"}},
}

type person struct{ First, Last string }

func (p person) Full() string { return p.First + " " + p.Last }

func (g *gen) person() person {
	return person{g.pick(firstNames...), g.pick(lastNames...)}
}

func (g *gen) intlPerson(country string) person {
	n := intlNames[country]
	return person{g.pick(n[0]...), g.pick(n[1]...)}
}

// name returns the full name as a PERSON_NAME value.
func (p person) name() V { return V{"PERSON_NAME", p.Full()} }

var usCities = []struct{ city, state, zip3 string }{
	{"Springfield", "IL", "627"}, {"Austin", "TX", "787"}, {"Portland", "OR", "972"}, {"Denver", "CO", "802"},
	{"Columbus", "OH", "432"}, {"Madison", "WI", "537"}, {"Raleigh", "NC", "276"}, {"Tucson", "AZ", "857"},
	{"Sacramento", "CA", "958"}, {"Albany", "NY", "122"}, {"Boise", "ID", "837"}, {"Richmond", "VA", "232"},
	{"Nashville", "TN", "372"}, {"Omaha", "NE", "681"}, {"Tampa", "FL", "336"}, {"Seattle", "WA", "981"},
}

var streetNames = []string{"Maple", "Oak", "Cedar", "Pine", "Elm", "Lakeview", "Sunset", "Highland", "Willow", "Chestnut", "Ridge", "Meadow", "Birch", "Walnut", "Spring", "Hillcrest"}
var streetSuffixes = []string{"Street", "Avenue", "Road", "Drive", "Lane", "Boulevard", "Court", "Place", "St", "Ave", "Rd", "Dr"}

// usAddress returns a one-line US postal address.
func (g *gen) usAddress() V {
	c := usCities[g.r.IntN(len(usCities))]
	num := g.intn(12, 9870)
	unit := ""
	if g.chance(0.2) {
		unit = fmt.Sprintf(" Apt %d", g.intn(2, 40))
	}
	s := fmt.Sprintf("%d %s %s%s, %s, %s %s%02d", num, g.pick(streetNames...), g.pick(streetSuffixes...), unit, c.city, c.state, c.zip3, g.intn(1, 99))
	return V{"POSTAL_ADDRESS", s}
}

// usAddressBlock is a US address on two lines (street, then city, state
// and ZIP), as printed on envelopes.
func (g *gen) usAddressBlock() V {
	v := g.usAddress()
	i := strings.Index(v.S, ", ")
	v.S = v.S[:i] + "\n" + v.S[i+2:]
	return v
}

var ukTowns = []struct{ town, area string }{
	{"Leeds", "LS"}, {"Manchester", "M"}, {"Bristol", "BS"}, {"Sheffield", "S"}, {"Nottingham", "NG"},
	{"Cardiff", "CF"}, {"York", "YO"}, {"Brighton", "BN"}, {"Oxford", "OX"}, {"Norwich", "NR"},
}
var ukStreets = []string{"Church Lane", "Station Road", "Victoria Street", "Park Avenue", "Mill Lane", "Queens Road", "Kings Road", "Manor Way", "Green Lane", "High Street"}

// ukAddress returns a one-line UK postal address with its postcode.
func (g *gen) ukAddress() V {
	t := ukTowns[g.r.IntN(len(ukTowns))]
	pc := fmt.Sprintf("%s%d %d%s", t.area, g.intn(1, 19), g.intn(1, 9), g.from("ABDEFGHJLNPQRSTUWXYZ", 2))
	return V{"POSTAL_ADDRESS", fmt.Sprintf("%d %s, %s %s", g.intn(2, 240), g.pick(ukStreets...), t.town, pc)}
}

var freeMail = []string{"gmail.com", "outlook.com", "yahoo.com", "protonmail.com", "icloud.com", "hotmail.co.uk"}
var corpDomains = []string{"northwind-traders.com", "acmecorp.io", "fabrikam.net", "contoso-health.org", "globex.co.uk", "initech.com", "umbrella-insurance.com", "stark-logistics.de"}

func (g *gen) email(p person) V {
	f, l := strings.ToLower(p.First), strings.ReplaceAll(strings.ToLower(p.Last), "'", "")
	var local string
	switch g.r.IntN(4) {
	case 0:
		local = f + "." + l
	case 1:
		local = f[:1] + l
	case 2:
		local = f + "_" + l + fmt.Sprint(g.intn(10, 99))
	default:
		local = l + "." + f
	}
	dom := g.pick(freeMail...)
	if g.chance(0.4) {
		dom = g.pick(corpDomains...)
	}
	return V{"EMAIL_ADDRESS", local + "@" + dom}
}

// roleEmail is a mailbox address that is not a person's.
func (g *gen) roleEmail(dom string) V {
	return V{"EMAIL_ADDRESS", g.pick("billing", "support", "noreply", "security", "hr", "payments", "records") + "@" + dom}
}

var usAreaCodes = []string{"212", "415", "312", "617", "206", "303", "512", "702", "404", "305", "646", "718", "619", "503", "614", "919"}

// usPhone returns a NANP number in one of the usual print formats.
func (g *gen) usPhone() V {
	a := g.pick(usAreaCodes...)
	ex := fmt.Sprintf("%d%02d", g.intn(2, 9), g.intn(0, 99))
	if ex[1:] == "11" {
		ex = ex[:1] + "23"
	}
	ln := fmt.Sprintf("%04d", g.intn(1000, 9999))
	var s string
	switch g.r.IntN(5) {
	case 0:
		s = fmt.Sprintf("(%s) %s-%s", a, ex, ln)
	case 1:
		s = fmt.Sprintf("%s-%s-%s", a, ex, ln)
	case 2:
		s = fmt.Sprintf("%s.%s.%s", a, ex, ln)
	case 3:
		s = fmt.Sprintf("+1 %s %s %s", a, ex, ln)
	default:
		s = fmt.Sprintf("+1-%s-%s-%s", a, ex, ln)
	}
	return V{"PHONE_NUMBER", s}
}

// ukPhone returns a UK number in international or national format.
func (g *gen) ukPhone() V {
	var s string
	switch g.r.IntN(3) {
	case 0:
		s = fmt.Sprintf("+44 20 %d%03d %04d", g.intn(3, 8), g.intn(0, 999), g.intn(0, 9999))
	case 1:
		s = fmt.Sprintf("+44 7%d%02d %06d", g.intn(4, 9), g.intn(0, 99), g.intn(100000, 999999))
	default:
		s = fmt.Sprintf("0161 %03d %04d", g.intn(200, 999), g.intn(0, 9999))
	}
	return V{"PHONE_NUMBER", s}
}

func (g *gen) publicIP() V {
	firsts := []int{3, 18, 34, 35, 44, 52, 54, 63, 81, 85, 91, 104, 142, 151, 185, 193, 212}
	return V{"IP_ADDRESS", fmt.Sprintf("%d.%d.%d.%d", firsts[g.r.IntN(len(firsts))], g.intn(1, 254), g.intn(0, 254), g.intn(1, 254))}
}

func (g *gen) privateIP() V {
	var s string
	switch g.r.IntN(3) {
	case 0:
		s = fmt.Sprintf("10.%d.%d.%d", g.intn(0, 254), g.intn(0, 254), g.intn(2, 250))
	case 1:
		s = fmt.Sprintf("172.%d.%d.%d", g.intn(16, 31), g.intn(0, 254), g.intn(2, 250))
	default:
		s = fmt.Sprintf("192.168.%d.%d", g.intn(0, 254), g.intn(2, 250))
	}
	return V{"IP_ADDRESS", s}
}

func (g *gen) ip() V {
	if g.chance(0.5) {
		return g.privateIP()
	}
	return g.publicIP()
}

// ipv6 returns a global unicast IPv6 address (not the documentation range).
func (g *gen) ipv6() V {
	pre := g.pick("2a03:2880", "2606:4700", "2001:4860", "2a00:1450", "2600:1f18")
	var parts []string
	for i := 0; i < 4; i++ {
		parts = append(parts, fmt.Sprintf("%x", g.intn(0x100, 0xffff)))
	}
	return V{"IP_ADDRESS", pre + ":" + g.from(hexL[1:], 1) + g.from(hexL, 2) + "::" + strings.Join(parts, ":")}
}

func (g *gen) mac() V {
	b := g.bytes(6)
	b[0] &^= 3 // globally unique unicast
	parts := make([]string, 6)
	for i, x := range b {
		parts[i] = fmt.Sprintf("%02x", x)
	}
	switch g.r.IntN(3) {
	case 0:
		return V{"MAC_ADDRESS", strings.Join(parts, ":")}
	case 1:
		return V{"MAC_ADDRESS", strings.ToUpper(strings.Join(parts, "-"))}
	default:
		return V{"MAC_ADDRESS", strings.ToUpper(strings.Join(parts, ":"))}
	}
}

var monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

type date struct{ y, m, d int }

func (g *gen) birthDate() date { return date{g.intn(1938, 2004), g.intn(1, 12), g.intn(1, 28)} }

// dob formats a date of birth in one of the common ways.
func (g *gen) dob() V {
	d := g.birthDate()
	var s string
	switch g.r.IntN(4) {
	case 0:
		s = fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
	case 1:
		s = fmt.Sprintf("%02d/%02d/%04d", d.m, d.d, d.y)
	case 2:
		s = fmt.Sprintf("%s %d, %d", monthNames[d.m-1], d.d, d.y)
	default:
		s = fmt.Sprintf("%d %s %d", d.d, monthNames[d.m-1], d.y)
	}
	return V{"DATE_OF_BIRTH", s}
}

// isoDOB is a date of birth in ISO form (for structured records).
func (g *gen) isoDOB() V {
	d := g.birthDate()
	return V{"DATE_OF_BIRTH", fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)}
}

// ---------------------------------------------------------------------------
// US personal identifiers.

func (g *gen) ssnDigits() string {
	for {
		area := g.intn(1, 899)
		if area == 666 {
			continue
		}
		s := fmt.Sprintf("%03d%02d%04d", area, g.intn(1, 99), g.intn(1, 9999))
		if s == "123456789" || s == "078051120" || clashes(s, "US_SSN") {
			continue
		}
		return s
	}
}

// ssn returns a valid SSN; bare nine digits only when keyworded is true.
func (g *gen) ssn(bare bool) V {
	d := g.ssnDigits()
	s := d[:3] + "-" + d[3:5] + "-" + d[5:]
	switch {
	case bare:
		s = d
	case g.chance(0.2):
		s = d[:3] + " " + d[3:5] + " " + d[5:]
	}
	must(validate.USSSN([]byte(s)), "SSN", s)
	return V{"US_SSN", s}
}

var itinGroups = func() []int {
	var gs []int
	for gr := 50; gr <= 99; gr++ {
		if gr <= 65 || gr >= 70 && gr <= 88 || gr >= 90 && gr <= 92 || gr >= 94 {
			gs = append(gs, gr)
		}
	}
	return gs
}()

func (g *gen) itin() V {
	for {
		d := fmt.Sprintf("9%02d%02d%04d", g.intn(0, 99), itinGroups[g.r.IntN(len(itinGroups))], g.intn(1, 9999))
		if clashes(d, "US_ITIN") {
			continue
		}
		s := d[:3] + "-" + d[3:5] + "-" + d[5:]
		must(validate.USITIN([]byte(s)), "ITIN", s)
		return V{"US_ITIN", s}
	}
}

func (g *gen) passport() V {
	for {
		var s string
		if g.chance(0.5) {
			s = fmt.Sprintf("%d%s", g.intn(1, 9), g.digits(8))
		} else {
			s = g.from("ABCDEFGHJKLMNPRSTUVWXYZ", 1) + g.digits(8)
		}
		if clashes(s, "") {
			continue
		}
		must(validate.USPassport([]byte(s)), "passport", s)
		return V{"US_PASSPORT_NUMBER", s}
	}
}

// driversLicense returns a licence number in a California (letter and
// seven digits) or Texas (eight digits) format.
func (g *gen) driversLicense() V {
	for {
		var s string
		if g.chance(0.65) {
			s = g.from("ABCDEFGHJKLMNPRSTUVWXY", 1) + fmt.Sprintf("%d", g.intn(1, 9)) + g.digits(6)
		} else {
			s = fmt.Sprintf("%d", g.intn(1, 4)) + g.digits(7)
		}
		if clashes(s, "") {
			continue
		}
		return V{"US_DRIVERS_LICENSE", s}
	}
}

// ---------------------------------------------------------------------------
// International identifiers.

func (g *gen) nino() V {
	first := "ABCEGHJKLMNOPRSTWXYZ"
	second := "ABCEGHJKLMNPRSTWXYZ"
	for {
		pre := g.from(first, 1) + g.from(second, 1)
		switch pre {
		case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
			continue
		}
		d := g.digits(6)
		suf := g.from("ABCD", 1)
		var s string
		if g.chance(0.5) {
			s = fmt.Sprintf("%s %s %s %s %s", pre, d[:2], d[2:4], d[4:], suf)
		} else {
			s = pre + d + suf
		}
		must(validate.UKNINO([]byte(s)), "NINO", s)
		return V{"UK_NATIONAL_INSURANCE_NUMBER", s}
	}
}

func nhsCheck(p string) int {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(p[i]-'0') * (10 - i)
	}
	c := 11 - sum%11
	if c == 11 {
		c = 0
	}
	return c
}

func (g *gen) nhsDigits() string {
	for {
		p := g.pick("4", "6", "7") + g.digits(8)
		c := nhsCheck(p)
		if c == 10 {
			continue
		}
		s := p + fmt.Sprint(c)
		if clashes(s, "UK_NHS_NUMBER") {
			continue
		}
		return s
	}
}

func (g *gen) nhs() V {
	d := g.nhsDigits()
	s := d[:3] + " " + d[3:6] + " " + d[6:]
	if g.chance(0.3) {
		s = d
	}
	must(validate.UKNHS([]byte(s)), "NHS", s)
	return V{"UK_NHS_NUMBER", s}
}

func (g *gen) sin() V {
	for {
		p := g.pick("1", "2", "3", "4", "5", "6", "7", "9") + g.digits(7)
		d := p + string(luhnCheck(p))
		if clashes(d, "CA_SOCIAL_INSURANCE_NUMBER") {
			continue
		}
		s := d[:3] + " " + d[3:6] + " " + d[6:]
		if g.chance(0.3) {
			s = d[:3] + "-" + d[3:6] + "-" + d[6:]
		}
		must(validate.CASIN([]byte(s)), "SIN", s)
		return V{"CA_SOCIAL_INSURANCE_NUMBER", s}
	}
}

// nir returns a French NIR with its key.
func (g *gen) nir() V {
	for {
		sex := g.pick("1", "2")
		dept := fmt.Sprintf("%02d", g.intn(1, 95))
		if dept == "20" {
			continue
		}
		body := sex + fmt.Sprintf("%02d%02d", g.intn(40, 99), g.intn(1, 12)) + dept + fmt.Sprintf("%03d%03d", g.intn(1, 990), g.intn(1, 999))
		key := fmt.Sprintf("%02d", 97-mod97(body))
		d := body + key
		if clashes(d, "FR_NIR") {
			continue
		}
		s := d
		if g.chance(0.6) {
			s = fmt.Sprintf("%s %s %s %s %s %s %s", d[:1], d[1:3], d[3:5], d[5:7], d[7:10], d[10:13], d[13:])
		}
		must(validate.FRNIR([]byte(s)), "NIR", s)
		return V{"FR_NIR", s}
	}
}

const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

func (g *gen) dni() V {
	var s string
	if g.chance(0.75) {
		n := g.intn(10000000, 99999999)
		s = fmt.Sprintf("%08d%c", n, dniLetters[n%23])
		if g.chance(0.4) {
			s = s[:8] + "-" + s[8:]
		}
	} else {
		pre := g.r.IntN(3)
		n := g.intn(1000000, 9999999)
		s = fmt.Sprintf("%c%07d%c", "XYZ"[pre], n, dniLetters[(pre*10000000+n)%23])
	}
	must(validate.ESDNI([]byte(s)), "DNI", s)
	return V{"ES_DNI", s}
}

var cfOddTable = [26]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

func isVowel(c byte) bool { return strings.IndexByte("AEIOU", c) >= 0 }

func cfPart(name string, given bool) string {
	name = strings.ToUpper(name)
	var cons, vows []byte
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c < 'A' || c > 'Z' {
			continue
		}
		if isVowel(c) {
			vows = append(vows, c)
		} else {
			cons = append(cons, c)
		}
	}
	if given && len(cons) >= 4 {
		return string([]byte{cons[0], cons[2], cons[3]})
	}
	s := string(cons) + string(vows) + "XXX"
	return s[:3]
}

// codiceFiscale returns an Italian codice fiscale for p born on d.
func (g *gen) codiceFiscale(p person, female bool) V {
	d := g.birthDate()
	day := d.d
	if female {
		day += 40
	}
	place := g.pick("H501", "F205", "A662", "L219", "G273", "D612", "F839", "A944")
	s := cfPart(p.Last, false) + cfPart(p.First, true) + fmt.Sprintf("%02d", d.y%100) + string("ABCDEHLMPRST"[d.m-1]) + fmt.Sprintf("%02d", day) + place
	sum := 0
	for i := 0; i < 15; i++ {
		c := s[i]
		v := int(c - 'A')
		if c >= '0' && c <= '9' {
			v = int(c - '0')
		}
		if i%2 == 0 {
			sum += cfOddTable[v]
		} else {
			sum += v
		}
	}
	s += string(rune('A' + sum%26))
	must(validate.ITFiscalCode([]byte(s)), "codice fiscale", s)
	return V{"IT_FISCAL_CODE", s}
}

func (g *gen) aadhaar() V {
	for {
		p := fmt.Sprint(g.intn(2, 9)) + g.digits(10)
		d := p + string(verhoeffCheck(p))
		if clashes(d, "IN_AADHAAR") {
			continue
		}
		s := d[:4] + " " + d[4:8] + " " + d[8:]
		if g.chance(0.3) {
			s = d
		}
		must(validate.INAadhaar([]byte(s)), "Aadhaar", s)
		return V{"IN_AADHAAR", s}
	}
}

func (g *gen) pan(p person) V {
	holder := "P"
	if g.chance(0.15) {
		holder = g.pick("C", "F", "H")
	}
	s := g.from(upper, 3) + holder + p.Last[:1] + fmt.Sprintf("%04d", g.intn(1, 9999)) + g.from(upper, 1)
	must(validate.INPAN([]byte(s)), "PAN", s)
	return V{"IN_PAN", s}
}

func cpfChecks(p string) string {
	for k := 9; k <= 10; k++ {
		sum := 0
		for i := 0; i < k; i++ {
			sum += int(p[i]-'0') * (k + 1 - i)
		}
		c := 0
		if r := sum % 11; r >= 2 {
			c = 11 - r
		}
		p += fmt.Sprint(c)
	}
	return p
}

func (g *gen) cpf() V {
	for {
		d := cpfChecks(g.digits(9))
		if clashes(d, "BR_CPF") || validate.AllSameOrZero([]byte(d)) {
			continue
		}
		s := d[:3] + "." + d[3:6] + "." + d[6:9] + "-" + d[9:]
		if g.chance(0.25) {
			s = d
		}
		must(validate.BRCPF([]byte(s)), "CPF", s)
		return V{"BR_CPF", s}
	}
}

func (g *gen) tfn() V {
	w := []int{1, 4, 3, 7, 5, 8, 6, 9, 10}
	for {
		p := fmt.Sprint(g.intn(1, 9)) + g.digits(7)
		sum := 0
		for i := 0; i < 8; i++ {
			sum += int(p[i]-'0') * w[i]
		}
		// 10*d9 = -d9 (mod 11), so d9 = sum mod 11.
		c := sum % 11
		if c == 10 {
			continue
		}
		d := p + fmt.Sprint(c)
		if clashes(d, "AU_TAX_FILE_NUMBER") {
			continue
		}
		s := d[:3] + " " + d[3:6] + " " + d[6:]
		if g.chance(0.3) {
			s = d
		}
		must(validate.AUTFN([]byte(s)), "TFN", s)
		return V{"AU_TAX_FILE_NUMBER", s}
	}
}

const vinChars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"

func vinVal(c byte) int {
	if c >= '0' && c <= '9' {
		return int(c - '0')
	}
	return int("12345678.12345.7.923456789"[c-'A'] - '0')
}

func (g *gen) vin() V {
	w := []int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}
	b := []byte(g.pick("1HG", "1FT", "1G1", "2T1", "3VW", "5YJ", "JHM", "JTD", "WVW", "WBA", "KMH", "1C4"))
	b = append(b, g.from(vinChars, 5)...)
	b = append(b, '0')
	b = append(b, g.from("ABCDEFGHJKLMNPRSTVWXY123456789", 1)...)
	b = append(b, g.from(upper[:8]+digitsA, 1)...)
	b = append(b, g.digits(6)...)
	sum := 0
	for i, c := range b {
		sum += vinVal(c) * w[i]
	}
	if r := sum % 11; r == 10 {
		b[8] = 'X'
	} else {
		b[8] = byte('0' + r)
	}
	s := string(b)
	must(validate.VIN([]byte(s)), "VIN", s)
	return V{"VEHICLE_IDENTIFICATION_NUMBER", s}
}

// ---------------------------------------------------------------------------
// Health identifiers.

func (g *gen) npi() V {
	for {
		p := g.pick("1", "2") + g.digits(8)
		d := p + string(luhnCheck("80840"+p))
		if clashes(d, "US_NPI") {
			continue
		}
		must(validate.USNPI([]byte(d)), "NPI", d)
		return V{"US_NPI", d}
	}
}

func (g *gen) dea(last string) V {
	d := g.digits(6)
	v := func(i int) int { return int(d[i] - '0') }
	c := (v(0) + v(2) + v(4) + 2*(v(1)+v(3)+v(5))) % 10
	s := g.pick("A", "B", "F", "M") + strings.ToUpper(last[:1]) + d + fmt.Sprint(c)
	must(validate.USDEA([]byte(s)), "DEA", s)
	return V{"US_DEA_NUMBER", s}
}

const mbiAlpha = "ACDEFGHJKMNPQRTUVWXY"

func (g *gen) mbi() V {
	an := func() string {
		if g.chance(0.5) {
			return g.from(mbiAlpha, 1)
		}
		return g.digits(1)
	}
	s := fmt.Sprint(g.intn(1, 9)) + g.from(mbiAlpha, 1) + an() + g.digits(1) + g.from(mbiAlpha, 1) + an() + g.digits(1) + g.from(mbiAlpha, 2) + g.digits(2)
	if g.chance(0.3) {
		s = s[:4] + "-" + s[4:7] + "-" + s[7:]
	}
	must(validate.USMBI([]byte(s)), "MBI", s)
	return V{"US_MEDICARE_BENEFICIARY_ID", s}
}

// mrn returns a medical record number (7 or 8 digits, sometimes with
// leading zeros).
func (g *gen) mrn() V {
	for {
		var s string
		if g.chance(0.5) {
			s = "00" + g.digits(6)
		} else {
			s = fmt.Sprint(g.intn(1, 9)) + g.digits(6)
		}
		if clashes(s, "") || validate.AllSameOrZero([]byte(s)) {
			continue
		}
		return V{"MEDICAL_RECORD_NUMBER", s}
	}
}

var icdCodes = []struct{ code, desc string }{
	{"E11.9", "type 2 diabetes mellitus without complications"},
	{"I10", "essential (primary) hypertension"},
	{"J45.909", "unspecified asthma, uncomplicated"},
	{"E78.5", "hyperlipidemia, unspecified"},
	{"M54.50", "low back pain, unspecified"},
	{"F32.9", "major depressive disorder, single episode, unspecified"},
	{"K21.9", "gastro-esophageal reflux disease without esophagitis"},
	{"N39.0", "urinary tract infection, site not specified"},
	{"J06.9", "acute upper respiratory infection, unspecified"},
	{"Z79.4", "long term (current) use of insulin"},
	{"E66.9", "obesity, unspecified"},
	{"G43.909", "migraine, unspecified, not intractable"},
	{"I25.10", "atherosclerotic heart disease of native coronary artery"},
	{"J44.9", "chronic obstructive pulmonary disease, unspecified"},
	{"F41.1", "generalized anxiety disorder"},
	{"M17.11", "unilateral primary osteoarthritis, right knee"},
	{"S72.001A", "fracture of unspecified part of neck of right femur, initial encounter"},
	{"C50.911", "malignant neoplasm of unspecified site of right female breast"},
	{"E03.9", "hypothyroidism, unspecified"},
	{"L40.0", "psoriasis vulgaris"},
	{"R51.9", "headache, unspecified"},
	{"O24.419", "gestational diabetes mellitus in pregnancy, unspecified control"},
}

func (g *gen) icd() (V, string) {
	c := icdCodes[g.r.IntN(len(icdCodes))]
	must(validate.ICD10([]byte(c.code)), "ICD-10", c.code)
	return V{"ICD10_CODE", c.code}, c.desc
}

// ---------------------------------------------------------------------------
// Financial identifiers.

type cardBrand struct {
	name     string
	prefixes []string
	length   int
}

var cardBrands = []cardBrand{
	{"Visa", []string{"4539", "4556", "4716", "4024", "4485", "4929"}, 16},
	{"Mastercard", []string{"51", "52", "53", "54", "55", "2221", "2720", "2300"}, 16},
	{"American Express", []string{"34", "37"}, 15},
	{"Discover", []string{"6011", "65", "644"}, 16},
	{"JCB", []string{"3528", "3530", "3589"}, 16},
}

func (g *gen) cardDigits() (string, string) {
	for {
		b := cardBrands[g.r.IntN(len(cardBrands))]
		if b.name != "Visa" && b.name != "Mastercard" && g.chance(0.4) {
			b = cardBrands[0] // Visa and Mastercard dominate real data
		}
		p := g.pick(b.prefixes...)
		p += g.digits(b.length - 1 - len(p))
		d := p + string(luhnCheck(p))
		if clashes(d, "CREDIT_CARD_NUMBER") {
			continue
		}
		must(validate.CreditCard([]byte(d)), "card", d)
		return b.name, d
	}
}

// card returns a valid PAN, grouped as printed on the card, dashed or
// contiguous.
func (g *gen) card() (V, string) {
	brand, d := g.cardDigits()
	var s string
	switch g.r.IntN(3) {
	case 0:
		s = d
	case 1, 2:
		sep := g.pick(" ", " ", "-")
		if len(d) == 15 {
			s = d[:4] + sep + d[4:10] + sep + d[10:]
		} else {
			s = d[:4] + sep + d[4:8] + sep + d[8:12] + sep + d[12:]
		}
	}
	must(validate.CreditCard([]byte(s)), "card", s)
	return V{"CREDIT_CARD_NUMBER", s}, brand
}

func (g *gen) expiry() V {
	m := g.intn(1, 12)
	var s string
	switch g.r.IntN(3) {
	case 0:
		s = fmt.Sprintf("%02d/%02d", m, g.intn(26, 31))
	case 1:
		s = fmt.Sprintf("%02d/%d", m, g.intn(2026, 2031))
	default:
		s = fmt.Sprintf("%02d-%02d", m, g.intn(26, 31))
	}
	must(validate.CardExpiration([]byte(s)), "expiry", s)
	return V{"CREDIT_CARD_EXPIRATION", s}
}

func (g *gen) cvv(amex bool) V {
	s := fmt.Sprintf("%03d", g.intn(100, 999))
	if amex {
		s = fmt.Sprintf("%04d", g.intn(1000, 9999))
	}
	return V{"CREDIT_CARD_SECURITY_CODE", s}
}

// ibanFormats: country -> BBAN generator.
func (g *gen) bban(country string) string {
	switch country {
	case "DE":
		return g.digits(18)
	case "GB":
		return g.pick("NWBK", "BARC", "HBUK", "LOYD", "MIDL") + g.digits(14)
	case "FR":
		return g.digits(23)
	case "ES":
		return g.digits(20)
	case "NL":
		return g.pick("ABNA", "INGB", "RABO", "TRIO") + g.digits(10)
	case "IT":
		return g.from(upper, 1) + g.digits(22)
	case "BE":
		return g.digits(12)
	case "CH":
		return g.digits(17)
	case "AT":
		return g.digits(16)
	case "IE":
		return g.pick("AIBK", "BOFI") + g.digits(14)
	}
	panic("no BBAN format for " + country)
}

var ibanCountries = []string{"DE", "GB", "FR", "ES", "NL", "IT", "BE", "CH", "AT", "IE"}

func groups4(s string) string {
	var parts []string
	for len(s) > 4 {
		parts = append(parts, s[:4])
		s = s[4:]
	}
	return strings.Join(append(parts, s), " ")
}

// cardInGroups reports whether some run of whole 4-character groups of a
// printed IBAN is by itself a valid card number (a classifier could then
// rightly see a card in it).
func cardInGroups(printed string) bool {
	gs := strings.Fields(printed)
	for i := range gs {
		for j := i + 1; j <= len(gs); j++ {
			s := strings.Join(gs[i:j], " ")
			if validate.CreditCard([]byte(s)) {
				return true
			}
		}
	}
	return false
}

func (g *gen) iban(country string) V {
	if country == "" {
		country = g.pick(ibanCountries...)
	}
	for {
		bb := g.bban(country)
		s := country + ibanCheck(country, bb) + bb
		if g.chance(0.6) {
			s = groups4(s)
		}
		if cardInGroups(s) {
			continue
		}
		must(validate.IBAN([]byte(s)), "IBAN", s)
		return V{"IBAN", s}
	}
}

func (g *gen) aba() V {
	for {
		pre := g.pick("01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32")
		p := pre + g.digits(6)
		v := func(i int) int { return int(p[i] - '0') }
		sum := 3*(v(0)+v(3)+v(6)) + 7*(v(1)+v(4)+v(7)) + v(2) + v(5)
		d := p + fmt.Sprint((10-sum%10)%10)
		if clashes(d, "US_ABA_ROUTING_NUMBER") {
			continue
		}
		must(validate.ABARouting([]byte(d)), "ABA", d)
		return V{"US_ABA_ROUTING_NUMBER", d}
	}
}

// bankAccount returns a US deposit account number of 8, 11 or 12 digits
// that is no other identifier.
func (g *gen) bankAccount() V {
	for {
		n := g.pick("8", "11", "12", "12")
		var s string
		switch n {
		case "8":
			s = g.pick("1", "7", "8", "9") + g.digits(7)
		case "11":
			s = g.pick("1", "7", "8", "9") + g.digits(10)
		default:
			s = g.pick("1", "7", "8", "9") + g.digits(11)
		}
		if clashes(s, "") {
			continue
		}
		return V{"US_BANK_ACCOUNT_NUMBER", s}
	}
}

var realBICs = []string{"DEUTDEFF", "NWBKGB2L", "BNPAFRPP", "CHASUS33", "BARCGB22", "HSBCGB2L", "CITIUS33", "INGBNL2A", "RABONL2U", "UBSWCHZH80A", "COBADEFFXXX", "BOFAUS3N", "CAIXESBB", "BCITITMM", "GEBABEBB", "AIBKIE2D"}

func (g *gen) swift() V {
	s := g.pick(realBICs...)
	if g.chance(0.4) {
		s = g.from(upper, 4) + g.pick("DE", "GB", "FR", "US", "NL", "CH", "IT", "ES") + g.from(upper+digitsA[2:], 1) + g.from(upper, 1)
		if g.chance(0.3) {
			s += g.pick("XXX", "100", "A01")
		}
	}
	must(validate.SWIFT([]byte(s)), "SWIFT", s)
	return V{"SWIFT_CODE", s}
}

// ---------------------------------------------------------------------------
// Credentials.

// token draws n characters of alphabet with no run of four digits (so no
// number hides in it) and without the word EXAMPLE.
func (g *gen) token(alphabet string, n int) string {
	for {
		s := g.from(alphabet, n)
		if noRun(s, 4) && !strings.Contains(strings.ToUpper(s), "EXAMPLE") {
			return s
		}
	}
}

func (g *gen) awsKeyID() V {
	pre := "AKIA"
	if g.chance(0.2) {
		pre = "ASIA"
	}
	return V{"AWS_ACCESS_KEY_ID", pre + g.token(upper+"234567", 16)}
}

func (g *gen) awsSecret() V {
	for {
		s := base64.StdEncoding.EncodeToString(g.bytes(30))
		if noRun(s, 4) {
			return V{"AWS_SECRET_ACCESS_KEY", s}
		}
	}
}

func (g *gen) azureKey() V {
	for {
		s := base64.StdEncoding.EncodeToString(g.bytes(64))
		if noRun(s, 4) {
			return V{"AZURE_STORAGE_ACCOUNT_KEY", s}
		}
	}
}

func b62(n uint32) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{base62[n%62]}, b...)
		n /= 62
	}
	return string(b)
}

// githubToken returns a classic GitHub token (ghp_, gho_, ghs_, ghu_)
// whose last six characters are the base62 CRC32 of the random part.
func (g *gen) githubToken() V {
	pre := g.pick("ghp_", "ghp_", "ghp_", "gho_", "ghs_", "ghu_")
	body := g.token(base62, 30)
	sum := b62(crc32.ChecksumIEEE([]byte(body)))
	sum = strings.Repeat("0", 6-len(sum)) + sum
	return V{"GITHUB_TOKEN", pre + body + sum}
}

func (g *gen) slackToken() V {
	if g.chance(0.6) {
		return V{"SLACK_TOKEN", fmt.Sprintf("xoxb-%d%s-%d%s-%s", g.intn(1, 9), g.digits(10), g.intn(1, 9), g.digits(12), g.token(base62, 24))}
	}
	return V{"SLACK_TOKEN", fmt.Sprintf("xoxp-%d%s-%d%s-%d%s-%s", g.intn(1, 9), g.digits(10), g.intn(1, 9), g.digits(10), g.intn(1, 9), g.digits(12), g.token(hexL, 32))}
}

func (g *gen) stripeKey() V {
	mode := "sk_live_"
	if g.chance(0.3) {
		mode = "sk_test_"
	}
	n := 24
	if g.chance(0.5) {
		n = 99
	}
	return V{"STRIPE_SECRET_KEY", mode + g.token(base62, n)}
}

func (g *gen) stripePublishable() string { return "pk_live_" + g.token(base62, 99) }

func (g *gen) googleAPIKey() V {
	return V{"GOOGLE_API_KEY", "AIza" + g.token(base62+"_-", 35)}
}

func b64std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func (g *gen) jwt() V {
	hdr := `{"alg":"HS256","typ":"JWT"}`
	sig := 32
	if g.chance(0.4) {
		hdr = `{"alg":"RS256","typ":"JWT","kid":"` + g.token(hexL, 16) + `"}`
		sig = 256
	}
	iat := 1709600000 + g.intn(0, 3000000)
	payload := fmt.Sprintf(`{"sub":"usr_%s","scope":"%s","iat":%d,"exp":%d}`, g.token(hexL, 12), g.pick("read", "read write", "admin"), iat, iat+3600)
	return V{"JSON_WEB_TOKEN", b64url([]byte(hdr)) + "." + b64url([]byte(payload)) + "." + b64url(g.bytes(sig))}
}

// pwChars is the alphabet of passwords: no quote, comment (#, ;),
// interpolation ($, %, {) or URL delimiter (@, :, /, ?) characters, so
// the value reads the same in every file format it is planted in.
const pwChars = upper + lower + digitsA + "!^*_+=.-~"

// urlPwChars are characters a URL's userinfo may hold unescaped.
const urlPwChars = upper + lower + digitsA + "-._~!*"

func (g *gen) password() V { return g.passwordFrom(pwChars) }

func (g *gen) passwordFrom(alphabet string) V {
	for {
		s := g.from(upper+lower, 1) + g.from(alphabet, g.intn(11, 17))
		if noRun(s, 4) && strings.ContainsAny(s, digitsA) && strings.ContainsAny(s, upper) && strings.ContainsAny(s, lower) {
			return V{"PASSWORD", s}
		}
	}
}

var dbHosts = []string{"db.prod.acme.internal", "pg-primary.fabrikam.net", "mongo-0.globex.local", "mq.initech.com", "orders-db.northwind.lan", "cache.umbrella.internal"}

// urlCreds returns a URL with a user and password in it.
func (g *gen) urlCreds() V {
	scheme, port, path := "postgres", 5432, "/"+g.pick("orders", "billing", "app", "analytics")
	switch g.r.IntN(5) {
	case 1:
		scheme, port, path = "mysql", 3306, "/"+g.pick("shop", "crm")
	case 2:
		scheme, port, path = "mongodb", 27017, "/admin"
	case 3:
		scheme, port, path = "amqp", 5672, "/"
	case 4:
		scheme, port, path = "https", 443, "/"+g.pick("repo/simple", "artifactory/api", "registry")
	}
	user := g.pick("app", "etl", "admin", "svc_orders", "reporting", "deploy")
	pw := g.passwordFrom(urlPwChars).S
	if g.chance(0.2) {
		pw = pw[:4] + g.pick("%40", "%23", "%21") + pw[4:] // a percent-encoded symbol
	}
	return V{"URL_CREDENTIALS", fmt.Sprintf("%s://%s:%s@%s:%d%s", scheme, user, pw, g.pick(dbHosts...), port, path)}
}

// ---------------------------------------------------------------------------
// Look-alikes that must not be reported.

func (g *gen) uuid() string {
	for {
		h := g.from(hexL, 32)
		s := h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-" + string("89ab"[g.r.IntN(4)]) + h[17:20] + "-" + h[20:]
		if noRun(strings.ReplaceAll(s, "-", "x"), 5) {
			return s
		}
	}
}

func (g *gen) hexString(n int) string {
	for {
		s := g.from(hexL, n)
		if noRun(s, 5) {
			return s
		}
	}
}

// badLuhnCard returns a 16-digit number with a card prefix whose Luhn
// check fails, grouped like a card.
func (g *gen) badLuhnCard() string {
	for {
		p := g.pick("4539", "5412", "6011", "4716") + g.digits(11)
		good := luhnCheck(p)
		bad := byte('0' + (int(good-'0')+g.intn(1, 9))%10)
		d := p + string(bad)
		if clashes(d, "") {
			continue
		}
		if g.chance(0.5) {
			return d[:4] + " " + d[4:8] + " " + d[8:12] + " " + d[12:]
		}
		return d
	}
}

// orderID returns a nine-digit order number that is no valid identifier
// of any numeric kind.
func (g *gen) orderID() string {
	for {
		s := fmt.Sprint(g.intn(1, 9)) + g.digits(8)
		if !clashes(s, "") {
			return s
		}
	}
}

// badIBAN returns an IBAN whose check digits are wrong.
func (g *gen) badIBAN() string {
	c := g.pick(ibanCountries...)
	for {
		bb := g.bban(c)
		ck := ibanCheck(c, bb)
		n := (int(ck[0]-'0')*10 + int(ck[1]-'0') + g.intn(1, 20)) % 97
		if n < 2 {
			n += 3
		}
		s := groups4(fmt.Sprintf("%s%02d%s", c, n, bb))
		if !validate.IBAN([]byte(s)) && !cardInGroups(s) {
			return s
		}
	}
}
