// Package compliance maps dredge identifiers to the regulated data types of
// HIPAA (the Safe Harbor identifiers of 45 CFR 164.514(b)(2)), the GDPR
// (personal data under Art. 4(1) by kind, special categories under Art. 9,
// Art. 10) and PCI DSS (cardholder data and sensitive authentication data).
//
// The mapping is data: one row per managed identifier in Managed (a test
// checks every managed identifier has one), and custom identifiers take
// theirs from the config (custom_identifiers[].compliance). docs/COMPLIANCE.md
// explains each row.
package compliance

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Framework IDs.
const (
	HIPAA = "hipaa"
	GDPR  = "gdpr"
	PCI   = "pci"
)

// IDs lists the frameworks in report order.
var IDs = []string{HIPAA, GDPR, PCI}

// Framework is one regulation and the data types it regulates.
type Framework struct {
	ID       string
	Title    string
	Citation string
	Types    []Type
}

// Type is one regulated data type of a framework.
type Type struct {
	Code     string
	Name     string
	Group    string
	Citation string
	// NeverStore marks data that must not be stored at all (PCI DSS
	// sensitive authentication data): every occurrence is a violation.
	NeverStore bool
	// WithPAN: the type is regulated only when the same object also holds
	// a primary account number (PCI DSS cardholder name, service code).
	WithPAN bool
	// Note explains the row; shown in reports and docs.
	Note string
}

// Frameworks is the catalogue, in report order.
var Frameworks = []Framework{
	{
		ID: HIPAA, Title: "HIPAA de-identification: Safe Harbor identifiers",
		Citation: "45 CFR 164.514(b)(2)(i)(A)-(R)",
		Types: []Type{
			{Code: "A", Name: "Names", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(A)"},
			{Code: "B", Name: "Geographic subdivisions smaller than a state", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(B)", Note: "street address, city, county, precinct, ZIP code"},
			{Code: "C", Name: "Dates (except year) related to an individual", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(C)", Note: "birth, admission, discharge, death dates; ages over 89"},
			{Code: "D", Name: "Telephone numbers", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(D)"},
			{Code: "E", Name: "Fax numbers", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(E)", Note: "fax numbers have the form of telephone numbers and are counted under D"},
			{Code: "F", Name: "Electronic mail addresses", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(F)"},
			{Code: "G", Name: "Social security numbers", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(G)"},
			{Code: "H", Name: "Medical record numbers", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(H)"},
			{Code: "I", Name: "Health plan beneficiary numbers", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(I)"},
			{Code: "J", Name: "Account numbers", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(J)", Note: "bank accounts, IBANs, payment card numbers"},
			{Code: "K", Name: "Certificate/license numbers", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(K)"},
			{Code: "L", Name: "Vehicle identifiers and serial numbers, incl. license plates", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(L)"},
			{Code: "M", Name: "Device identifiers and serial numbers", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(M)"},
			{Code: "N", Name: "Web URLs", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(N)"},
			{Code: "O", Name: "IP addresses", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(O)"},
			{Code: "P", Name: "Biometric identifiers (finger and voice prints)", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(P)"},
			{Code: "Q", Name: "Full-face photographs and comparable images", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(Q)"},
			{Code: "R", Name: "Any other unique identifying number, characteristic or code", Group: "Safe Harbor identifier", Citation: "164.514(b)(2)(i)(R)"},
			{Code: "HI", Name: "Health information (diagnoses)", Group: "Health information", Citation: "45 CFR 160.103",
				Note: "not an identifier itself; protected health information when held with any identifier A-R"},
		},
	},
	{
		ID: GDPR, Title: "GDPR: personal data, special categories, criminal offence data",
		Citation: "Regulation (EU) 2016/679, Art. 4(1), 9, 10",
		Types: []Type{
			{Code: "ART4_NAME", Name: "Name", Group: "Personal data (Art. 4(1))", Citation: "Art. 4(1)"},
			{Code: "ART4_ID", Name: "Identification number", Group: "Personal data (Art. 4(1))", Citation: "Art. 4(1); Art. 87 (national identification numbers)"},
			{Code: "ART4_LOCATION", Name: "Location data (postal address)", Group: "Personal data (Art. 4(1))", Citation: "Art. 4(1)"},
			{Code: "ART4_ONLINE", Name: "Online identifier (IP, MAC address)", Group: "Personal data (Art. 4(1))", Citation: "Art. 4(1); Recital 30"},
			{Code: "ART4_CONTACT", Name: "Contact details (e-mail, telephone)", Group: "Personal data (Art. 4(1))", Citation: "Art. 4(1)"},
			{Code: "ART4_FINANCIAL", Name: "Financial data (economic identity)", Group: "Personal data (Art. 4(1))", Citation: "Art. 4(1)"},
			{Code: "ART4_DOB", Name: "Date of birth", Group: "Personal data (Art. 4(1))", Citation: "Art. 4(1)"},
			{Code: "ART9_HEALTH", Name: "Data concerning health", Group: "Special categories (Art. 9)", Citation: "Art. 9(1); Art. 4(15); Recital 35",
				Note: "includes numbers assigned to a person to identify them for health purposes (Recital 35)"},
			{Code: "ART9_GENETIC", Name: "Genetic data", Group: "Special categories (Art. 9)", Citation: "Art. 9(1); Art. 4(13)"},
			{Code: "ART9_BIOMETRIC", Name: "Biometric data for unique identification", Group: "Special categories (Art. 9)", Citation: "Art. 9(1); Art. 4(14)"},
			{Code: "ART9_OTHER", Name: "Racial or ethnic origin, political opinions, beliefs, union membership, sex life or orientation", Group: "Special categories (Art. 9)", Citation: "Art. 9(1)"},
			{Code: "ART10", Name: "Criminal convictions and offences", Group: "Criminal offence data (Art. 10)", Citation: "Art. 10"},
		},
	},
	{
		ID: PCI, Title: "PCI DSS: account data",
		Citation: "PCI DSS v4.0.1, Req. 3",
		Types: []Type{
			{Code: "PAN", Name: "Primary account number", Group: "Cardholder data", Citation: "Req. 3.5 (render PAN unreadable)"},
			{Code: "EXPIRY", Name: "Expiration date", Group: "Cardholder data", Citation: "Req. 3.2"},
			{Code: "CARDHOLDER_NAME", Name: "Cardholder name (stored with a PAN)", Group: "Cardholder data", Citation: "Req. 3.2", WithPAN: true,
				Note: "a name is cardholder data only with a PAN: counted in objects that also hold a card number"},
			{Code: "SERVICE_CODE", Name: "Service code", Group: "Cardholder data", Citation: "Req. 3.2", WithPAN: true},
			{Code: "SAD_CVV", Name: "Card verification code (CVV2/CVC2/CID)", Group: "Sensitive authentication data", Citation: "Req. 3.3.1.2", NeverStore: true,
				Note: "must not be stored after authorization: every occurrence is a violation"},
			{Code: "SAD_TRACK", Name: "Full track data", Group: "Sensitive authentication data", Citation: "Req. 3.3.1.1", NeverStore: true},
			{Code: "SAD_PIN", Name: "PIN / PIN block", Group: "Sensitive authentication data", Citation: "Req. 3.3.1.3", NeverStore: true},
		},
	},
}

// Get returns a framework by ID.
func Get(id string) (*Framework, bool) {
	for i := range Frameworks {
		if Frameworks[i].ID == id {
			return &Frameworks[i], true
		}
	}
	return nil, false
}

// TypeOf returns a framework's type by code.
func (f *Framework) TypeOf(code string) (*Type, bool) {
	for i := range f.Types {
		if f.Types[i].Code == code {
			return &f.Types[i], true
		}
	}
	return nil, false
}

// Mapping is what one identifier counts as in each framework. An empty list
// means the identifier holds no regulated data type of that framework.
type Mapping struct {
	HIPAA []string `yaml:"hipaa" json:"hipaa,omitempty"`
	GDPR  []string `yaml:"gdpr" json:"gdpr,omitempty"`
	PCI   []string `yaml:"pci" json:"pci,omitempty"`
	Note  string   `yaml:"note" json:"note,omitempty"`
}

// Codes returns the codes of one framework.
func (m Mapping) Codes(framework string) []string {
	switch framework {
	case HIPAA:
		return m.HIPAA
	case GDPR:
		return m.GDPR
	case PCI:
		return m.PCI
	}
	return nil
}

// Empty reports whether the mapping names no type.
func (m Mapping) Empty() bool { return len(m.HIPAA)+len(m.GDPR)+len(m.PCI) == 0 }

// Normalize upper-cases codes (the config may write them in any case).
func (m Mapping) Normalize() Mapping {
	up := func(l []string) []string {
		var out []string
		for _, s := range l {
			out = append(out, strings.ToUpper(strings.TrimSpace(s)))
		}
		return out
	}
	return Mapping{HIPAA: up(m.HIPAA), GDPR: up(m.GDPR), PCI: up(m.PCI), Note: m.Note}
}

// Validate checks every code names a type of its framework.
func (m Mapping) Validate() error {
	m = m.Normalize()
	for _, fid := range IDs {
		f, _ := Get(fid)
		for _, c := range m.Codes(fid) {
			if _, ok := f.TypeOf(c); !ok {
				var codes []string
				for _, t := range f.Types {
					codes = append(codes, t.Code)
				}
				return fmt.Errorf("%s: %q is not a type (want one of %s)", fid, c, strings.Join(codes, ", "))
			}
		}
	}
	return nil
}

// Mapper resolves identifier IDs to mappings: managed ones from Managed,
// custom ones from the config.
type Mapper struct {
	custom map[string]Mapping
}

// NewMapper returns a mapper with the custom identifiers' mappings (nil
// entries allowed: a custom identifier with no mapping is unmapped).
func NewMapper(custom map[string]*Mapping) *Mapper {
	m := &Mapper{custom: map[string]Mapping{}}
	for id, c := range custom {
		if c != nil {
			m.custom[id] = c.Normalize()
		} else {
			m.custom[id] = Mapping{}
		}
	}
	return m
}

// Lookup returns an identifier's mapping. known is false for an identifier
// that is neither managed nor configured (results from another config).
func (m *Mapper) Lookup(id string) (mp Mapping, known bool) {
	if m != nil {
		if c, ok := m.custom[id]; ok {
			return c, true
		}
	}
	mp, ok := Managed[id]
	return mp, ok
}

// Custom reports whether id is a configured custom identifier.
func (m *Mapper) Custom(id string) bool {
	if m == nil {
		return false
	}
	_, ok := m.custom[id]
	return ok
}

// Identifiers returns every identifier (managed and custom) that maps to a
// framework type, sorted.
func (m *Mapper) Identifiers(framework, code string) []string {
	var out []string
	add := func(id string, mp Mapping) {
		if slices.Contains(mp.Codes(framework), code) {
			out = append(out, id)
		}
	}
	for id, mp := range Managed {
		if m == nil || !m.Custom(id) {
			add(id, mp)
		}
	}
	if m != nil {
		for id, mp := range m.custom {
			add(id, mp)
		}
	}
	sort.Strings(out)
	return out
}
