package corpus

import (
	"fmt"
	"strings"
)

// Structured data: CSV with and without headers, TSV, JSON, JSON Lines.
// Column names and JSON keys are the context of keyword-required values.

func customersRows(d *doc, i int) [][]any {
	rows := [][]any{}
	if i%2 == 1 {
		rows = append(rows, []any{"customer_id", "first_name", "last_name", "email", "phone", "ssn", "dob", "address"})
		for k := 0; k < 6+i%4; k++ {
			p := d.person()
			rows = append(rows, []any{fmt.Sprintf("C-%d", 1000+d.intn(0, 8999)), V{"PERSON_NAME", p.First}, V{"PERSON_NAME", p.Last},
				d.email(p), d.usPhone(), d.ssn(k%3 == 2), d.isoDOB(), d.usAddress()})
		}
	} else {
		rows = append(rows, []any{"id", "full_name", "email", "phone", "date_of_birth", "mailing_address", "drivers_license", "passport_number"})
		for k := 0; k < 6+i%4; k++ {
			p := d.person()
			rows = append(rows, []any{fmt.Sprint(k + 1), p.name(), d.email(p), d.usPhone(), d.dob(), d.usAddress(), d.driversLicense(), d.passport()})
		}
	}
	return rows
}

func customersCSV(d *doc, i int) { d.table(',', customersRows(d, i)) }

func paymentsRows(d *doc, i int) [][]any {
	rows := [][]any{{"order_ref", "cardholder_name", "card_number", "card_expiry", "cvv", "billing_address", "email", "amount"}}
	for k := 0; k < 6+i%5; k++ {
		p := d.person()
		card, brand := d.card()
		rows = append(rows, []any{fmt.Sprintf("ord-%s", d.hexString(8)), p.name(), card, d.expiry(), d.cvv(brand == "American Express"),
			d.usAddress(), d.email(p), fmt.Sprintf("%d.%02d", d.intn(5, 900), d.intn(0, 99))})
	}
	return rows
}

func paymentsCSV(d *doc, i int) { d.table(',', paymentsRows(d, i)) }

func usBankRows(d *doc, i int) [][]any {
	rows := [][]any{{"vendor", "contact_name", "routing_number", "account_number", "remit_email", "phone"}}
	vendors := []string{"Acme Paper Co", "Blue Ridge Lumber", "Summit Office Supply", "Harbor Freight Lines", "Pioneer Catering", "Lakeside Print Shop", "Northstar Janitorial"}
	for k := 0; k < 5+i%3; k++ {
		p := d.person()
		rows = append(rows, []any{vendors[(k+i)%len(vendors)], p.name(), d.aba(), d.bankAccount(), d.email(p), d.usPhone()})
	}
	return rows
}

func usBankCSV(d *doc, i int) { d.table(',', usBankRows(d, i)) }

func beneficiariesRows(d *doc, i int) [][]any {
	rows := [][]any{{"beneficiary_name", "iban", "swift_bic", "country", "email"}}
	for k := 0; k < 5+i%4; k++ {
		p := d.person()
		c := ibanCountries[(k+i)%len(ibanCountries)]
		rows = append(rows, []any{p.name(), d.iban(c), d.swift(), c, d.email(p)})
	}
	return rows
}

func beneficiariesCSV(d *doc, i int) { d.table(',', beneficiariesRows(d, i)) }

func patientsRows(d *doc, i int) [][]any {
	mbiCol := "medicare_id"
	if i%2 == 0 {
		mbiCol = "mbi"
	}
	rows := [][]any{{"patient_name", "mrn", "dob", "diagnosis_code", "attending_npi", "prescriber_dea", mbiCol, "phone"}}
	for k := 0; k < 6+i%4; k++ {
		p := d.person()
		c, _ := d.icd()
		rows = append(rows, []any{p.name(), d.mrn(), d.isoDOB(), c, d.npi(), d.dea(d.pick(lastNames...)), d.mbi(), d.usPhone()})
	}
	return rows
}

func patientsCSV(d *doc, i int) { d.table(',', patientsRows(d, i)) }

// intlCSV has one country's national identifiers in named columns.
func intlRows(d *doc, i int) [][]any {
	type col struct {
		name string
		val  func(p person) V
	}
	var cc string
	var cols []col
	switch i {
	case 1:
		cc, cols = "uk", []col{{"nino", func(person) V { return d.nino() }}, {"nhs_number", func(person) V { return d.nhs() }}, {"address", func(person) V { return d.ukAddress() }}, {"phone", func(person) V { return d.ukPhone() }}}
	case 2:
		cc, cols = "ca", []col{{"sin", func(person) V { return d.sin() }}, {"email", func(p person) V { return d.email(p) }}}
	case 3:
		cc, cols = "fr", []col{{"nir", func(person) V { return d.nir() }}, {"iban", func(person) V { return d.iban("FR") }}}
	case 4:
		cc, cols = "es", []col{{"dni_nie", func(person) V { return d.dni() }}, {"iban", func(person) V { return d.iban("ES") }}}
	case 5:
		cc, cols = "it", []col{{"codice_fiscale", func(p person) V { return d.codiceFiscale(p, d.chance(0.5)) }}, {"email", func(p person) V { return d.email(p) }}}
	case 6:
		cc, cols = "in", []col{{"aadhaar", func(person) V { return d.aadhaar() }}, {"pan", func(p person) V { return d.pan(p) }}}
	case 7:
		cc, cols = "br", []col{{"cpf", func(person) V { return d.cpf() }}, {"email", func(p person) V { return d.email(p) }}}
	case 8:
		cc, cols = "au", []col{{"tfn", func(person) V { return d.tfn() }}, {"email", func(p person) V { return d.email(p) }}}
	}
	header := []any{"full_name", "country"}
	for _, c := range cols {
		header = append(header, c.name)
	}
	rows := [][]any{header}
	for k := 0; k < 6+i%3; k++ {
		p := d.intlPerson(cc)
		row := []any{p.name(), strings.ToUpper(cc)}
		for _, c := range cols {
			row = append(row, c.val(p))
		}
		rows = append(rows, row)
	}
	return rows
}

func intlCSV(d *doc, i int) { d.table(',', intlRows(d, i)) }

func vehiclesRows(d *doc, i int) [][]any {
	rows := [][]any{{"owner_name", "vin", "make", "model", "model_year", "owner_phone"}}
	makes := [][2]string{{"Honda", "Civic"}, {"Ford", "F-150"}, {"Tesla", "Model 3"}, {"Toyota", "Camry"}, {"Volkswagen", "Golf"}, {"Hyundai", "Tucson"}}
	for k := 0; k < 6+i%3; k++ {
		p := d.person()
		m := makes[d.r.IntN(len(makes))]
		rows = append(rows, []any{p.name(), d.vin(), m[0], m[1], fmt.Sprint(d.intn(2012, 2024)), d.usPhone()})
	}
	return rows
}

func vehiclesCSV(d *doc, i int) { d.table(',', vehiclesRows(d, i)) }

// headerlessCSV holds only values that need no keyword: a careful analyst
// recognises them without column names.
func headerlessCSV(d *doc, i int) {
	var rows [][]any
	for k := 0; k < 8; k++ {
		p := d.person()
		card, _ := d.card()
		switch i % 3 {
		case 0:
			rows = append(rows, []any{fmt.Sprint(k + 1), d.email(p), d.usPhone(), d.ssn(false), d.publicIP()})
		case 1:
			rows = append(rows, []any{fmt.Sprint(k + 1), d.email(p), card, d.iban("")})
		default:
			rows = append(rows, []any{fmt.Sprint(k + 1), d.email(p), d.mac(), d.privateIP(), d.vin()})
		}
	}
	d.table(',', rows)
}

func employeesRows(d *doc, i int) [][]any {
	rows := [][]any{{"employee_name", "work_email", "phone", "ssn", "birth_date", "home_address", "passport_no", "drivers_license"}}
	for k := 0; k < 6+i%3; k++ {
		p := d.person()
		rows = append(rows, []any{p.name(), d.email(p), d.usPhone(), d.ssn(k%2 == 0), d.isoDOB(), d.usAddress(), d.passport(), d.driversLicense()})
	}
	return rows
}

func employeesTSV(d *doc, i int) { d.table('\t', employeesRows(d, i)) }

func contractorsRows(d *doc, i int) [][]any {
	rows := [][]any{{"contractor_name", "itin", "email", "phone", "mailing_address"}}
	for k := 0; k < 5+i%3; k++ {
		p := d.person()
		rows = append(rows, []any{p.name(), d.itin(), d.email(p), d.usPhone(), d.usAddress()})
	}
	return rows
}

func contractorsTSV(d *doc, i int) { d.table('\t', contractorsRows(d, i)) }

func ukPatientsRows(d *doc, i int) [][]any {
	rows := [][]any{{"patient", "nhs_number", "date_of_birth", "icd10", "telephone"}}
	for k := 0; k < 6+i%3; k++ {
		p := d.intlPerson("uk")
		c, _ := d.icd()
		rows = append(rows, []any{p.name(), d.nhs(), d.isoDOB(), c, d.ukPhone()})
	}
	return rows
}

func patientsTSV(d *doc, i int) { d.table('\t', ukPatientsRows(d, i)) }

func (d *doc) meta() obj {
	return obj{
		{"request_id", d.uuid()},
		{"created_at", fmt.Sprintf("2024-0%d-%02dT%02d:%02d:%02dZ", d.intn(1, 9), d.intn(1, 28), d.intn(0, 23), d.intn(0, 59), d.intn(0, 59))},
		{"schema_version", fmt.Sprintf("%d.%d.%d", d.intn(1, 4), d.intn(0, 20), d.intn(0, 9))},
	}
}

func customerJSON(d *doc, i int) {
	p := d.person()
	card, brand := d.card()
	o := obj{
		{"customer", obj{
			{"id", "cus_" + d.hexString(14)},
			{"profile", obj{
				{"first_name", V{"PERSON_NAME", p.First}},
				{"last_name", V{"PERSON_NAME", p.Last}},
				{"date_of_birth", d.isoDOB()},
				{"email", d.email(p)},
				{"phone", d.usPhone()},
			}},
			{"identity", obj{
				{"ssn", d.ssn(i%2 == 0)},
				{"passport_number", d.passport()},
				{"drivers_license", d.driversLicense()},
			}},
			{"address", d.usAddress()},
			{"payment_methods", arr{
				obj{{"type", "card"}, {"brand", brand}, {"number", card}, {"expiry", d.expiry()}, {"cvc", d.cvv(brand == "American Express")}},
				obj{{"type", "bank"}, {"routing_number", d.aba()}, {"account_number", d.bankAccount()}},
			}},
			{"last_login_ip", d.ip()},
		}},
		{"meta", d.meta()},
	}
	d.ln(d.json(o, "  "))
}

func claimJSON(d *doc, i int) {
	p := d.person()
	md := d.person()
	c1, _ := d.icd()
	c2, _ := d.icd()
	for c2.S == c1.S {
		c2, _ = d.icd()
	}
	var npi any = d.npi()
	if i%2 == 0 {
		npi = numV(npi.(V))
	}
	o := obj{
		{"claim_id", "clm_" + d.hexString(12)},
		{"status", "submitted"},
		{"service_date", fmt.Sprintf("2024-0%d-%02d", d.intn(1, 9), d.intn(1, 28))},
		{"patient", obj{
			{"patient_name", p.name()},
			{"dob", d.isoDOB()},
			{"mrn", d.mrn()},
			{"mbi", d.mbi()},
			{"address", d.usAddress()},
		}},
		{"provider", obj{
			{"physician_name", md.name()},
			{"npi", npi},
			{"dea_number", d.dea(md.Last)},
		}},
		{"diagnoses", arr{obj{{"icd10", c1}, {"primary", true}}, obj{{"icd10", c2}, {"primary", false}}}},
		{"billed_amount", float64(d.intn(80, 4000))},
	}
	d.ln(d.json(o, "  "))
}

func kycJSON(d *doc, i int) {
	var o obj
	switch i % 4 {
	case 0:
		p := d.intlPerson("in")
		o = obj{{"applicant", obj{{"full_name", p.name()}, {"aadhaar_number", d.aadhaar()}, {"pan", d.pan(p)}, {"email", d.email(p)}}}}
	case 1:
		p := d.intlPerson("it")
		o = obj{{"applicant", obj{{"full_name", p.name()}, {"codice_fiscale", d.codiceFiscale(p, false)}, {"iban", d.iban("IT")}}}}
	case 2:
		p := d.intlPerson("br")
		o = obj{{"applicant", obj{{"full_name", p.name()}, {"cpf", d.cpf()}, {"email", d.email(p)}}}}
	case 3:
		p := d.intlPerson("uk")
		o = obj{{"applicant", obj{{"full_name", p.name()}, {"national_insurance_number", d.nino()}, {"address", d.ukAddress()}}}}
	}
	o = append(o, kv{"meta", d.meta()})
	d.ln(d.json(o, "\t"))
}

func eventsJSONL(d *doc, i int) {
	for k := 0; k < 10; k++ {
		ts := fmt.Sprintf("2024-04-%02dT%02d:%02d:%02dZ", 1+i, 9+k, d.intn(0, 59), d.intn(0, 59))
		p := d.person()
		var o obj
		switch (k + i) % 6 {
		case 0:
			o = obj{{"ts", ts}, {"event", "signup"}, {"user", obj{{"name", p.name()}, {"email", d.email(p)}}}, {"ip", d.ip()}}
		case 1:
			if k%2 == 0 {
				o = obj{{"ts", ts}, {"event", "kyc_submitted"}, {"ssn", d.ssn(false)}, {"dob", d.isoDOB()}}
			} else {
				o = obj{{"ts", ts}, {"event", "kyc_submitted"}, {"itin", d.itin()}, {"dob", d.isoDOB()}}
			}
		case 2:
			card, _ := d.card()
			o = obj{{"ts", ts}, {"event", "payment"}, {"card", obj{{"pan", card}, {"exp", d.expiry()}}}, {"amount_cents", d.intn(100, 90000)}}
		case 3:
			o = obj{{"ts", ts}, {"event", "device_seen"}, {"mac", d.mac()}, {"ip", d.privateIP()}}
		case 4:
			o = obj{{"ts", ts}, {"event", "token_issued"}, {"access_token", d.jwt()}, {"expires_in", 3600}}
		case 5:
			ph := d.usPhone()
			if k%2 == 0 {
				ph.S = "+1" + onlyDigits(ph.S)[len(onlyDigits(ph.S))-10:] // E.164, as APIs store it
			}
			o = obj{{"ts", ts}, {"event", "profile_update"}, {"phone", ph}, {"address", d.usAddress()}}
		}
		d.ln(d.json(o, ""))
	}
}
