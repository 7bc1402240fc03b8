package corpus

import (
	"fmt"
	"strings"

	"github.com/dredge-dev/dredge/classifiers/validate"
)

// Hard negatives: look-alikes a careful analyst would not flag. Every
// object here has a zero count for the identifiers its look-alikes
// imitate (doc.neg enforces it), so a false positive cannot hide behind a
// true occurrence.

func buildLog(d *doc, i int) {
	repo := d.pick("payments-service", "web-frontend", "etl-jobs", "mobile-api")
	ts := func(k int) string {
		return fmt.Sprintf("2024-03-%02dT10:%02d:%02d.%03dZ", 1+i, k, d.intn(0, 59), d.intn(0, 999))
	}
	d.ln(ts(0), " Runner ", d.pick("ci-runner-04", "build-agent-2"), " picked up job ", d.uuid())
	d.neg(n("EMAIL_ADDRESS"), ts(0), " $ git clone git@github.com:acme/", repo, ".git")
	d.neg(n("GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY"), ts(1), " HEAD is now at ", d.hexString(7), " Merge pull request from acme/release")
	d.neg(n("AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "PASSWORD"), ts(1), " GIT_COMMIT_SHA=", d.hexString(40))
	d.ln(ts(2), " go version go1.26.8 linux/amd64")
	d.ln(ts(2), " node v20.11.1, npm 10.2.4")
	d.neg(n("EMAIL_ADDRESS"), ts(3), " added @babel/core@7.24.0 and @types/node@20.11.5")
	d.neg(n("AWS_SECRET_ACCESS_KEY"), ts(4), " Step 4/9 : FROM golang:1.26-alpine@sha256:", d.hexString(64))
	d.neg(n("AWS_SECRET_ACCESS_KEY", "PASSWORD"), ts(5), " cache_token_sha256=", d.hexString(64))
	d.neg(n("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "PASSWORD"), ts(5), " env AWS_SECRET_ACCESS_KEY=${{ secrets.AWS_SECRET_ACCESS_KEY }} AWS_ACCESS_KEY_ID=${{ secrets.AWS_ACCESS_KEY_ID }}")
	d.neg(n("IP_ADDRESS"), ts(6), " starting test server on 0.0.0.0:8080, health check http://127.0.0.1:8080/healthz")
	d.neg(n("EMAIL_ADDRESS"), ts(7), " copied assets/icon@2x.png assets/icon@3x.png assets/banner@2x.jpg")
	d.neg(n("PHONE_NUMBER", "DATE_OF_BIRTH", "CREDIT_CARD_EXPIRATION"), ts(8), " tests passed in 12.37s at 2024-03-05 10:25:02")
	d.neg(n("PHONE_NUMBER", "DATE_OF_BIRTH"), ts(8), " artifact ", repo, "-", fmt.Sprintf("%d.%d.%d", d.intn(1, 4), d.intn(0, 20), d.intn(0, 9)), "+build.", d.intn(100, 999), ".tar.gz uploaded, run id ", d.uuid())
	d.neg(n("PASSWORD", "URL_CREDENTIALS"), ts(9), " docker login --username ci --password-stdin registry.acme.internal")
	d.ln(ts(9), " job finished: success")
}

func deployManifest(d *doc, i int) {
	o := obj{
		{"release", obj{
			{"service", d.pick("checkout", "ledger", "search")},
			{"version", fmt.Sprintf("%d.%d.%d", d.intn(1, 4), d.intn(0, 20), d.intn(0, 9))},
			{"git_sha", d.hexString(40)},
			{"image", "registry.acme.internal/app@sha256:" + d.hexString(64)},
			{"built_at", "2024-03-05T10:22:31Z"},
		}},
		{"secrets", obj{
			{"secret_ref", d.uuid()},
			{"api_key_id", d.uuid()},
			{"token_sha256", d.hexString(64)},
			{"secret_version", d.hexString(40)},
			{"password_policy", "min 14 chars"},
		}},
		{"replicas", 3},
		{"listen", "0.0.0.0:8443"},
	}
	d.negs["AWS_SECRET_ACCESS_KEY"] = true
	d.negs["PASSWORD"] = true
	d.negs["GITHUB_TOKEN"] = true
	d.negs["EMAIL_ADDRESS"] = true
	d.negs["IP_ADDRESS"] = true
	d.negs["DATE_OF_BIRTH"] = true
	d.ln(d.json(o, "  "))
}

// phoneLikeInvoice looks like a phone number but is an invoice number.
func (g *gen) phoneLikeInvoice() string {
	if g.chance(0.5) {
		return fmt.Sprintf("INV-%d-%03d-%04d", 2024, g.intn(100, 999), g.intn(0, 9999))
	}
	return fmt.Sprintf("%03d-%04d-%04d", g.intn(200, 999), g.intn(1000, 9999), g.intn(0, 9999))
}

func ordersCSV(d *doc, i int) {
	for _, id := range n("CREDIT_CARD_NUMBER", "PHONE_NUMBER", "DATE_OF_BIRTH", "US_BANK_ACCOUNT_NUMBER", "US_ABA_ROUTING_NUMBER", "US_SSN", "US_PASSPORT_NUMBER", "EMAIL_ADDRESS", "MEDICAL_RECORD_NUMBER") {
		d.negs[id] = true
	}
	rows := [][]any{{"order_id", "order_date", "tracking_ref", "invoice_no", "sku", "qty", "total", "thumbnail"}}
	for k := 0; k < 8; k++ {
		rows = append(rows, []any{d.orderID(), fmt.Sprintf("2024-%02d-%02d", d.intn(1, 12), d.intn(1, 28)), d.badLuhnCard(), d.phoneLikeInvoice(),
			fmt.Sprintf("SKU-%s", strings.ToUpper(d.from("abcdefghjkmnpqrstuvwxyz", 3))), fmt.Sprint(d.intn(1, 5)), fmt.Sprintf("%d.%02d", d.intn(5, 500), d.intn(0, 99)),
			fmt.Sprintf("img/%s@2x.png", d.pick("boots", "tent", "lamp", "mug"))})
	}
	d.table(',', rows)
}

func shippingNotice(d *doc, i int) {
	for _, id := range n("CREDIT_CARD_NUMBER", "PHONE_NUMBER", "DATE_OF_BIRTH", "US_BANK_ACCOUNT_NUMBER", "US_ABA_ROUTING_NUMBER", "US_SSN", "US_PASSPORT_NUMBER", "MEDICAL_RECORD_NUMBER", "CA_SOCIAL_INSURANCE_NUMBER", "AU_TAX_FILE_NUMBER") {
		d.negs[id] = true
	}
	d.ln("Hello,")
	d.ln("")
	d.ln("Good news: your order ", d.orderID(), " placed on ", fmt.Sprintf("%s %d, 2024", monthNames[d.intn(0, 11)], d.intn(1, 28)), " has shipped.")
	d.ln("Tracking reference ", d.badLuhnCard(), ". Invoice number ", d.phoneLikeInvoice(), ".")
	d.ln("Support ticket ", d.orderID(), " was closed on 2024-03-07 at 14:05.")
	d.ln("Estimated delivery: ", fmt.Sprintf("%02d/%02d/2024", d.intn(1, 12), d.intn(1, 28)), ".")
	d.ln("")
	d.ln("Thanks for shopping with us.")
}

func placeholderEnv(d *doc, i int) {
	for _, id := range n("PASSWORD", "URL_CREDENTIALS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "STRIPE_SECRET_KEY", "GITHUB_TOKEN", "SLACK_TOKEN") {
		d.negs[id] = true
	}
	d.ln("# copy to .env and fill in")
	d.ln("DB_USER=app")
	d.ln("DB_PASSWORD=")
	d.ln("REDIS_PASSWORD=${REDIS_PASSWORD}")
	d.ln("ADMIN_PASSWORD=changeme")
	d.ln("SMTP_PASSWORD=<password>")
	d.ln("DATABASE_URL=postgres://${DB_USER}:${DB_PASSWORD}@db:5432/app")
	d.ln("AWS_ACCESS_KEY_ID=")
	d.ln("AWS_SECRET_ACCESS_KEY=")
	d.ln("STRIPE_SECRET_KEY=sk_live_REPLACE_ME")
	d.ln("GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
	d.ln("SLACK_BOT_TOKEN=xoxb-your-bot-token")
}

func composeYAML(d *doc, i int) {
	for _, id := range n("PASSWORD", "URL_CREDENTIALS", "IP_ADDRESS") {
		d.negs[id] = true
	}
	d.ln("services:")
	d.ln("  db:")
	d.ln("    image: postgres:16.2")
	d.ln("    environment:")
	d.ln("      POSTGRES_USER: app")
	d.ln("      POSTGRES_PASSWORD: ${DB_PASSWORD}")
	d.ln("  api:")
	d.ln("    image: registry.acme.internal/api:", fmt.Sprintf("%d.%d.%d", d.intn(1, 4), d.intn(0, 20), d.intn(0, 9)))
	d.ln("    ports: [\"127.0.0.1:8080:8080\"]")
	d.ln("    environment:")
	d.ln("      DATABASE_URL: postgres://app:${DB_PASSWORD}@db:5432/app")
	d.ln("      ADMIN_PASSWORD: \"****\"")
	d.ln("      LISTEN_ADDR: 0.0.0.0")
}

func helmValues(d *doc, i int) {
	for _, id := range n("PASSWORD", "URL_CREDENTIALS") {
		d.negs[id] = true
	}
	d.ln("# Helm values template")
	d.ln("database:")
	d.ln("  username: {{ .Values.db.user }}")
	d.ln("  password: {{ db_pass }}")
	d.ln("  url: \"postgresql://{{ .Values.db.user }}:{{ .Values.db.password }}@{{ .Values.db.host }}/app\"")
	d.ln("redis:")
	d.ln("  password: \"\"")
	d.ln("smtp:")
	d.ln("  password: '<password>'")
}

func envLookupCode(d *doc, i int) {
	for _, id := range n("PASSWORD", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "STRIPE_SECRET_KEY") {
		d.negs[id] = true
	}
	if i%2 == 1 {
		d.ln("import os")
		d.ln("")
		d.ln(`DB_PASSWORD = os.getenv("DB_PASSWORD")`)
		d.ln(`password = os.environ["SMTP_PASSWORD"]`)
		d.ln(`AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY", "")`)
		d.ln(`stripe_key = os.getenv("STRIPE_SECRET_KEY")`)
		d.ln(`print("password:", "*" * 8)`)
		return
	}
	d.ln("const config = {")
	d.ln("  password: process.env.DB_PASSWORD,")
	d.ln("  adminPassword: process.env.ADMIN_PASSWORD || 'changeme',")
	d.ln("  awsSecretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,")
	d.ln("};")
	d.ln("module.exports = config;")
}

func checkoutJS(d *doc, i int) {
	for _, id := range n("STRIPE_SECRET_KEY", "EMAIL_ADDRESS", "IP_ADDRESS") {
		d.negs[id] = true
	}
	d.ln("// storefront checkout, version ", fmt.Sprintf("%d.%d.%d", d.intn(1, 4), d.intn(0, 20), d.intn(0, 9)))
	d.ln("const stripe = Stripe('", d.stripePublishable(), "');")
	d.ln("const logo = '/img/logo@2x.png';")
	d.ln("const retina = ['/img/cart@2x.png', '/img/cart@3x.png'];")
	d.ln("document.querySelector('#pay').addEventListener('click', () => stripe.redirectToCheckout({ sessionId }));")
}

func awsDocs(d *doc, i int) {
	for _, id := range n("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AZURE_STORAGE_ACCOUNT_KEY", "GITHUB_TOKEN", "IP_ADDRESS", "PRIVATE_KEY", "SLACK_TOKEN") {
		d.negs[id] = true
	}
	d.ln("# Configuring credentials")
	d.ln("")
	d.ln("Create `~/.aws/credentials` with your keys, for example:")
	d.ln("")
	d.ln("    [default]")
	d.ln("    aws_access_key_id = AKIAIOSFODNN7EXAMPLE")
	d.ln("    aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	d.ln("")
	d.ln("For local development against Azurite use the emulator connection string:")
	d.ln("")
	d.ln("    DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")
	d.ln("")
	d.ln("Set `GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` and `SLACK_TOKEN=xoxb-xxxxxxxxxxxx-xxxxxxxxxxxx` in your shell.")
	d.ln("")
	d.ln("Paste your key between the markers:")
	d.ln("")
	d.ln("    -----BEGIN RSA PRIVATE KEY-----")
	d.ln("    <your private key here>")
	d.ln("    -----END RSA PRIVATE KEY-----")
}

func publicKeys(d *doc, i int) {
	d.negs["PRIVATE_KEY"] = true
	d.ln("# public keys of the release signers")
	d.w(d.publicKeyPEM())
	d.w(d.rsaPublicKeyPEM())
}

func networkNotes(d *doc, i int) {
	for _, id := range n("IP_ADDRESS", "MAC_ADDRESS", "PHONE_NUMBER") {
		d.negs[id] = true
	}
	switch i % 3 {
	case 0:
		d.ln("127.0.0.1       localhost")
		d.ln("127.0.1.1       build-host")
		d.ln("::1             localhost ip6-localhost ip6-loopback")
		d.ln("ff02::1         ip6-allnodes")
		d.ln("ff02::2         ip6-allrouters")
	case 1:
		d.ln("lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536")
		d.ln("        inet 127.0.0.1  netmask 255.0.0.0")
		d.ln("        inet6 ::1  prefixlen 128  scopeid 0x10<host>")
		d.ln("        loop  txqueuelen 1000  (Local Loopback)")
		d.ln("        ether 00:00:00:00:00:00  txqueuelen 1000")
		d.ln("        RX packets 58213  bytes 4921806 (4.9 MB)")
	case 2:
		d.ln("# firewall notes")
		d.ln("allow mDNS to 224.0.0.251 port 5353")
		d.ln("allow SSDP to 239.255.255.250:1900")
		d.ln("drop broadcast to 255.255.255.255")
		d.ln("subnet mask 255.255.255.0, wildcard 0.0.0.0")
		d.ln("server listens on 0.0.0.0:443 and [::]:443")
		d.ln("release notes for firmware 4.2.1 and 10.4.17")
	}
}

func mailServerLog(d *doc, i int) {
	d.negs["EMAIL_ADDRESS"] = true
	for k := 0; k < 6; k++ {
		q := strings.ToUpper(d.hexString(10))
		d.ln(fmt.Sprintf("Mar %2d 10:%02d:%02d mx1 postfix/cleanup[%d]: %s: message-id=<%s.%s@mail.%s>", 1+i, k, d.intn(0, 59), d.intn(1000, 9999), q, d.hexString(14), q, d.pick(corpDomains...)))
		d.ln(fmt.Sprintf("Mar %2d 10:%02d:%02d mx1 postfix/smtp[%d]: %s: status=sent (250 2.0.0 Ok: queued as %s)", 1+i, k, d.intn(0, 59), d.intn(1000, 9999), q, strings.ToUpper(d.hexString(10))))
	}
	d.ln("Message-ID: <CAF=", d.hexString(16), "+", d.hexString(6), "@mail.gmail.com>")
	d.ln("In-Reply-To: <", d.uuid(), "@notifications.", d.pick(corpDomains...), ">")
}

func redactedLog(d *doc, i int) {
	for _, id := range n("PASSWORD", "CREDIT_CARD_NUMBER", "US_SSN", "CREDIT_CARD_SECURITY_CODE") {
		d.negs[id] = true
	}
	for k := 0; k < 6; k++ {
		ts := fmt.Sprintf("2024-03-%02dT11:%02d:%02dZ", 1+i, k, d.intn(0, 59))
		switch k % 3 {
		case 0:
			d.ln(ts, " INFO  login attempt user=", d.pick("admin", "ops", "jdoe"), " password=****")
		case 1:
			d.ln(ts, " INFO  card on file ending 4242 (masked ************4242), cvv=[REDACTED]")
		case 2:
			d.ln(ts, " INFO  kyc check ssn=***-**-6789 password=[REDACTED] result=pass")
		}
	}
}

// corrupt changes one digit of s at position pos (a check digit).
func corruptDigit(s string, pos int, by int) string {
	b := []byte(s)
	b[pos] = byte('0' + (int(b[pos]-'0')+by)%10)
	return string(b)
}

var allValidators = []numCheck{
	{"CREDIT_CARD_NUMBER", validate.CreditCard}, {"US_ABA_ROUTING_NUMBER", validate.ABARouting},
	{"US_SSN", validate.USSSN}, {"US_ITIN", validate.USITIN}, {"CA_SOCIAL_INSURANCE_NUMBER", validate.CASIN},
	{"AU_TAX_FILE_NUMBER", validate.AUTFN}, {"UK_NHS_NUMBER", validate.UKNHS}, {"US_NPI", validate.USNPI},
	{"IN_AADHAAR", validate.INAadhaar}, {"BR_CPF", validate.BRCPF}, {"FR_NIR", validate.FRNIR},
	{"ES_DNI", validate.ESDNI}, {"IT_FISCAL_CODE", validate.ITFiscalCode}, {"VEHICLE_IDENTIFICATION_NUMBER", validate.VIN},
	{"US_DEA_NUMBER", validate.USDEA}, {"IBAN", validate.IBAN}, {"UK_NATIONAL_INSURANCE_NUMBER", validate.UKNINO},
}

// invalid reports whether s validates as nothing at all.
func invalid(s string) bool {
	for _, c := range allValidators {
		if c.fn([]byte(s)) {
			return false
		}
	}
	return !clashes(s, "")
}

// fixtures is a QA file of invalid identifiers, each next to its keyword.
func fixtures(d *doc, i int) {
	type fx struct {
		id, label string
		make      func() string
	}
	list := []fx{
		{"US_SSN", "SSN (area 000)", func() string { return fmt.Sprintf("000-%02d-%04d", d.intn(1, 99), d.intn(1, 9999)) }},
		{"US_SSN", "SSN (area 666)", func() string { return fmt.Sprintf("666-%02d-%04d", d.intn(1, 99), d.intn(1, 9999)) }},
		{"US_SSN", "SSN (area 9xx)", func() string { return fmt.Sprintf("9%02d-%02d-%04d", d.intn(0, 99), d.intn(10, 49), d.intn(1, 9999)) }},
		{"US_SSN", "SSN (group 00)", func() string { return fmt.Sprintf("%03d-00-%04d", d.intn(1, 665), d.intn(1, 9999)) }},
		{"US_SSN", "SSN (serial 0000)", func() string { return fmt.Sprintf("%03d-%02d-0000", d.intn(1, 665), d.intn(1, 99)) }},
		{"CREDIT_CARD_NUMBER", "card number (bad check digit)", d.badLuhnCard},
		{"IBAN", "IBAN (bad check digits)", d.badIBAN},
		{"UK_NHS_NUMBER", "NHS number (bad check digit)", func() string {
			s := d.nhsDigits()
			return groupDigits(corruptDigit(s, 9, d.intn(1, 9)), 3, 3, 4)
		}},
		{"CA_SOCIAL_INSURANCE_NUMBER", "SIN (bad check digit)", func() string {
			s := onlyDigits(d.sin().S)
			return groupDigits(corruptDigit(s, 8, d.intn(1, 9)), 3, 3, 3)
		}},
		{"BR_CPF", "CPF (bad check digits)", func() string {
			s := onlyDigits(d.cpf().S)
			s = corruptDigit(s, 10, d.intn(1, 9))
			return s[:3] + "." + s[3:6] + "." + s[6:9] + "-" + s[9:]
		}},
		{"IN_AADHAAR", "Aadhaar (bad check digit)", func() string {
			s := onlyDigits(d.aadhaar().S)
			return groupDigits(corruptDigit(s, 11, d.intn(1, 9)), 4, 4, 4)
		}},
		{"FR_NIR", "NIR (bad key)", func() string {
			s := onlyDigits(d.nir().S)
			return corruptDigit(s, 14, d.intn(1, 9))
		}},
		{"ES_DNI", "DNI (wrong letter)", func() string {
			s := d.dni().S
			last := s[len(s)-1]
			return s[:len(s)-1] + string(dniLetters[(strings.IndexByte(dniLetters, last)+d.intn(1, 22))%23])
		}},
		{"IT_FISCAL_CODE", "codice fiscale (wrong check letter)", func() string {
			s := d.codiceFiscale(d.intlPerson("it"), false).S
			return s[:15] + string(rune('A'+(int(s[15]-'A')+d.intn(1, 25))%26))
		}},
		{"VEHICLE_IDENTIFICATION_NUMBER", "VIN (wrong check digit)", func() string {
			s := d.vin().S
			c := byte('0' + d.intn(0, 9))
			for c == s[8] {
				c = byte('0' + d.intn(0, 9))
			}
			return s[:8] + string(c) + s[9:]
		}},
		{"US_NPI", "NPI (bad check digit)", func() string { return corruptDigit(d.npi().S, 9, d.intn(1, 9)) }},
		{"US_DEA_NUMBER", "DEA number (bad check digit)", func() string { s := d.dea("Smith").S; return corruptDigit(s, 8, d.intn(1, 9)) }},
		{"US_ABA_ROUTING_NUMBER", "routing number (bad check digit)", func() string { return corruptDigit(d.aba().S, 8, d.intn(1, 9)) }},
		{"AU_TAX_FILE_NUMBER", "TFN (bad check digit)", func() string {
			s := onlyDigits(d.tfn().S)
			return groupDigits(corruptDigit(s, 8, d.intn(1, 9)), 3, 3, 3)
		}},
	}
	d.ln("# Form validation fixtures")
	d.ln("# Every value below must be REJECTED by the sign-up form: each has a wrong check digit or an unassigned range.")
	d.ln("")
	start := (i * 5) % len(list)
	for k := 0; k < 10; k++ {
		f := list[(start+k)%len(list)]
		var v string
		for tries := 0; ; tries++ {
			v = f.make()
			if invalid(v) {
				break
			}
			if tries > 1000 {
				panic("cannot make an invalid " + f.id)
			}
		}
		d.neg(n(f.id), "invalid ", f.label, ": ", v)
		d.ln("")
	}
}

func groupDigits(s string, sizes ...int) string {
	var parts []string
	for _, n := range sizes {
		parts = append(parts, s[:n])
		s = s[n:]
	}
	return strings.Join(parts, " ")
}

// meetingNotes: dates, times, versions and numbers with no sensitive
// context.
func meetingNotes(d *doc, i int) {
	for _, id := range n("DATE_OF_BIRTH", "PHONE_NUMBER", "US_SSN", "US_BANK_ACCOUNT_NUMBER", "MEDICAL_RECORD_NUMBER", "US_PASSPORT_NUMBER", "IP_ADDRESS", "CREDIT_CARD_EXPIRATION") {
		d.negs[id] = true
	}
	d.ln("Release planning, ", fmt.Sprintf("%s %d, 2024", monthNames[d.intn(0, 11)], d.intn(1, 28)))
	d.ln("")
	d.ln("- Version ", fmt.Sprintf("%d.%d.%d", d.intn(1, 4), d.intn(0, 20), d.intn(0, 9)), " ships on ", fmt.Sprintf("2024-%02d-%02d", d.intn(4, 12), d.intn(1, 28)), "; code freeze at 17:00 the day before.")
	d.ln("- Ticket ", d.orderID(), " (login timeout) moves to the next sprint.")
	d.ln("- The batch job runs every night between 01:30 and 03:45 UTC.")
	d.ln("- Budget line ", fmt.Sprintf("%d-%04d-%03d", d.intn(10, 99), d.intn(1000, 9999), d.intn(100, 999)), " covers the new load balancers.")
	d.ln("- Next review: ", fmt.Sprintf("%02d/%02d/2024", d.intn(1, 12), d.intn(1, 28)), ".")
	d.ln("- Upgrade the database driver from 1.14.2 to 1.16.0.")
}

// formTemplate is documentation and blank forms: labels with placeholder
// values, prose about passwords, names of things that are not people,
// coordinates and an embedded image.
func formTemplate(d *doc, i int) {
	for _, id := range n("PASSWORD", "PERSON_NAME", "PHONE_NUMBER", "US_SSN", "CREDIT_CARD_NUMBER", "DATE_OF_BIRTH",
		"AWS_SECRET_ACCESS_KEY", "AZURE_STORAGE_ACCOUNT_KEY", "PRIVATE_KEY", "JSON_WEB_TOKEN", "IP_ADDRESS", "EMAIL_ADDRESS",
		"POSTAL_ADDRESS", "GOOGLE_API_KEY") {
		d.negs[id] = true
	}
	d.ln("# Account request form (template)")
	d.ln("")
	d.ln("Name: Backup Policy Review")
	d.ln("Project name: Blue Harbor Migration")
	d.ln("Team name: Platform Engineering")
	d.ln("Full name: ____________________")
	d.ln("Date of birth: YYYY-MM-DD")
	d.ln("SSN: XXX-XX-XXXX")
	d.ln("Phone: N/A")
	d.ln("Card number: XXXX-XXXX-XXXX-", fmt.Sprintf("%04d", d.intn(1000, 9999)))
	d.ln("")
	d.ln("Password: must be at least 14 characters and include a symbol.")
	d.ln("Forgot your password? Use the reset link on the sign-in page.")
	d.ln("The password field is required.")
	d.ln("")
	d.ln("Office location: ", fmt.Sprintf("%d.%06d, -%d.%06d", d.intn(30, 50), d.intn(0, 999999), d.intn(70, 120), d.intn(0, 999999)))
	d.ln("")
	d.ln(`<img alt="logo" src="data:image/png;base64,`, base64Blob(d, 420), `">`)
}

func base64Blob(d *doc, n int) string {
	for {
		s := b64std(d.bytes(n))
		if noRun(s, 4) {
			return s
		}
	}
}
