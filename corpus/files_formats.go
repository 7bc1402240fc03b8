package corpus

import (
	"fmt"
	"mime/quotedprintable"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
)

// Binary and container formats: office documents, PDF, Parquet, Avro,
// XML, HTML, archives, compressed streams, e-mail with attachments and
// UTF-16 text. Their text is made by the same templates as the text
// formats (captured) or counted as it is rendered, so what a container
// holds counts toward the container (DESIGN.md).

// cells renders table rows, counting their values.
func (d *doc) cells(rows [][]any) [][]string {
	out := make([][]string, len(rows))
	for r, row := range rows {
		out[r] = make([]string, len(row))
		for c, v := range row {
			out[r][c] = d.text(v)
		}
	}
	return out
}

// plain renders parts like text but counts nothing: a second rendering of
// text already counted (the HTML alternative of a mail body).
func plain(parts ...any) string {
	var b strings.Builder
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			b.WriteString(p)
		case V:
			b.WriteString(p.S)
		default:
			fmt.Fprint(&b, p)
		}
	}
	return b.String()
}

// ---------------------------------------------------------------------------
// Office documents.

func onboardingDOCX(d *doc, i int) {
	body := []wpara{{text: "Employee onboarding record", style: "Title"}}
	// hrRecord's first line is its letterhead, the header here.
	for _, l := range d.lines(func() { hrRecord(d, i) })[1:] {
		body = append(body, wpara{text: l, tab: d.chance(0.3)})
	}
	body = append(body, wpara{text: "Emergency contact", style: "Heading1"})
	c := d.person()
	body = append(body, wpara{table: [][]string{
		{"Field", "Details"},
		{"Contact name", d.text(c.name())},
		{"Relationship", d.pick("Spouse", "Sibling", "Parent", "Friend")},
		{"Mobile phone", d.text(d.usPhone())},
		{"Personal email", d.text(d.email(c))},
	}})
	body = append(body, wpara{text: ""}, wpara{text: "Questions about benefits? Write to People Operations.", link: d.text("mailto:", d.roleEmail("initech.com"))})
	comments := []string{"Checked against the I-9 documents.", d.text("Temporary VPN password: ", d.password())}
	d.setData(d.docxBytes("Employee onboarding record", "Initech Human Resources", "Confidential", body, comments))
}

func bankLetterDOCX(d *doc, i int) {
	var body []wpara
	lines := d.lines(func() { bankLetterUS(d, i) })
	body = append(body, wpara{text: lines[0], style: "Title"})
	for _, l := range lines[1:] {
		body = append(body, wpara{text: l, tab: d.chance(0.3)})
	}
	body = append(body, wpara{text: "Incoming wire instructions", style: "Heading1"},
		wpara{table: [][]string{
			{"Beneficiary bank", "Northwind Federal Credit Union"},
			{"SWIFT code", d.text(d.swift())},
			{"Correspondent IBAN", d.text(d.iban(""))},
			{"Bank address", d.text(d.usAddress())},
		}})
	d.setData(d.docxBytes("Account opening letter", "Northwind Federal Credit Union", "Member Services", body, nil))
}

func clinicalDOCX(d *doc, i int) {
	var body []wpara
	lines := d.lines(func() { clinicalNoteUS(d, i) })
	body = append(body, wpara{text: lines[0], style: "Title"})
	for _, l := range lines[1:] {
		body = append(body, wpara{text: l, tab: d.chance(0.25)})
	}
	d.setData(d.docxBytes("Outpatient clinical note", "Contoso Health", "Protected health information", body,
		[]string{d.text("Copy sent to the billing office, fax ", d.usPhone(), ".")}))
}

// workbookXLSX has several sheets of the table templates; the header row
// names each column, and a summary sheet holds nothing sensitive.
func workbookXLSX(d *doc, i int) {
	var sheets []xsheet
	if i%2 == 1 {
		cust := customersRows(d, i)
		num := []int{}
		if i%4 != 1 {
			num = []int{0}
		}
		sheets = append(sheets,
			sheetOf("Customers", d.cells(cust), num...),
			sheetOf("Payments", d.cells(paymentsRows(d, i)), 7),
			sheetOf("Vendors", d.cells(usBankRows(d, i))))
	} else {
		sheets = append(sheets,
			sheetOf("Clinic visits", d.cells(patientsRows(d, i)), 4),
			sheetOf("Staff", d.cells(employeesRows(d, i))),
			sheetOf("International", d.cells(intlRows(d, 1+(i/2)%8))))
	}
	sheets = append(sheets, sheetOf("Summary", [][]string{
		{"Metric", "Value"},
		{"Rows exported", fmt.Sprint(d.intn(20, 60))},
		{"Export batch", fmt.Sprintf("B-%s", strings.ToUpper(d.from("abcdefghjkmnpqrstuvwxyz", 5)))},
		{"Checked", "yes"},
	}, 1))
	d.setData(xlsxBytes("Quarterly export", sheets))
}

func reviewPPTX(d *doc, i int) {
	slides := []pslide{{title: "Security incident review", body: []string{"Security Operations", "Post-incident review, March 2024"}}}
	slides = append(slides, pslide{title: "Timeline (UTC)", body: []string{
		d.text("09:12 alert: console sign-in from ", d.publicIP()),
		d.text("09:20 access key ", d.awsKeyID(), " used to list every bucket"),
		d.text("09:41 traffic traced to ", d.ipv6(), " and ", d.publicIP()),
		"10:05 key disabled, sessions revoked",
	}, notes: []string{d.text("The build host behind the NAT was ", d.privateIP(), ", MAC ", d.mac(), ".")}})
	slides = append(slides, pslide{title: "What leaked", body: []string{
		"Found in a public repository:",
		d.text("aws_secret_access_key = ", d.awsSecret()),
		d.text("GITHUB_TOKEN=", d.githubToken()),
		d.text("SLACK_BOT_TOKEN=", d.slackToken()),
	}, notes: []string{
		d.text("Also rotate the reporting database password: ", d.password()),
		d.text("Replica connection string: ", d.urlCreds()),
	}})
	if i%2 == 1 {
		p := d.person()
		card, _ := d.card()
		slides = append(slides, pslide{title: "Affected customer", body: []string{
			d.text("Customer name: ", p.name()),
			d.text("Email: ", d.email(p)),
			d.text("Phone: ", d.usPhone()),
			d.text("Card number on file: ", card),
		}, notes: []string{d.text("Call ", V{"PERSON_NAME", "Ms. " + p.Last}, " back before Friday.")}})
	} else {
		slides = append(slides, pslide{title: "Exposed service account", body: []string{
			d.text("Stripe key in the same commit: ", d.stripeKey()),
			d.text("Maps key: ", d.googleAPIKey()),
			d.text("Bearer token seen in the proxy log: ", d.jwt()),
		}})
	}
	slides = append(slides, pslide{title: "Next steps", body: []string{"Enable secret scanning on every repository", "Move credentials to the vault", "Review in two weeks"},
		notes: []string{"Owner: platform team."}})
	d.setData(d.pptxBytes("Security incident review", slides))
}

func letterODT(d *doc, i int) {
	var lines []string
	switch i {
	case 1:
		lines = d.lines(func() { intlLetter(d, 1) })
	case 2:
		lines = d.lines(func() { intlLetter(d, 5) })
	default:
		lines = d.lines(func() { clinicalNoteUK(d, i) })
	}
	body := []opara{{text: "Correspondence", heading: true}}
	for _, l := range lines {
		body = append(body, opara{text: l, tab: d.chance(0.3)})
	}
	body = append(body, opara{text: "Payment details", heading: true}, opara{table: [][]string{
		{"IBAN", d.text(d.iban(""))},
		{"Reference", fmt.Sprintf("REF-%s", strings.ToUpper(d.from("abcdefghjkmnpqrstuvwxyz", 6)))},
	}})
	d.setData(d.odtBytes("Correspondence", body))
}

// ---------------------------------------------------------------------------
// PDF.

func statementPDF(d *doc, i int) {
	var letter []string
	if i%2 == 1 {
		letter = d.lines(func() { bankLetterUS(d, i) })
	} else {
		letter = d.lines(func() { bankLetterEU(d, i) })
	}
	tx := []string{"Card transactions, March 2024", "", "Date\tMerchant\tCard\tAmount"}
	merchants := []string{"Northwind Outfitters", "Contoso Grocery", "Fabrikam Fuel", "Tailspin Travel", "Wingtip Books"}
	for k := 0; k < 5+i%3; k++ {
		card, _ := d.card()
		tx = append(tx, d.text(fmt.Sprintf("2024-03-%02d\t%s\t", 1+k*4, merchants[(k+i)%len(merchants)]), card, fmt.Sprintf("\tUSD %d.%02d", d.intn(5, 900), d.intn(0, 99))))
	}
	tx = append(tx, "", "Report a lost card from the member portal.")
	p := d.person()
	form := pdfPage{
		lines: []string{"Direct deposit authorization", "", "Fill in the form and return it to member services.",
			"Employee name", "Social Security Number", "Date of birth", "Bank routing number", "Account number"},
		fields: [][2]string{
			{"Employee name", d.text(p.name())},
			{"Social Security Number", d.text(d.ssn(false))},
			{"Date of birth", d.text(d.dob())},
			{"Bank routing number", d.text(d.aba())},
			{"Account number", d.text(d.bankAccount())},
		},
		links:    []string{d.text("mailto:", d.roleEmail("northwind-traders.com"))},
		compress: i%2 == 0,
	}
	d.setData(d.pdfBytes(d.path, "Account statement", []pdfPage{{lines: letter}, {lines: tx, compress: i%2 == 1}, form}))
}

// clinicalPDF spreads a clinical note over two pages, cut at a blank
// line.
func clinicalPDF(d *doc, i int) {
	lines := d.lines(func() {
		if i%2 == 1 {
			clinicalNoteUS(d, i)
		} else {
			clinicalNoteUK(d, i)
		}
	})
	cut := len(lines) / 2
	for k := cut; k < len(lines); k++ {
		if lines[k] == "" {
			cut = k
			break
		}
	}
	pages := []pdfPage{{lines: lines[:cut], compress: true}, {lines: append([]string{"Clinical note (continued)"}, lines[cut:]...), compress: true}}
	d.setData(d.pdfBytes(d.path, "Clinical note", pages))
}

// ---------------------------------------------------------------------------
// Parquet and Avro.

type pqContact struct {
	Email string  `parquet:"email"`
	Phone *string `parquet:"phone,optional"`
}

type pqCustomer struct {
	CustomerID     int64     `parquet:"customer_id"`
	FullName       string    `parquet:"full_name"`
	DateOfBirth    string    `parquet:"date_of_birth"`
	SSN            *string   `parquet:"ssn,optional"`
	Contact        pqContact `parquet:"contact"`
	MailingAddress string    `parquet:"mailing_address"`
	CardNumber     string    `parquet:"card_number"`
	CardExpiry     string    `parquet:"card_expiry"`
	LastLoginIP    string    `parquet:"last_login_ip"`
	LifetimeValue  float64   `parquet:"lifetime_value"`
	Segments       []string  `parquet:"segments,list"`
}

type pqPatient struct {
	PatientName    string   `parquet:"patient_name"`
	MRN            string   `parquet:"mrn"`
	DOB            string   `parquet:"dob"`
	MBI            string   `parquet:"mbi"`
	AttendingNPI   int64    `parquet:"attending_npi"`
	PrescriberDEA  string   `parquet:"prescriber_dea"`
	DiagnosisCodes []string `parquet:"diagnosis_codes,list"`
	Phone          string   `parquet:"phone"`
	VisitCount     int32    `parquet:"visit_count"`
}

func customersParquet(d *doc, i int) {
	var rows []pqCustomer
	segs := []string{"retail", "premium", "churn-risk", "newsletter", "wholesale"}
	for k := 0; k < 8+i%3; k++ {
		p := d.person()
		card, _ := d.card()
		r := pqCustomer{
			CustomerID:     int64(100000 + d.intn(0, 89999)),
			FullName:       d.text(p.name()),
			DateOfBirth:    d.text(d.isoDOB()),
			Contact:        pqContact{Email: d.text(d.email(p))},
			MailingAddress: d.text(d.usAddress()),
			CardNumber:     d.text(card),
			CardExpiry:     d.text(d.expiry()),
			LastLoginIP:    d.text(d.ip()),
			LifetimeValue:  float64(d.intn(1000, 900000)) / 100,
			Segments:       []string{segs[k%len(segs)], segs[(k+i)%len(segs)]},
		}
		if k%3 != 2 {
			s := d.text(d.ssn(false))
			r.SSN = &s
		}
		if k%4 != 3 {
			ph := d.text(d.usPhone())
			r.Contact.Phone = &ph
		}
		rows = append(rows, r)
	}
	codecs := []compress.Codec{&parquet.Snappy, &parquet.Zstd, nil}
	d.setData(parquetBytes(rows, codecs[i%3]))
}

func patientsParquet(d *doc, i int) {
	var rows []pqPatient
	for k := 0; k < 7+i%2; k++ {
		p := d.person()
		c1, _ := d.icd()
		codes := []string{d.text(c1)}
		if k%2 == 0 {
			c2, _ := d.icd()
			for c2.S == c1.S {
				c2, _ = d.icd()
			}
			codes = append(codes, d.text(c2))
		}
		npi := d.npi()
		d.counts[npi.ID]++
		var n int64
		fmt.Sscan(npi.S, &n)
		rows = append(rows, pqPatient{
			PatientName:    d.text(p.name()),
			MRN:            d.text(d.mrn()),
			DOB:            d.text(d.isoDOB()),
			MBI:            d.text(d.mbi()),
			AttendingNPI:   n,
			PrescriberDEA:  d.text(d.dea(d.pick(lastNames...))),
			DiagnosisCodes: codes,
			Phone:          d.text(d.usPhone()),
			VisitCount:     int32(d.intn(1, 30)),
		})
	}
	d.setData(parquetBytes(rows, &parquet.Snappy))
}

const eventSchema = `{"type":"record","name":"Event","namespace":"com.acme.audit","fields":[
{"name":"event_id","type":"string"},
{"name":"ts","type":"string"},
{"name":"event","type":"string"},
{"name":"user","type":{"type":"record","name":"User","fields":[
  {"name":"full_name","type":"string"},
  {"name":"email","type":"string"},
  {"name":"phone","type":["null","string"],"default":null}]}},
{"name":"ip","type":"string"},
{"name":"card","type":["null",{"type":"record","name":"Card","fields":[
  {"name":"card_number","type":"string"},
  {"name":"card_expiry","type":"string"}]}],"default":null},
{"name":"ssn","type":["null","string"],"default":null},
{"name":"tags","type":{"type":"array","items":"string"}},
{"name":"amount_cents","type":"long"}]}`

type avUser struct {
	FullName string  `avro:"full_name"`
	Email    string  `avro:"email"`
	Phone    *string `avro:"phone"`
}

type avCard struct {
	CardNumber string `avro:"card_number"`
	CardExpiry string `avro:"card_expiry"`
}

type avEvent struct {
	EventID     string   `avro:"event_id"`
	TS          string   `avro:"ts"`
	Event       string   `avro:"event"`
	User        avUser   `avro:"user"`
	IP          string   `avro:"ip"`
	Card        *avCard  `avro:"card"`
	SSN         *string  `avro:"ssn"`
	Tags        []string `avro:"tags"`
	AmountCents int64    `avro:"amount_cents"`
}

func eventsAvro(d *doc, i int) {
	var recs []any
	for k := 0; k < 10; k++ {
		p := d.person()
		e := avEvent{
			EventID: d.uuid(),
			TS:      fmt.Sprintf("2024-04-%02dT%02d:%02d:%02dZ", 1+i, 9+k, d.intn(0, 59), d.intn(0, 59)),
			Event:   []string{"signup", "payment", "kyc_submitted", "login"}[(k+i)%4],
			User:    avUser{FullName: d.text(p.name()), Email: d.text(d.email(p))},
			IP:      d.text(d.ip()),
			Tags:    []string{"web", d.pick("ios", "android", "desktop")},
		}
		if k%2 == 0 {
			ph := d.text(d.usPhone())
			e.User.Phone = &ph
		}
		switch e.Event {
		case "payment":
			card, _ := d.card()
			e.Card = &avCard{CardNumber: d.text(card), CardExpiry: d.text(d.expiry())}
			e.AmountCents = int64(d.intn(100, 90000))
		case "kyc_submitted":
			s := d.text(d.ssn(false))
			e.SSN = &s
		}
		recs = append(recs, e)
	}
	codec := "deflate"
	if i%2 == 0 {
		codec = "null"
	}
	d.setData(avroOCF(d.path, eventSchema, codec, 4, recs))
}

// ---------------------------------------------------------------------------
// XML and HTML.

func customersXML(d *doc, i int) {
	var b strings.Builder
	w := func(parts ...any) { b.WriteString(d.text(parts...) + "\n") }
	w(`<?xml version="1.0" encoding="UTF-8"?>`)
	w(`<!-- CRM export; generated by the nightly job -->`)
	w(fmt.Sprintf(`<customers exported="2024-03-05T10:22:31Z" source="crm" batch="%s">`, strings.ToUpper(d.hexString(8))))
	for k := 0; k < 4+i%3; k++ {
		p := d.person()
		w(fmt.Sprintf(`  <customer id="C-%d" status="active">`, d.intn(1000, 9999)))
		w(`    <first_name>`, V{"PERSON_NAME", p.First}, `</first_name>`)
		w(`    <last_name>`, V{"PERSON_NAME", p.Last}, `</last_name>`)
		w(`    <email>`, d.email(p), `</email>`)
		w(`    <phone type="mobile">`, xmlEscV(d.usPhone()), `</phone>`)
		switch (k + i) % 3 {
		case 0:
			w(`    <ssn>`, d.ssn(false), `</ssn>`)
			w(`    <date_of_birth>`, d.isoDOB(), `</date_of_birth>`)
		case 1:
			w(`    <passport_number>`, d.passport(), `</passport_number>`)
			w(`    <drivers_license>`, d.driversLicense(), `</drivers_license>`)
		case 2:
			w(`    <itin>`, d.itin(), `</itin>`)
		}
		w(`    <address>`, d.usAddress(), `</address>`)
		card, brand := d.card()
		w(`    <payment brand="`, brand, `" card_expiry="`, d.expiry(), `">`)
		w(`      <card_number>`, card, `</card_number>`)
		w(`      <cvv>`, d.cvv(brand == "American Express"), `</cvv>`)
		w(`    </payment>`)
		w(`    <bank routing_number="`, d.aba(), `" account_number="`, d.bankAccount(), `"/>`)
		if k%2 == 0 {
			w(`    <note><![CDATA[Customer asked us to use `, d.email(p), ` & to stop calling.]]></note>`)
		}
		w(`  </customer>`)
	}
	w(`</customers>`)
	d.setData([]byte(b.String()))
}

// xmlEscV escapes a value's text for XML, keeping it a V.
func xmlEscV(v V) V { v.S = xmlEsc(v.S); return v }

func profileHTML(d *doc, i int) {
	p := d.person()
	var b strings.Builder
	w := func(parts ...any) { b.WriteString(d.text(parts...) + "\n") }
	esc := func(v V) V { v.S = xmlEsc(v.S); return v }
	w(`<!DOCTYPE html>`)
	w(`<html lang="en">`)
	w(`<head><meta charset="utf-8"><title>Account profile</title>`)
	w(`<style>td, th { padding: 4px 8px; text-align: left }</style></head>`)
	w(`<body>`)
	w(`<h1>Account profile</h1>`)
	w(`<p>Dear `, p.name(), `,</p>`)
	w(`<p>Please check the details we hold about you and tell us if anything is wrong.</p>`)
	w(`<table class="details">`)
	w(`<tr><th>Name:</th><td>`, p.name(), `</td></tr>`)
	w(`<tr><th>Email</th><td><a href="/account/email">`, d.email(p), `</a></td></tr>`)
	w(`<tr><th>SSN</th><td>`, d.ssn(false), `</td></tr>`)
	w(`<tr><th>Date of birth</th><td>`, d.dob(), `</td></tr>`)
	w(`<tr><th>Home address</th><td>`, esc(d.usAddress()), `</td></tr>`)
	if i%2 == 1 {
		w(`<tr><th>Driver's license</th><td>`, d.driversLicense(), `</td></tr>`)
	}
	w(`</table>`)
	w(`<form action="/profile" method="post">`)
	w(`<label for="phone">Phone</label> <input id="phone" name="phone" type="tel" value="`, esc(d.usPhone()), `">`)
	w(`<label for="passport">Passport number</label> <input id="passport" name="passport_number" value="`, d.passport(), `">`)
	w(`<button type="submit">Save</button>`)
	w(`</form>`)
	w(`<h2>Recent sign-ins</h2>`)
	w(`<table>`)
	w(`<tr><th>When</th><th>IP address</th><th>Device</th></tr>`)
	for k := 0; k < 3; k++ {
		w(fmt.Sprintf(`<tr><td>2024-03-%02d %02d:%02d</td><td>`, 1+k*3, d.intn(7, 22), d.intn(0, 59)), d.ip(), `</td><td>`, d.pick("Chrome on Windows", "Safari on iPhone", "Firefox on Linux"), `</td></tr>`)
	}
	w(`</table>`)
	w(`<!-- TODO remove before release: maps key `, d.googleAPIKey(), ` -->`)
	if i%2 == 0 {
		w(`<script>window.__CONFIG__ = {"stripeSecret": "`, d.stripeKey(), `", "env": "production"};</script>`)
	}
	w(`<footer>Questions? Write to `, d.roleEmail("northwind-traders.com"), `.</footer>`)
	w(`</body>`)
	w(`</html>`)
	d.setData([]byte(b.String()))
}

// ---------------------------------------------------------------------------
// Archives and compressed streams.

func exportZIP(d *doc, i int) {
	readme := "Nightly CRM export.\nFiles: customers.csv, nested/logs.tar.gz.\nGenerated by the export job; do not edit by hand.\n"
	ms := []member{
		{name: "export/", dir: true},
		{name: "export/README.txt", data: []byte(readme), store: true},
		{name: "export/customers.csv", data: d.capture(func() { customersCSV(d, i) })},
		{name: "export/nested/logs.tar.gz", data: gzipBytes("logs.tar", tarBytes(
			member{name: "logs/", dir: true},
			member{name: "logs/app.log", data: d.capture(func() { appLog(d, i) })},
			member{name: "config/app.env", data: d.capture(func() { dotEnv(d, i+1) })},
		))},
	}
	switch i {
	case 2:
		lines := d.lines(func() { bankLetterUS(d, i) })
		var body []wpara
		for _, l := range lines {
			body = append(body, wpara{text: l})
		}
		ms = append(ms, member{name: "export/letters/welcome.docx", data: d.docxBytes("Welcome letter", "Northwind Federal", "Member Services", body, nil)})
	case 3:
		ms = append(ms, member{name: "export/keys/deploy_key.pem", data: d.capture(func() { pemFile(d, i) }), store: true})
	}
	d.setData(zipBytes(ms...))
}

func backupTarGz(d *doc, i int) {
	ms := []member{
		{name: "backup/", dir: true},
		{name: "backup/db/patients.csv", data: d.capture(func() { patientsCSV(d, i) })},
		{name: "backup/config/service.yaml", data: d.capture(func() { appYAML(d, i) })},
		{name: "backup/keys/service_account.json", data: d.capture(func() { gcpKey(d, i) })},
		{name: "backup/mail/forwarded.eml", data: d.capture(func() { mailMessage(d, i) })},
	}
	d.setData(gzipBytes("", tarBytes(ms...)))
}

func gzipped(name string, fill func(d *doc, i int)) func(d *doc, i int) {
	return func(d *doc, i int) { d.setData(gzipBytes(name, d.capture(func() { fill(d, i) }))) }
}

func xzed(fill func(d *doc, i int)) func(d *doc, i int) {
	return func(d *doc, i int) { d.setData(xzBytes(d.capture(func() { fill(d, i) }))) }
}

func zstded(fill func(d *doc, i int)) func(d *doc, i int) {
	return func(d *doc, i int) { d.setData(zstdBytes(d.capture(func() { fill(d, i) }))) }
}

// ---------------------------------------------------------------------------
// E-mail with attachments.

func qpBody(s string) string {
	var b strings.Builder
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// attachMail is a multipart message: a text body (quoted-printable; with
// an HTML alternative in one of them, whose text is the same and counts
// once), a CSV and a PDF attached, and in one a forwarded message.
func attachMail(d *doc, i int) {
	p := d.person()
	mixed := "=_mixed_" + d.hexString(16)
	alt := "=_alt_" + d.hexString(16)
	var b strings.Builder
	h := func(parts ...any) { b.WriteString(d.text(parts...) + "\r\n") }
	h("From: ", d.roleEmail("initech.com"))
	h(append([]any{"To: "}, named(p, d.email(p))...)...)
	h("Subject: Payroll documents for review")
	h(fmt.Sprintf("Date: Tue, %02d Mar 2024 10:22:31 +0000", 4+i))
	h("Message-ID: <", d.hexString(16), ".", d.hexString(8), "@mail.initech.com>")
	h("MIME-Version: 1.0")
	h(`Content-Type: multipart/mixed; boundary="` + mixed + `"`)
	h("")
	h("This is a multi-part message in MIME format.")
	h("")

	body := [][]any{
		{"Dear ", p.name(), ","},
		{""},
		{"Please find attached the payroll changes for March and the signed direct deposit form."},
		{"The new hire's details, as requested:"},
		{"SSN: ", d.ssn(false)},
		{"Date of birth: ", d.dob()},
		{"Payroll portal password: ", d.password()},
		{""},
		{"Regards,"},
		{"Payroll Operations"},
	}
	var text, html strings.Builder
	for _, l := range body {
		text.WriteString(d.text(l...) + "\n")
		html.WriteString("<p>" + xmlEsc(plain(l...)) + "</p>\n")
	}
	h("--" + mixed)
	if i == 1 {
		h(`Content-Type: multipart/alternative; boundary="` + alt + `"`)
		h("")
		h("--" + alt)
	}
	h(`Content-Type: text/plain; charset="utf-8"`)
	h("Content-Transfer-Encoding: quoted-printable")
	h("")
	b.WriteString(qpBody(text.String()) + "\r\n")
	if i == 1 {
		h("--" + alt)
		h(`Content-Type: text/html; charset="utf-8"`)
		h("Content-Transfer-Encoding: quoted-printable")
		h("")
		b.WriteString(qpBody("<html><body>\n"+html.String()+"</body></html>\n") + "\r\n")
		h("--" + alt + "--")
		h("")
	}

	csv := d.capture(func() { usBankCSV(d, i) })
	h("--" + mixed)
	h(`Content-Type: text/csv; charset="utf-8"; name="vendor_bank_details.csv"`)
	h(`Content-Disposition: attachment; filename="vendor_bank_details.csv"`)
	h("Content-Transfer-Encoding: base64")
	h("")
	b.WriteString(base64Lines(csv))

	q := d.person()
	pdf := d.pdfBytes(d.path+"#form", "Direct deposit form", []pdfPage{{
		lines: []string{"Direct deposit form",
			"",
			d.text("Employee name: ", q.name()),
			d.text("Home address: ", d.usAddress()),
			d.text("Bank routing number: ", d.aba()),
			d.text("Bank account number: ", d.bankAccount()),
			"",
			"Signed and dated by the employee.",
		},
		compress: i%2 == 0,
	}})
	h("--" + mixed)
	h(`Content-Type: application/pdf; name="direct_deposit.pdf"`)
	h(`Content-Disposition: attachment; filename="direct_deposit.pdf"`)
	h("Content-Transfer-Encoding: base64")
	h("")
	b.WriteString(base64Lines(pdf))

	if i == 3 {
		fwd := d.capture(func() { mailMessage(d, 2) })
		h("--" + mixed)
		h(`Content-Type: message/rfc822; name="original.eml"`)
		h(`Content-Disposition: attachment; filename="original.eml"`)
		h("")
		b.WriteString(strings.ReplaceAll(string(fwd), "\n", "\r\n"))
	}
	h("--" + mixed + "--")
	d.setData([]byte(b.String()))
}

// ---------------------------------------------------------------------------
// UTF-16 text.

func utf16Text(bigEndian bool, fill func(d *doc, i int)) func(d *doc, i int) {
	return func(d *doc, i int) {
		d.setData(utf16Bytes(strings.ReplaceAll(string(d.capture(func() { fill(d, i) })), "\n", "\r\n"), bigEndian))
	}
}

// ---------------------------------------------------------------------------
// Hard negatives in binary formats.

func ordersXLSX(d *doc, i int) {
	for _, id := range n("CREDIT_CARD_NUMBER", "PHONE_NUMBER", "DATE_OF_BIRTH", "US_BANK_ACCOUNT_NUMBER", "US_ABA_ROUTING_NUMBER", "US_SSN",
		"US_PASSPORT_NUMBER", "MEDICAL_RECORD_NUMBER", "US_DRIVERS_LICENSE", "CA_SOCIAL_INSURANCE_NUMBER", "AU_TAX_FILE_NUMBER") {
		d.negs[id] = true
	}
	orders := [][]string{{"order_id", "order_date", "tracking_ref", "invoice_no", "sku", "qty", "total"}}
	for k := 0; k < 10; k++ {
		orders = append(orders, []string{d.orderID(), fmt.Sprintf("2024-%02d-%02d", d.intn(1, 12), d.intn(1, 28)), d.badLuhnCard(), d.phoneLikeInvoice(),
			fmt.Sprintf("SKU-%s", strings.ToUpper(d.from("abcdefghjkmnpqrstuvwxyz", 3))), fmt.Sprint(d.intn(1, 5)), fmt.Sprintf("%d.%02d", d.intn(5, 500), d.intn(0, 99))})
	}
	returns := [][]string{{"rma_number", "order_id", "received", "reason"}}
	for k := 0; k < 5; k++ {
		returns = append(returns, []string{fmt.Sprintf("RMA-%d-%04d", 2024, d.intn(0, 9999)), d.orderID(), fmt.Sprintf("%02d/%02d/2024", d.intn(1, 12), d.intn(1, 28)),
			d.pick("damaged in transit", "wrong size", "changed mind", "late delivery")})
	}
	d.setData(xlsxBytes("Orders", []xsheet{sheetOf("Orders", orders, 0, 5, 6), sheetOf("Returns", returns, 1)}))
}

// fixturesPDF holds invalid identifiers next to their keywords and a
// shipping notice: every value fails its check digit or is an order,
// invoice or tracking number.
func fixturesPDF(d *doc, i int) {
	fx := d.lines(func() { fixtures(d, i) })
	ship := d.lines(func() { shippingNotice(d, i) })
	d.setData(d.pdfBytes(d.path, "Form validation fixtures", []pdfPage{
		{lines: fx, compress: i%2 == 0},
		{lines: append([]string{"Shipping notice"}, ship...)},
	}))
}

func ciLogsTarGz(d *doc, i int) {
	d.setData(gzipBytes("", tarBytes(
		member{name: "ci/", dir: true},
		member{name: "ci/build.log", data: d.capture(func() { buildLog(d, i) })},
		member{name: "ci/manifest.json", data: d.capture(func() { deployManifest(d, i) })},
		member{name: "ci/example.env", data: d.capture(func() { placeholderEnv(d, i) })},
		member{name: "ci/redacted.log", data: d.capture(func() { redactedLog(d, i) })},
	)))
}

// ---------------------------------------------------------------------------
// Objects the scanner skips (listed in expected_status.csv): a picture
// and a legacy binary Word document. They hold no planted value.

func scanPNG(d *doc, i int) {
	d.expect("skipped", "unsupported format (png)")
	d.setData(d.pngBytes(96, 40))
}

func legacyDOC(d *doc, i int) {
	d.expect("skipped", "legacy Office binary format")
	d.setData(oleDoc("Facilities committee - minutes\r\rAgenda: parking, kitchen rota, fire drill schedule.\rNext meeting in two weeks.\r"))
}
