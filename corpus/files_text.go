package corpus

import (
	"fmt"
	"strings"
)

// Prose: letters, e-mails, clinical notes. Names are only ever written
// after a salutation or a label (Dear, Name:, Patient:, Mr./Ms., Dr.),
// which is where the ground truth counts them; signatures are teams, not
// people.

var bankFiller = []string{
	"Thank you for choosing us for your everyday banking.",
	"Your debit card will arrive separately in a plain envelope within a week.",
	"Online banking is available as soon as you activate the card.",
	"We will never ask you to confirm your details by text message.",
	"Statements are issued monthly and can be downloaded from the member portal.",
	"Please keep this letter in a safe place.",
}

var clinicFiller = []string{
	"Patient reports intermittent symptoms over the past few weeks, worse at night.",
	"No known drug allergies. Non-smoker. Drinks alcohol occasionally.",
	"Vital signs within normal limits. Lungs clear to auscultation bilaterally.",
	"Discussed diet, exercise and medication adherence at length.",
	"Follow up in the clinic in six weeks or sooner if symptoms worsen.",
	"Labs ordered: complete blood count, basic metabolic panel, lipid panel.",
	"Patient verbalized understanding of the plan and agrees with it.",
}

func (d *doc) filler(lines []string, k int) {
	start := d.r.IntN(len(lines))
	for j := 0; j < k; j++ {
		d.ln(lines[(start+j)%len(lines)])
	}
}

func bankLetterUS(d *doc, i int) {
	p := d.person()
	d.ln("Northwind Federal Credit Union")
	d.ln("Member Services Department")
	d.ln("")
	d.ln("Dear ", p.name(), ",")
	d.ln("")
	d.ln("Thank you for opening a checking account with Northwind Federal. The details of your new account are below.")
	d.filler(bankFiller, 2)
	d.ln("")
	d.ln("Name: ", p.name())
	if i%2 == 0 {
		d.ln("Mailing address:")
		d.ln(d.usAddressBlock())
	} else {
		d.ln("Mailing address: ", d.usAddress())
	}
	d.ln("Account number: ", d.bankAccount())
	d.ln("Routing number: ", d.aba())
	d.ln("")
	if i%2 == 0 {
		d.ln("To receive international wires, give the sender our SWIFT code ", d.swift(), " and your account details above.")
	}
	d.ln("Questions? Call member services at ", d.usPhone(), " or write to ", d.roleEmail("northwind-traders.com"), ".")
	d.ln("")
	d.ln("Sincerely,")
	d.ln("Member Services")
}

func bankLetterEU(d *doc, i int) {
	p := d.person()
	country := []string{"DE", "FR", "NL", "ES", "IT", "BE", "AT", "IE", "CH", "GB"}[i%10]
	d.ln("Globex Treasury Operations")
	d.ln("")
	d.ln("Dear ", p.name(), ",")
	d.ln("")
	d.ln("We confirm the bank details you gave us for the refund of your deposit.")
	d.ln("Please check them carefully; payments to a wrong account cannot be recalled.")
	d.ln("")
	d.ln("Beneficiary name: ", p.name())
	d.ln("IBAN: ", d.iban(country))
	d.ln("BIC / SWIFT: ", d.swift())
	d.ln("")
	d.ln("If you prefer, the refund can instead be sent to your other account ", d.iban(""), ".")
	d.ln("Contact us at ", d.roleEmail("globex.co.uk"), " if anything is wrong.")
	d.ln("")
	d.ln("Kind regards,")
	d.ln("Treasury Operations")
}

func hrRecord(d *doc, i int) {
	p := d.person()
	d.ln("Initech Human Resources - employee onboarding record")
	d.ln("")
	d.ln("Name: ", p.name())
	d.ln("Date of birth: ", d.dob())
	if i%3 == 0 {
		d.ln("ITIN: ", d.itin())
	} else {
		d.ln("Social Security Number: ", d.ssn(i%4 == 1))
	}
	d.ln("Home address: ", d.usAddress())
	d.ln("Mobile phone: ", d.usPhone())
	d.ln("Personal email: ", d.email(p))
	d.ln("Passport number: ", d.passport())
	d.ln("Driver's license number: ", d.driversLicense())
	d.ln("")
	d.ln("Direct deposit")
	d.ln("  Bank routing number: ", d.aba())
	d.ln("  Bank account number: ", d.bankAccount())
	d.ln("")
	d.ln("Dear ", p.name(), ",")
	d.ln("Welcome to Initech. Your laptop is ready for pickup at the front desk.")
	if i%2 == 0 {
		m := d.person()
		d.ln("Your manager, ", V{"PERSON_NAME", d.pick("Mr. ", "Ms. ") + m.Full()}, ", will meet you in the lobby.")
	}
	d.ln("Your temporary password is: ", d.password())
	d.ln("You will be asked to change it at first login.")
	d.ln("")
	d.ln("People Operations")
}

// emailHeaders writes the header; from and to are addresses, or
// []any{name V, " <", address V, ">"} with a display name.
func emailHeaders(d *doc, from, to any, subject string) {
	d.ln(append([]any{"From: "}, flat(from)...)...)
	d.ln(append([]any{"To: "}, flat(to)...)...)
	d.ln("Subject: ", subject)
	d.ln(fmt.Sprintf("Date: %s, %02d %s 2024 %02d:%02d:%02d +0000", d.pick("Mon", "Tue", "Wed", "Thu", "Fri"), d.intn(1, 28), d.pick("Jan", "Feb", "Mar", "Apr", "May"), d.intn(7, 19), d.intn(0, 59), d.intn(0, 59)))
	d.ln("Message-ID: <", d.hexString(12), ".", d.hexString(8), "@mail.", d.pick(corpDomains...), ">")
	d.ln("MIME-Version: 1.0")
	d.ln(`Content-Type: text/plain; charset="utf-8"`)
	d.ln("")
}

func flat(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

// named is a "Display Name <address>" mailbox.
func named(p person, addr V) []any { return []any{p.name(), " <", addr, ">"} }

func mailMessage(d *doc, i int) {
	p := d.person()
	switch i % 4 {
	case 0: // credentials sent by mail
		emailHeaders(d, d.roleEmail("acmecorp.io"), named(p, d.email(p)), "Your new account")
		d.ln("Dear ", p.name(), ",")
		d.ln("")
		d.ln("An account has been created for you on the reporting portal.")
		d.ln("Username: ", strings.ToLower(p.First[:1]+p.Last))
		d.ln("Password: ", d.password())
		d.ln("")
		d.ln("The database is reachable at ", d.urlCreds(), " from the office network.")
		d.ln("")
		d.ln("IT Service Desk")
	case 1: // payroll
		emailHeaders(d, d.roleEmail("initech.com"), d.roleEmail("initech.com"), "New hire payroll setup")
		d.ln("Hi team,")
		d.ln("")
		d.ln("Please set up payroll for our new hire:")
		d.ln("Name: ", p.name())
		d.ln("SSN: ", d.ssn(false))
		d.ln("DOB: ", d.dob())
		d.ln("Direct deposit routing number ", d.aba(), ", account number ", d.bankAccount())
		d.ln("Reach the employee at ", d.usPhone(), " or ", d.email(p), ".")
		d.ln("")
		d.ln("Thanks,")
		d.ln("Payroll")
	case 2: // customer sends card details
		emailHeaders(d, named(p, d.email(p)), d.roleEmail("northwind-traders.com"), "Re: order on hold")
		card, brand := d.card()
		d.ln("Hello,")
		d.ln("")
		d.ln("My order is still on hold. Please charge my ", brand, " card instead:")
		d.ln("Card number: ", card)
		d.ln("Expiration date: ", d.expiry())
		d.ln("Security code (CVV): ", d.cvv(brand == "American Express"))
		d.ln("")
		d.ln("You can call me back on ", d.usPhone(), ".")
		d.ln("Ship to: ", d.usAddress())
	case 3: // support ticket with network details
		emailHeaders(d, d.roleEmail("fabrikam.net"), d.email(p), "Security alert: new sign-in")
		d.ln("Dear ", p.name(), ",")
		d.ln("")
		d.ln("We noticed a new sign-in to your account from IP address ", d.publicIP(), ".")
		d.ln("The device reported the hardware address ", d.mac(), ".")
		d.ln("If this was not you, reply to ", d.roleEmail("fabrikam.net"), " immediately.")
		d.ln("")
		d.ln("Fabrikam Security")
	}
}

func clinicalNoteUS(d *doc, i int) {
	p := d.person()
	md := d.person()
	d.ln("Contoso Health - outpatient clinical note")
	d.ln("")
	d.ln("Patient: ", p.name())
	d.ln("DOB: ", d.dob())
	d.ln("MRN: ", d.mrn())
	if i%2 == 0 {
		d.ln("Medicare Beneficiary Identifier (MBI): ", d.mbi())
	}
	d.ln("Address: ", d.usAddress())
	d.ln("Phone: ", d.usPhone())
	d.ln("")
	d.ln("Chief complaint: follow-up of chronic conditions.")
	d.filler(clinicFiller, 3)
	d.ln("")
	c1, desc1 := d.icd()
	d.ln("Diagnosis: ", c1, " (", desc1, ")")
	if i%3 != 0 {
		c2, desc2 := d.icd()
		for c2.S == c1.S {
			c2, desc2 = d.icd()
		}
		d.ln("Secondary diagnosis: ", c2, " (", desc2, ")")
	}
	d.ln("")
	d.ln("Plan: continue current medication, recheck in six weeks.")
	d.ln("Attending physician: Dr. ", md.name())
	d.ln("Physician NPI: ", d.npi())
	if i%2 == 1 {
		d.ln("Prescriber DEA number: ", d.dea(md.Last))
	}
}

func clinicalNoteUK(d *doc, i int) {
	p := d.intlPerson("uk")
	d.ln("Riverside GP Surgery - consultation summary")
	d.ln("")
	d.ln("Patient: ", p.name())
	d.ln("Date of birth: ", d.dob())
	d.ln("NHS number: ", d.nhs())
	d.ln("Address: ", d.ukAddress())
	d.ln("Telephone: ", d.ukPhone())
	d.ln("")
	d.filler(clinicFiller, 3)
	c, desc := d.icd()
	d.ln("ICD-10 diagnosis: ", c, " - ", desc)
	d.ln("")
	d.ln("Referral letter sent to the hospital team.")
}

// intlLetter covers the national identifiers in prose.
func intlLetter(d *doc, i int) {
	switch i % 9 {
	case 0:
		p := d.intlPerson("uk")
		d.ln("Dear ", p.name(), ",")
		d.ln("")
		d.ln("Thank you for your application. We have recorded your National Insurance number as ", d.nino(), ".")
		d.ln("Please quote it on all correspondence with the payroll office.")
		d.ln("Correspondence address: ", d.ukAddress())
		d.ln("Phone: ", d.ukPhone())
	case 1:
		p := d.intlPerson("ca")
		d.ln("Service Canada - benefits application")
		d.ln("Name: ", p.name())
		d.ln("Social Insurance Number (SIN): ", d.sin())
		d.ln("Email: ", d.email(p))
		d.ln("Your SIN is confidential; do not share it with anyone who does not need it.")
	case 2:
		p := d.intlPerson("fr")
		d.ln("Dear ", p.name(), ",")
		d.ln("")
		d.ln("Your French social security number (NIR) on file is ", d.nir(), ".")
		d.ln("Reimbursements will be paid to IBAN ", d.iban("FR"), ".")
	case 3:
		p := d.intlPerson("es")
		d.ln("Name: ", p.name())
		d.ln("DNI: ", d.dni())
		d.ln("IBAN: ", d.iban("ES"))
		d.ln("Email: ", d.email(p))
	case 4:
		p := d.intlPerson("it")
		d.ln("Dear ", p.name(), ",")
		d.ln("")
		d.ln("To complete your registration we need your codice fiscale. We have recorded ", d.codiceFiscale(p, i%2 == 0), ".")
		d.ln("Refunds go to IBAN ", d.iban("IT"), ".")
	case 5:
		p := d.intlPerson("in")
		d.ln("KYC verification summary")
		d.ln("Name: ", p.name())
		d.ln("Aadhaar number: ", d.aadhaar())
		d.ln("PAN: ", d.pan(p))
		d.ln("Email: ", d.email(p))
	case 6:
		p := d.intlPerson("br")
		d.ln("Dear ", p.name(), ",")
		d.ln("")
		d.ln("Your CPF ", d.cpf(), " has been linked to the loyalty account.")
		d.ln("Contact: ", d.email(p))
	case 7:
		p := d.intlPerson("au")
		d.ln("Employee tax declaration")
		d.ln("Name: ", p.name())
		d.ln("Tax file number (TFN): ", d.tfn())
		d.ln("Email: ", d.email(p))
	case 8:
		p := d.person()
		d.ln("Umbrella Insurance - auto claim acknowledgement")
		d.ln("")
		d.ln("Dear ", p.name(), ",")
		d.ln("")
		d.ln("We have opened a claim for your vehicle. VIN: ", d.vin(), ".")
		d.ln("Our records show the policyholder was born on ", d.dob(), ".")
		d.ln("The vehicle will be inspected at ", d.usAddress(), ".")
		d.ln("Your adjuster can be reached at ", d.usPhone(), ".")
	}
}

// appLog is an application log with values leaking into log lines.
func appLog(d *doc, i int) {
	ts := func(k int) string {
		return fmt.Sprintf("2024-03-%02dT%02d:%02d:%02d.%03dZ", 1+i%27, 8+k/60, k%60, d.intn(0, 59), d.intn(0, 999))
	}
	for k := 0; k < 16; k++ {
		req := d.uuid()
		switch (k + i) % 9 {
		case 0:
			p := d.person()
			d.ln(ts(k), " INFO  [req=", req, "] login ok user=", d.email(p), " ip=", d.ip())
		case 1:
			card, brand := d.card()
			if i%2 == 0 {
				d.ln(ts(k), " WARN  [req=", req, "] payment declined card=", card, " amount=42.50 currency=USD")
			} else {
				d.ln(ts(k), " DEBUG [req=", req, "] charge payload card_number=", card, " exp=", d.expiry(), " cvv=", d.cvv(brand == "American Express"))
			}
		case 2:
			d.ln(ts(k), " DEBUG [req=", req, "] outbound request headers: Authorization: Bearer ", d.jwt())
		case 3:
			d.ln(ts(k), " ERROR [req=", req, "] db connect failed dsn=", d.urlCreds())
		case 4:
			d.ln(ts(k), " INFO  dhcp lease mac=", d.mac(), " ip=", d.privateIP())
		case 5:
			d.ln(ts(k), " INFO  [req=", req, "] sms sent to ", d.usPhone(), " template=otp")
		case 6:
			d.ln(ts(k), " INFO  [req=", req, "] proxied to upstream ", d.privateIP(), ":", d.pick("8080", "5432", "6379"), " latency_ms=12")
		case 7:
			if i%3 == 0 {
				d.ln(ts(k), " INFO  client connected from ", d.ipv6())
			} else {
				d.ln(ts(k), " INFO  forwarded for ", d.publicIP(), " via ", d.privateIP())
			}
		case 8:
			d.ln(ts(k), " WARN  [req=", req, "] login failed user=", d.pick("admin", "root", "svc_backup"), " password=", d.password())
		}
	}
}

var chromeUAs = []string{
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.94 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0",
	"curl/8.5.0",
}

// accessLog is an nginx combined log: client addresses are findings,
// paths, sizes, timestamps and user agents are not.
func accessLog(d *doc, i int) {
	paths := []string{"/api/v1/orders", "/api/v1/cart", "/static/app.js", "/login", "/healthz", "/api/v1/search?q=boots"}
	for k := 0; k < 14; k++ {
		d.ln(d.ip(), fmt.Sprintf(` - - [%02d/Mar/2024:%02d:%02d:%02d +0000] "%s %s HTTP/1.1" %d %d "-" "%s"`,
			1+i%27, 10+k/30, (k*2)%60, d.intn(0, 59), d.pick("GET", "GET", "POST"), d.pick(paths...), []int{200, 200, 201, 304, 404}[d.r.IntN(5)], d.intn(120, 9800), d.pick(chromeUAs...)))
	}
}
