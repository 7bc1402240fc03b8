package compliance

// noteCredential explains why credentials map to no regulated data type.
const noteCredential = "a credential, not a regulated data type; its exposure breaks the safeguards of " +
	"HIPAA 164.312(d), GDPR Art. 32 and PCI DSS Req. 8 and is reported by category and severity"

const noteNational = "national identification number (GDPR Art. 87); a Safe Harbor 'other unique identifying number'"

// Managed maps every managed identifier (DESIGN.md's IDs) to its regulated
// data types. docs/COMPLIANCE.md is this table in prose; keep them together.
var Managed = map[string]Mapping{
	// CREDENTIALS
	"AWS_ACCESS_KEY_ID":         {Note: noteCredential},
	"AWS_SECRET_ACCESS_KEY":     {Note: noteCredential},
	"GCP_SERVICE_ACCOUNT_KEY":   {Note: noteCredential + " (its client_email counts under EMAIL_ADDRESS)"},
	"AZURE_STORAGE_ACCOUNT_KEY": {Note: noteCredential},
	"GITHUB_TOKEN":              {Note: noteCredential},
	"SLACK_TOKEN":               {Note: noteCredential},
	"STRIPE_SECRET_KEY":         {Note: noteCredential},
	"GOOGLE_API_KEY":            {Note: noteCredential},
	"PRIVATE_KEY":               {Note: noteCredential},
	"JSON_WEB_TOKEN":            {Note: noteCredential},
	"PASSWORD":                  {Note: noteCredential},
	"URL_CREDENTIALS":           {Note: noteCredential},

	// FINANCIAL
	"CREDIT_CARD_NUMBER": {HIPAA: []string{"J"}, GDPR: []string{"ART4_FINANCIAL"}, PCI: []string{"PAN"},
		Note: "a payment card number is an account number (Safe Harbor J) and the PCI DSS primary account number"},
	"CREDIT_CARD_EXPIRATION": {PCI: []string{"EXPIRY"},
		Note: "cardholder data under PCI DSS; on its own it identifies no one"},
	"CREDIT_CARD_SECURITY_CODE": {PCI: []string{"SAD_CVV"},
		Note: "sensitive authentication data: must never be stored after authorization"},
	"IBAN":                   {HIPAA: []string{"J"}, GDPR: []string{"ART4_FINANCIAL"}},
	"US_BANK_ACCOUNT_NUMBER": {HIPAA: []string{"J"}, GDPR: []string{"ART4_FINANCIAL"}},
	"US_ABA_ROUTING_NUMBER":  {Note: "identifies a bank, not a person"},
	"SWIFT_CODE":             {Note: "identifies a bank, not a person"},

	// PERSONAL
	"PERSON_NAME": {HIPAA: []string{"A"}, GDPR: []string{"ART4_NAME"}, PCI: []string{"CARDHOLDER_NAME"},
		Note: "PCI DSS cardholder name only in objects that also hold a card number"},
	"POSTAL_ADDRESS": {HIPAA: []string{"B"}, GDPR: []string{"ART4_LOCATION"}},
	"EMAIL_ADDRESS":  {HIPAA: []string{"F"}, GDPR: []string{"ART4_CONTACT"}},
	"PHONE_NUMBER": {HIPAA: []string{"D"}, GDPR: []string{"ART4_CONTACT"},
		Note: "fax numbers are found as telephone numbers: Safe Harbor E is counted under D"},
	"IP_ADDRESS":    {HIPAA: []string{"O"}, GDPR: []string{"ART4_ONLINE"}, Note: "private addresses included (Recital 30)"},
	"MAC_ADDRESS":   {HIPAA: []string{"M"}, GDPR: []string{"ART4_ONLINE"}, Note: "a device identifier"},
	"DATE_OF_BIRTH": {HIPAA: []string{"C"}, GDPR: []string{"ART4_DOB"}},
	"US_SSN":        {HIPAA: []string{"G"}, GDPR: []string{"ART4_ID"}},
	"US_ITIN":       {HIPAA: []string{"R"}, GDPR: []string{"ART4_ID"}, Note: "a taxpayer number, not an SSN: Safe Harbor R"},
	"US_PASSPORT_NUMBER": {HIPAA: []string{"K"}, GDPR: []string{"ART4_ID"},
		Note: "a passport is a certificate number (Safe Harbor K)"},
	"US_DRIVERS_LICENSE":           {HIPAA: []string{"K"}, GDPR: []string{"ART4_ID"}},
	"UK_NATIONAL_INSURANCE_NUMBER": {HIPAA: []string{"R"}, GDPR: []string{"ART4_ID"}, Note: noteNational},
	"UK_NHS_NUMBER": {HIPAA: []string{"I"}, GDPR: []string{"ART4_ID", "ART9_HEALTH"},
		Note: "assigned to identify a person for health purposes: health data under Recital 35; the NHS is the person's health plan (Safe Harbor I)"},
	"CA_SOCIAL_INSURANCE_NUMBER": {HIPAA: []string{"R"}, GDPR: []string{"ART4_ID"}, Note: noteNational},
	"FR_NIR":                     {HIPAA: []string{"R"}, GDPR: []string{"ART4_ID"}, Note: noteNational},
	"ES_DNI":                     {HIPAA: []string{"R"}, GDPR: []string{"ART4_ID"}, Note: noteNational},
	"IT_FISCAL_CODE":             {HIPAA: []string{"R"}, GDPR: []string{"ART4_ID"}, Note: noteNational},
	"IN_AADHAAR":                 {HIPAA: []string{"R"}, GDPR: []string{"ART4_ID"}, Note: noteNational},
	"IN_PAN":                     {HIPAA: []string{"R"}, GDPR: []string{"ART4_ID"}, Note: noteNational},
	"BR_CPF":                     {HIPAA: []string{"R"}, GDPR: []string{"ART4_ID"}, Note: noteNational},
	"AU_TAX_FILE_NUMBER":         {HIPAA: []string{"R"}, GDPR: []string{"ART4_ID"}, Note: noteNational},
	"VEHICLE_IDENTIFICATION_NUMBER": {HIPAA: []string{"L"}, GDPR: []string{"ART4_ID"},
		Note: "identifies a vehicle and through it its keeper"},

	// HEALTH
	"US_NPI": {HIPAA: []string{"R"}, GDPR: []string{"ART4_ID"},
		Note: "identifies a provider: a Safe Harbor identifier when the provider is the individual or a relative, employer or household member; review"},
	"US_DEA_NUMBER": {HIPAA: []string{"K"}, GDPR: []string{"ART4_ID"},
		Note: "a practitioner's registration (licence) number; review as for US_NPI"},
	"US_MEDICARE_BENEFICIARY_ID": {HIPAA: []string{"I"}, GDPR: []string{"ART4_ID", "ART9_HEALTH"},
		Note: "a health plan beneficiary number; identifies a person for health purposes (Recital 35)"},
	"MEDICAL_RECORD_NUMBER": {HIPAA: []string{"H"}, GDPR: []string{"ART4_ID", "ART9_HEALTH"},
		Note: "identifies a person for health purposes (Recital 35)"},
	"ICD10_CODE": {HIPAA: []string{"HI"}, GDPR: []string{"ART9_HEALTH"},
		Note: "a diagnosis: health information, PHI when held with an identifier"},
}
