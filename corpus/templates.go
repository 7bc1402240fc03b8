package corpus

// templates lists every kind of object and how many of each to make.
func templates() []template {
	return []template{
		// Prose.
		{"letters/bank_us_%02d.txt", 8, bankLetterUS},
		{"letters/bank_eu_%02d.txt", 8, bankLetterEU},
		{"letters/hr_record_%02d.txt", 8, hrRecord},
		{"letters/intl_%02d.txt", 27, intlLetter},
		{"mail/msg_%02d.eml", 8, mailMessage},
		{"clinical/note_us_%02d.txt", 10, clinicalNoteUS},
		{"clinical/note_uk_%02d.txt", 6, clinicalNoteUK},
		// Logs.
		{"logs/app_%02d.log", 8, appLog},
		{"logs/access_%02d.log", 4, accessLog},
		// Tables.
		{"csv/customers_%02d.csv", 6, customersCSV},
		{"csv/payments_%02d.csv", 6, paymentsCSV},
		{"csv/vendor_bank_%02d.csv", 5, usBankCSV},
		{"csv/beneficiaries_%02d.csv", 4, beneficiariesCSV},
		{"csv/patients_%02d.csv", 6, patientsCSV},
		{"csv/national_ids_%02d.csv", 16, func(d *doc, i int) { intlCSV(d, (i-1)%8+1) }},
		{"csv/vehicles_%02d.csv", 3, vehiclesCSV},
		{"csv/raw_export_%02d.csv", 6, headerlessCSV},
		{"tsv/employees_%02d.tsv", 4, employeesTSV},
		{"tsv/uk_patients_%02d.tsv", 3, patientsTSV},
		{"tsv/contractors_%02d.tsv", 4, contractorsTSV},
		// JSON.
		{"json/customer_%02d.json", 6, customerJSON},
		{"json/claim_%02d.json", 6, claimJSON},
		{"json/kyc_%02d.json", 12, kycJSON},
		{"jsonl/events_%02d.jsonl", 5, eventsJSONL},
		// Configuration and code.
		{"config/app_%02d.env", 6, dotEnv},
		{"config/service_%02d.yaml", 5, appYAML},
		{"config/k8s_secret_%02d.yaml", 4, k8sSecret},
		{"config/aws_credentials_%02d.ini", 3, awsCredentialsINI},
		{"config/db_client_%02d.ini", 3, myCnfINI},
		{"config/application_%02d.properties", 4, springProperties},
		{"code/etl_%02d.py", 5, pythonCode},
		{"code/deploy_%02d.go", 4, goCode},
		{"code/server_%02d.js", 4, jsCode},
		{"keys/service_account_%02d.json", 8, gcpKey},
		{"keys/id_%02d.pem", 8, pemFile},
		// Hard negatives.
		{"neg/build_%02d.log", 4, buildLog},
		{"neg/deploy_manifest_%02d.json", 3, deployManifest},
		{"neg/orders_%02d.csv", 3, ordersCSV},
		{"neg/shipping_%02d.txt", 3, shippingNotice},
		{"neg/example_%02d.env", 2, placeholderEnv},
		{"neg/docker-compose_%02d.yml", 2, composeYAML},
		{"neg/helm_values_%02d.yaml", 2, helmValues},
		{"neg/settings_%02d.py", 2, func(d *doc, i int) { envLookupCode(d, 1) }},
		{"neg/settings_%02d.js", 2, func(d *doc, i int) { envLookupCode(d, 0) }},
		{"neg/checkout_%02d.js", 3, checkoutJS},
		{"neg/credentials_howto_%02d.md", 2, awsDocs},
		{"neg/signers_%02d.pub", 2, publicKeys},
		{"neg/network_%02d.txt", 6, networkNotes},
		{"neg/mail_%02d.log", 3, mailServerLog},
		{"neg/redacted_%02d.log", 3, redactedLog},
		{"neg/fixtures_%02d.txt", 4, fixtures},
		{"neg/meeting_%02d.txt", 4, meetingNotes},
		{"neg/form_template_%02d.md", 3, formTemplate},
	}
}
