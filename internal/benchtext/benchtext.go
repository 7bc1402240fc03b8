// Package benchtext generates deterministic mixed text for benchmarks of
// the matching engine: what a scanner meets in a bucket of logs, exports
// and documents, with sensitive values planted sparsely among many
// look-alikes.
//
// Composition (by lines; see Generate):
//
//   - application logs, 35%: ISO timestamps, levels, thread names, HTTP
//     requests with paths, status codes and durations, request ids (hex),
//     UUIDs, hosts and ports, counts, and free-text messages;
//   - JSON lines, 20%: structured log events (trace and span ids, numbers,
//     nested objects);
//   - CSV, 20%: business tables (orders, invoices, inventory, metrics)
//     with ids, SKUs, amounts, dates and statuses;
//   - prose, 25%: paragraphs of English sentences.
//
// Words follow natural English frequencies: about 850 common words
// sampled by a Zipf-Mandelbrot law (weight 1/(rank+2.7)), so function
// words dominate and domain words ("patient", "card", "order", "number",
// "phone") are as rare as in ordinary text. Look-alikes of sensitive
// values are everywhere (timestamps, UUIDs, git and SHA-256 digests,
// version strings, order numbers, amounts, ports, build numbers).
//
// About one line in 50 carries a planted value (roughly one per 4 KiB).
// Planted values are valid and generated afresh, none of them a
// documented example: US SSNs, Visa and Mastercard numbers with Luhn
// check digits and expiry dates, German IBANs with MOD 97 check digits,
// e-mail addresses, NANP phone numbers, IPv4 addresses (public and
// private), AWS access key IDs, GitHub tokens, JSON Web Tokens, dates of
// birth, passwords in configuration syntax, UK National Insurance numbers,
// MAC addresses and US passport numbers (with their keywords). Stats
// counts them by identifier.
package benchtext

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
)

// words are common English words in approximate frequency order (most
// frequent first).
var words = strings.Fields(`the be and of a in to have it I that for you he with on do say this they at but
we his from not by she or as what go their can who get if would her all my make about know will up one time
there year so think when which them some me people take out into just see him your come could now than like
other how then its our two more these want way look first also new because day use no man find here thing
give many well only those tell very even back any good woman through us life child work down may after should
call world over school still try last ask need too feel three state never become between high really
something most another much family own leave put old while mean keep student why let great same big group
begin seem country help talk where turn problem every start hand might American show part against place such
again few case week company system each right program hear question during play government run small number
off always move night live Mr point believe hold today bring happen next without before large million must
home under water room write mother area national money story young fact month different lot study book eye
job word though business issue side kind four head far black long both little house yes since provide service
around friend important father sit away until power hour game often yet line political end among ever stand
bad lose however member pay law meet car city almost include continue set later community name five once
white least president learn real change team minute best several idea kid body information nothing ago lead
social understand whether watch together follow parent stop face anything create public already speak others
read level allow add office spend door health person art sure war history party within grow result open
morning walk reason low win research girl guy early food moment himself air teacher force offer enough
education across although remember foot second boy maybe toward able age policy everything love process
music including consider appear actually buy probably human wait serve market die send expect sense build
stay fall oh nation plan cut college interest death course someone experience behind reach local kill six
remain effect yeah suggest class control raise care perhaps late hard field else pass former sell major
sometimes require along development themselves report role better economic effort decide rate strong possible
heart drug leader light voice wife whole police mind finally pull return free military price less according
decision explain son hope develop view relationship carry town road drive arm true federal break difference
thank receive value international building action full model join season society tax director position
player agree especially record pick wear paper special space ground form support event official whose matter
everyone center couple site project hit base activity star table court produce eat teach oil half situation
easy cost industry figure street image itself phone either data cover quite picture clear practice piece land
recent describe product doctor wall patient worker news test movie certain north personal simply third
technology catch step baby computer type attention draw film tree source red nearly organization choose cause
hair century evidence window difficult listen soon culture billion chance brother energy period summer
realize hundred available plant likely opportunity term short letter condition choice single rule daughter
administration south husband floor campaign material population economy medical hospital church close
thousand risk current fire future wrong involve defense anyone increase security bank myself certainly west
sport board seek per subject officer private rest behavior deal performance fight throw top quickly past goal
bed order author fill represent focus foreign drop blood upon agency push nature color recently store reduce
sound note fine near movement page enter share common poor natural race concern series significant similar
hot language usually response dead rise animal factor decade article shoot east save seven artist scene stock
career despite central eight thus treatment beyond happy exactly protect approach lie size dog fund serious
occur media ready sign thought list individual simple quality pressure accept answer resource identify left
meeting determine prepare disease whatever success argue cup particularly amount ability staff recognize
indicate character growth loss degree wonder attack herself region television box training pretty trade
election everybody physical lay general feeling standard bill message fail outside arrive analysis benefit
forward lawyer present section environmental glass skill sister professor operation financial crime stage
compare authority miss design sort act ten knowledge gun station blue strategy clearly discuss indeed truth
song example democratic check environment leg dark various rather laugh guess executive prove hang entire rock
forget claim remove manager enjoy network legal religious cold final main science green memory card above seat
cell establish nice trial expert spring firm radio visit management avoid imagine tonight huge ball finish
yourself theory impact respond statement maintain charge popular traditional onto reveal direction weapon
employee cultural contain peace pain apply measure wide shake fly interview manage chair fish particular camera
structure politics perform bit weight suddenly discover candidate production treat trip evening affect inside
conference unit style adult worry range mention deep edge specific writer trouble necessary throughout
challenge fear shoulder institution middle sea dream bar beautiful property instead improve stuff`)

// wordCDF is the cumulative Zipf-Mandelbrot weight of words.
var wordCDF = func() []float64 {
	cdf := make([]float64, len(words))
	sum := 0.0
	for i := range words {
		sum += 1 / (float64(i) + 2.7)
		cdf[i] = sum
	}
	for i := range cdf {
		cdf[i] /= sum
	}
	return cdf
}()

type gen struct {
	r     *rand.Rand
	b     bytes.Buffer
	stats Stats
}

// Stats counts planted values by identifier ID, and bytes by kind of
// text under "bytes:logs", "bytes:json", "bytes:csv" and "bytes:prose".
type Stats map[string]int

func (g *gen) word() string {
	return words[sort.SearchFloat64s(wordCDF, g.r.Float64())]
}

func (g *gen) pick(s ...string) string { return s[g.r.IntN(len(s))] }

func (g *gen) digits(n int) string {
	var s strings.Builder
	for range n {
		s.WriteByte(byte('0' + g.r.IntN(10)))
	}
	return s.String()
}

func (g *gen) hex(n int) string {
	const h = "0123456789abcdef"
	var s strings.Builder
	for range n {
		s.WriteByte(h[g.r.IntN(16)])
	}
	return s.String()
}

func (g *gen) alnum(n int, alphabet string) string {
	var s strings.Builder
	for range n {
		s.WriteByte(alphabet[g.r.IntN(len(alphabet))])
	}
	return s.String()
}

func (g *gen) sentence(capital bool) string {
	k := 5 + g.r.IntN(14)
	var s strings.Builder
	for i := 0; i < k; i++ {
		w := g.word()
		if i == 0 && capital {
			w = strings.ToUpper(w[:1]) + w[1:]
		} else if i > 0 {
			s.WriteByte(' ')
			if g.r.IntN(40) == 0 {
				s.WriteString(g.pick("in "+fmt.Sprint(1950+g.r.IntN(76)), fmt.Sprint(2+g.r.IntN(98))+" percent",
					"$"+fmt.Sprint(g.r.IntN(5000)), fmt.Sprint(g.r.IntN(300))) + " ")
			}
		}
		s.WriteString(w)
		if i > 2 && i < k-1 && g.r.IntN(12) == 0 {
			s.WriteByte(',')
		}
	}
	return s.String()
}

func (g *gen) timestamp() string {
	return fmt.Sprintf("2026-%02d-%02dT%02d:%02d:%02d.%03dZ", 1+g.r.IntN(12), 1+g.r.IntN(28), g.r.IntN(24), g.r.IntN(60), g.r.IntN(60), g.r.IntN(1000))
}

func (g *gen) uuid() string {
	return g.hex(8) + "-" + g.hex(4) + "-4" + g.hex(3) + "-" + g.pick("8", "9", "a", "b") + g.hex(3) + "-" + g.hex(12)
}

// decoy is a look-alike of a sensitive value.
func (g *gen) decoy() string {
	switch g.r.IntN(12) {
	case 0:
		return "commit " + g.hex(40)
	case 1:
		return "id " + g.uuid()
	case 2:
		return "at " + g.timestamp()
	case 3:
		return "order " + fmt.Sprint(100000000+g.r.IntN(900000000))
	case 4:
		return fmt.Sprintf("v%d.%d.%d", g.r.IntN(4), g.r.IntN(30), g.r.IntN(20))
	case 5:
		return "sha256:" + g.hex(64)
	case 6:
		return fmt.Sprintf("total %d.%02d USD", g.r.IntN(10000), g.r.IntN(100))
	case 7:
		return fmt.Sprintf("port %d", 1024+g.r.IntN(60000))
	case 8:
		return fmt.Sprintf("build %d.%d", 20260000+g.r.IntN(1300), g.r.IntN(10))
	case 9:
		return fmt.Sprintf("took %dms", g.r.IntN(5000))
	case 10:
		return "pod " + g.pick("api", "worker", "web", "cron") + "-" + g.hex(10) + "-" + g.alnum(5, "abcdefghijklmnopqrstuvwxyz0123456789")
	}
	return fmt.Sprintf("%d items", g.r.IntN(100000))
}

// Planted values.

func luhnDigit(s string) byte {
	sum := 0
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if (len(s)-1-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

func (g *gen) ssn() string {
	area := 1 + g.r.IntN(899)
	for area == 666 {
		area = 1 + g.r.IntN(899)
	}
	return fmt.Sprintf("%03d-%02d-%04d", area, 1+g.r.IntN(99), 1+g.r.IntN(9999))
}

func (g *gen) card() string {
	var p string
	if g.r.IntN(2) == 0 {
		p = "4" + g.digits(14)
	} else {
		p = fmt.Sprint(51+g.r.IntN(5)) + g.digits(13)
	}
	n := p + string(luhnDigit(p))
	return n[0:4] + " " + n[4:8] + " " + n[8:12] + " " + n[12:16]
}

func (g *gen) iban() string {
	bban := g.digits(18)
	// Check digits: MOD 97 of BBAN + "DE00" with letters as numbers.
	num := bban + "1314" + "00"
	rem := 0
	for _, c := range num {
		rem = (rem*10 + int(c-'0')) % 97
	}
	s := fmt.Sprintf("DE%02d%s", 98-rem, bban)
	var out strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			out.WriteByte(' ')
		}
		out.WriteString(s[i:min(i+4, len(s))])
	}
	return out.String()
}

var (
	firstNames = strings.Fields(`maria james li anna omar sofia david chen fatima lucas emma noah aisha mateo olga`)
	lastNames  = strings.Fields(`garcia smith wang novak haddad rossi kim okafor silva muller tanaka brown`)
	domains    = strings.Fields(`northwind-mail.com fabrikam.io contoso-corp.net tailspin.org wingtip.co.uk litware.de`)
)

func (g *gen) email() string {
	return g.pick(firstNames...) + g.pick(".", "_", "") + g.pick(lastNames...) + "@" + g.pick(domains...)
}

func (g *gen) phone() string {
	area := 200 + g.r.IntN(800)
	for area/10%10 == 9 || area%100 == 11 {
		area = 200 + g.r.IntN(800)
	}
	exch := 200 + g.r.IntN(800)
	for exch%100 == 11 {
		exch = 200 + g.r.IntN(800)
	}
	return fmt.Sprintf("+1 (%d) %d-%04d", area, exch, g.r.IntN(10000))
}

func (g *gen) ip() string {
	if g.r.IntN(2) == 0 {
		return fmt.Sprintf("10.%d.%d.%d", g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254))
	}
	a := 11 + g.r.IntN(180)
	if a == 127 {
		a = 128 // not loopback
	}
	return fmt.Sprintf("%d.%d.%d.%d", a, g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254))
}

func (g *gen) awsKey() string {
	for {
		s := g.alnum(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
		if strings.ContainsAny(s, "234567") {
			return "AKIA" + s
		}
	}
}

const base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func (g *gen) githubToken() string {
	for {
		s := g.alnum(36, base62)
		l := strings.ToLower(s)
		if !strings.Contains(l, "token") && !strings.Contains(l, "fake") && !strings.Contains(l, "your") {
			return "ghp_" + s
		}
	}
}

func (g *gen) jwt() string {
	enc := base64.RawURLEncoding.EncodeToString
	h := enc([]byte(`{"alg":"HS256","typ":"JWT"}`))
	p := enc([]byte(fmt.Sprintf(`{"sub":"user-%d","iat":%d,"scope":"read write"}`, g.r.IntN(1e6), 1760000000+g.r.IntN(1e7))))
	return h + "." + p + "." + g.alnum(43, base62+"-_")
}

func (g *gen) password() string {
	return g.alnum(4, "ABCDEFGHJKLMNPQRSTUVWXYZ") + g.alnum(2, "0123456789") + g.alnum(1, "#!%&*") + g.alnum(5, "abcdefghijkmnopqrstuvwxyz")
}

func (g *gen) nino() string {
	const first, second = "ABCEGHJKLMNPRSTWXYZ", "ABCEGHJKLMNPRSTWXY"
	for {
		p := string(first[g.r.IntN(len(first))]) + string(second[g.r.IntN(len(second))])
		switch p {
		case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
			continue
		}
		return fmt.Sprintf("%s %s %s %s %c", p, g.digits(2), g.digits(2), g.digits(2), "ABCD"[g.r.IntN(4)])
	}
}

func (g *gen) mac() string {
	return fmt.Sprintf("%s:%s:%s:%s:%s:%s", g.hex(2), g.hex(2), g.hex(2), g.hex(2), g.hex(2), "a"+g.hex(1))
}

// planted returns a text holding one sensitive value and counts it. In
// a table row (row), no date of birth: DATE_OF_BIRTH takes any date
// within 20 characters of its keyword for one (a known leak of that
// identifier), and rows have dates.
func (g *gen) planted(row bool) string {
	var id, s string
	k := g.r.IntN(15)
	for row && k == 10 {
		k = g.r.IntN(15)
	}
	switch k {
	case 0:
		id, s = "US_SSN", "SSN "+g.ssn()
	case 1:
		id, s = "CREDIT_CARD_NUMBER", "card "+g.card()
	case 2:
		id, s = "EMAIL_ADDRESS", "contact "+g.email()
	case 3:
		id, s = "AWS_ACCESS_KEY_ID", "aws_access_key_id = "+g.awsKey()
	case 4:
		id, s = "PHONE_NUMBER", "call "+g.phone()
	case 5:
		id, s = "IBAN", "IBAN "+g.iban()
	case 6, 7:
		id, s = "IP_ADDRESS", "client "+g.ip()+" connected"
	case 8:
		id, s = "GITHUB_TOKEN", "token "+g.githubToken()
	case 9:
		id, s = "JSON_WEB_TOKEN", "Authorization: Bearer "+g.jwt()
	case 10:
		id, s = "DATE_OF_BIRTH", fmt.Sprintf("dob: %d-%02d-%02d (age verified)", 1940+g.r.IntN(66), 1+g.r.IntN(12), 1+g.r.IntN(28))
	case 11:
		id, s = "PASSWORD", "password = '"+g.password()+"'"
	case 12:
		id, s = "UK_NATIONAL_INSURANCE_NUMBER", "NINO "+g.nino()
	case 13:
		id, s = "MAC_ADDRESS", "hwaddr "+g.mac()
	default:
		id, s = "US_PASSPORT_NUMBER", fmt.Sprintf("passport no. %d", 100000000+g.r.IntN(899999999))
	}
	g.stats[id]++
	return s
}

// extra is what a line carries besides its own text: a planted value
// (2%), a look-alike (25%) or nothing.
func (g *gen) extra() string { return g.extraIn(false) }

func (g *gen) extraIn(row bool) string {
	switch x := g.r.IntN(100); {
	case x < 2:
		return g.planted(row)
	case x < 27:
		return g.decoy()
	}
	return ""
}

var (
	levels     = []string{"INFO ", "INFO ", "INFO ", "DEBUG", "WARN ", "ERROR"}
	components = []string{"http", "db", "cache", "auth", "queue", "scheduler", "billing", "search"}
	methods    = []string{"GET", "GET", "GET", "POST", "PUT", "DELETE"}
	resources  = []string{"items", "orders", "users", "sessions", "reports", "files", "metrics", "jobs"}
	statuses   = []string{"pending", "paid", "shipped", "cancelled", "refunded", "active", "closed"}
)

func (g *gen) logLine() {
	fmt.Fprintf(&g.b, "%s %s [%s-%d] ", g.timestamp(), g.pick(levels...), g.pick(components...), g.r.IntN(16))
	switch g.r.IntN(6) {
	case 0, 1:
		fmt.Fprintf(&g.b, "%s /api/v%d/%s/%d %d %dms req=%s", g.pick(methods...), 1+g.r.IntN(2), g.pick(resources...),
			g.r.IntN(100000), []int{200, 200, 200, 201, 204, 304, 400, 404, 500}[g.r.IntN(9)], g.r.IntN(900), g.hex(16))
	case 2:
		fmt.Fprintf(&g.b, "processed %d records in %d.%03ds (batch %s)", g.r.IntN(10000), g.r.IntN(60), g.r.IntN(1000), g.uuid())
	case 3:
		fmt.Fprintf(&g.b, "connection to %s-%d.%s:%d established", g.pick(components...), g.r.IntN(8), g.pick("internal", "svc.cluster.local", "prod"), 1024+g.r.IntN(60000))
	case 4:
		fmt.Fprintf(&g.b, "cache miss key=%s:%d ttl=%ds", g.pick(resources...), g.r.IntN(1e6), g.r.IntN(3600))
	default:
		g.b.WriteString(g.sentence(false))
	}
	if e := g.extra(); e != "" {
		g.b.WriteString(" " + e)
	}
	g.b.WriteByte('\n')
}

func (g *gen) jsonLine() {
	fmt.Fprintf(&g.b, `{"ts":"%s","level":"%s","service":"%s","msg":"%s","trace_id":"%s","span_id":"%s","duration_ms":%d.%d,"http":{"method":"%s","path":"/api/%s/%d","status":%d}`,
		g.timestamp(), strings.TrimSpace(strings.ToLower(g.pick(levels...))), g.pick(components...), g.sentence(true),
		g.hex(32), g.hex(16), g.r.IntN(2000), g.r.IntN(10), g.pick(methods...), g.pick(resources...), g.r.IntN(1e6),
		[]int{200, 200, 201, 404, 500}[g.r.IntN(5)])
	if e := g.extra(); e != "" {
		fmt.Fprintf(&g.b, `,"detail":"%s"`, strings.ReplaceAll(e, `"`, `\"`))
	}
	g.b.WriteString("}\n")
}

func (g *gen) csvTable() {
	switch g.r.IntN(3) {
	case 0:
		g.b.WriteString("order_id,sku,note,quantity,unit_price,currency,status,created_at\n")
		for i := 0; i < 20; i++ {
			fmt.Fprintf(&g.b, "%d,%s-%d,%s,%d,%d.%02d,%s,%s,%s\n", 100000+g.r.IntN(900000), strings.ToUpper(g.hex(3)), g.r.IntN(10000),
				g.extraIn(true), 1+g.r.IntN(20), g.r.IntN(500), g.r.IntN(100), g.pick("USD", "EUR", "GBP"), g.pick(statuses...), g.timestamp()[:10])
		}
	case 1:
		g.b.WriteString("date,region,requests,errors,p50_ms,p99_ms,ratio\n")
		for i := 0; i < 20; i++ {
			fmt.Fprintf(&g.b, "%s,%s,%d,%d,%d,%d,0.%04d\n", g.timestamp()[:10], g.pick("us-east-1", "eu-west-1", "ap-south-1"),
				g.r.IntN(1e7), g.r.IntN(1e4), g.r.IntN(200), g.r.IntN(3000), g.r.IntN(10000))
		}
	default:
		g.b.WriteString("invoice,account,amount,due,status,comment\n")
		for i := 0; i < 20; i++ {
			fmt.Fprintf(&g.b, "INV-%d,%d,%d.%02d,%s,%s,\"%s\"\n", 10000+g.r.IntN(90000), g.r.IntN(1e6), g.r.IntN(100000), g.r.IntN(100),
				g.timestamp()[:10], g.pick(statuses...), strings.ReplaceAll(g.sentence(true)+" "+g.extraIn(true), `"`, `""`))
		}
	}
}

func (g *gen) paragraph() {
	k := 3 + g.r.IntN(6)
	for i := 0; i < k; i++ {
		g.b.WriteString(g.sentence(true))
		if g.r.IntN(2) == 0 {
			if e := g.extra(); e != "" {
				g.b.WriteString(" " + e)
			}
		}
		g.b.WriteString(g.pick(". ", ". ", ". ", "? ", "! "))
	}
	g.b.WriteString("\n\n")
}

// Generate returns n bytes (at least) of mixed text for seed.
func Generate(n int, seed uint64) []byte {
	b, _ := GenerateStats(n, seed)
	return b
}

// GenerateStats is Generate, with the count of planted values by
// identifier.
func GenerateStats(n int, seed uint64) ([]byte, Stats) {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), stats: Stats{}}
	g.b.Grow(n + 8192)
	// Each step writes a block of the kind furthest below its share.
	kinds := []string{"logs", "json", "csv", "prose"}
	share := []float64{0.35, 0.20, 0.20, 0.25}
	done := make([]int, len(kinds))
	for g.b.Len() < n {
		k, best := 0, -1e18
		for i := range kinds {
			if d := share[i]*float64(g.b.Len()+4096) - float64(done[i]) + g.r.Float64()*2048; d > best {
				k, best = i, d
			}
		}
		start := g.b.Len()
		switch kinds[k] {
		case "logs":
			for i := 0; i < 20; i++ {
				g.logLine()
			}
		case "json":
			for i := 0; i < 15; i++ {
				g.jsonLine()
			}
		case "csv":
			g.csvTable()
		default:
			g.paragraph()
		}
		done[k] += g.b.Len() - start
		g.stats["bytes:"+kinds[k]] = done[k]
	}
	return g.b.Bytes(), g.stats
}
