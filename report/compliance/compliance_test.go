package compliance

import (
	"slices"
	"testing"

	"github.com/dredge-dev/dredge/classifiers/managed"
)

// Every managed identifier has a reviewed row, every row names a managed
// identifier, and every code names a type of its framework.
func TestEveryManagedIdentifierMapped(t *testing.T) {
	ids := map[string]bool{}
	for _, id := range managed.All() {
		ids[id.ID] = true
		mp, ok := Managed[id.ID]
		if !ok {
			t.Errorf("%s: no compliance mapping (add a row to Managed and docs/COMPLIANCE.md)", id.ID)
			continue
		}
		if err := mp.Validate(); err != nil {
			t.Errorf("%s: %v", id.ID, err)
		}
		if mp.Empty() && mp.Note == "" {
			t.Errorf("%s: maps to nothing and says not why", id.ID)
		}
	}
	for id := range Managed {
		if !ids[id] {
			t.Errorf("Managed has %s, which is not a managed identifier", id)
		}
	}
}

func TestIssueRequirements(t *testing.T) {
	want := map[string]Mapping{
		"CREDIT_CARD_NUMBER":            {PCI: []string{"PAN"}},
		"CREDIT_CARD_EXPIRATION":        {PCI: []string{"EXPIRY"}},
		"CREDIT_CARD_SECURITY_CODE":     {PCI: []string{"SAD_CVV"}},
		"US_SSN":                        {HIPAA: []string{"G"}},
		"MEDICAL_RECORD_NUMBER":         {HIPAA: []string{"H"}, GDPR: []string{"ART9_HEALTH"}},
		"ICD10_CODE":                    {GDPR: []string{"ART9_HEALTH"}},
		"EMAIL_ADDRESS":                 {HIPAA: []string{"F"}},
		"IP_ADDRESS":                    {HIPAA: []string{"O"}},
		"VEHICLE_IDENTIFICATION_NUMBER": {HIPAA: []string{"L"}},
		"US_MEDICARE_BENEFICIARY_ID":    {HIPAA: []string{"I"}},
	}
	for id, w := range want {
		got := Managed[id]
		for _, f := range IDs {
			for _, c := range w.Codes(f) {
				if !slices.Contains(got.Codes(f), c) {
					t.Errorf("%s: want %s %s, have %v", id, f, c, got.Codes(f))
				}
			}
		}
	}
	pci, _ := Get(PCI)
	if ty, _ := pci.TypeOf("SAD_CVV"); !ty.NeverStore {
		t.Error("CVV must be never-store")
	}
}

func TestCustomMapping(t *testing.T) {
	m := NewMapper(map[string]*Mapping{"EMPLOYEE_ID": {HIPAA: []string{"r"}, GDPR: []string{"art4_id"}}, "PROJECT_CODE": nil})
	mp, ok := m.Lookup("EMPLOYEE_ID")
	if !ok || !slices.Equal(mp.HIPAA, []string{"R"}) || !slices.Equal(mp.GDPR, []string{"ART4_ID"}) {
		t.Fatalf("custom mapping: %+v %v", mp, ok)
	}
	if mp, ok := m.Lookup("PROJECT_CODE"); !ok || !mp.Empty() {
		t.Fatalf("unmapped custom: %+v %v", mp, ok)
	}
	if _, ok := m.Lookup("NOT_AN_ID"); ok {
		t.Fatal("unknown id known")
	}
	if !slices.Contains(m.Identifiers(HIPAA, "R"), "EMPLOYEE_ID") || !slices.Contains(m.Identifiers(HIPAA, "R"), "US_ITIN") {
		t.Fatal(m.Identifiers(HIPAA, "R"))
	}
	if err := (Mapping{PCI: []string{"CVV"}}).Validate(); err == nil {
		t.Fatal("bad code accepted")
	}
}
