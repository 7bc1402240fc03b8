package personal

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestPersonName(t *testing.T) {
	classifierstest.Run(t, PersonName, []classifierstest.Case{
		// Labels and salutations in prose, forms, logs, mail.
		{Text: "Name: John Smith", Want: []string{"John Smith"}},
		{Text: "Patient: Maria Garcia, DOB 1980-04-12, admitted", Want: []string{"Maria Garcia"}},
		{Text: "PATIENT NAME: SMITH, JOHN A", Want: []string{"SMITH, JOHN A"}},
		{Text: "Patient: Garcia, Maria", Want: []string{"Garcia, Maria"}},
		{Text: "NAME: JOHN SMITH DOB: 01/02/1980 MRN: 443", Want: []string{"JOHN SMITH"}},
		{Text: "Name: Robert Johnson Phone: 555-0142", Want: []string{"Robert Johnson"}},
		{Text: "Full name: Mary Ann Williams", Want: []string{"Mary Ann Williams"}},
		{Text: "| Name | Linda Martinez |", Want: []string{"Linda Martinez"}},
		{Text: "**Patient name:** Kevin O'Brien", Want: []string{"Kevin O'Brien"}},
		{Text: "Insured: Patricia Taylor-Moore\nPolicy: 99812", Want: []string{"Patricia Taylor-Moore"}},
		{Text: "Cardholder = Thomas McDonald", Want: []string{"Thomas McDonald"}},
		{Text: "Dear Jennifer,\nThank you for your order.", Want: []string{"Jennifer"}},
		{Text: "Dear Mr. Brown,", Want: []string{"Mr. Brown"}},
		{Text: "Dear Dr. Sarah Lee, thanks", Want: []string{"Dr. Sarah Lee"}},
		{Text: "Referred to Mrs. Young for follow-up", Want: []string{"Mrs. Young"}},
		{Text: "ATTN: Susan Clark, Accounts Payable", Want: []string{"Susan Clark"}},
		{Text: "c/o Daniel Rodriguez\n12 Elm Court", Want: []string{"Daniel Rodriguez"}},
		{Text: "Prepared by: Nancy Wright on 2024-01-02", Want: []string{"Nancy Wright"}},
		{Text: "From: Jessica Lopez <jlopez@example.org>\nTo: Brian Hall <bhall@example.org>",
			Want: []string{"Jessica Lopez", "Brian Hall"}},
		{Text: "Dear José García,", Want: []string{"José García"}},
		{Text: "Emergency contact: Xiomara Hernandez (sister)", Want: []string{"Xiomara Hernandez"}},
		{Text: "- name: Margaret Thompson\n  role: admin", Want: []string{"Margaret Thompson"}},
		{Text: "Patient: John Smith was admitted on Monday", Want: []string{"John Smith"}},
		{Text: "Dear John and Mary,", Want: []string{"John"}},
		{Text: "Hi Mark,\nyour order shipped.", Want: []string{"Mark"}},
		{Text: "Best regards,\nMaria Garcia\nAccount Manager", Want: []string{"Maria Garcia"}},
		{Text: "Customer John Smith (jsmith@example.com) called about order 1234.", Want: []string{"John Smith"}},
		{Text: "the patient Maria Lopez was seen by Dr. Chen", Want: []string{"Maria Lopez", "Dr. Chen"}},
		{Text: "His wife Mary said no.", Want: []string{"Mary"}},
		// Names outside the Census dictionaries, in a labelled context.
		{Text: "Name: Chloe Tremblay\nSocial Insurance Number (SIN): 196 392 252", Want: []string{"Chloe Tremblay"}},
		{Text: "Priya Sharma", Keys: []string{"full_name"}, Want: []string{"Priya Sharma"}},
		{Text: `{"applicant": {"full_name": "Giulia Bianchi", "pan": "DMNPG9854B"}}`, Want: []string{"Giulia Bianchi"}},
		{Text: "Isla Wood", Keys: []string{"patient"}, Want: []string{"Isla Wood"}},
		// Keys and columns.
		{Text: "first_name,last_name\nMaria,Garcia", Want: []string{"Maria", "Garcia"}},
		{Text: `{"first_name": "Maria", "last_name": "Garcia", "city": "Denver"}`, Want: []string{"Maria", "Garcia"}},
		{Text: `<FirstName>Charles</FirstName><LastName>Walker</LastName>`, Want: []string{"Charles", "Walker"}},
		{Text: "FIRST_NAME=Steven", Want: []string{"Steven"}},
		{Text: `2024-05-01T10:22:03Z INFO login ok name="Maria Garcia" ip=10.0.0.7`, Want: []string{"Maria Garcia"}},
		{Text: "Maria Garcia", Keys: []string{"full_name"}, Want: []string{"Maria Garcia"}},
		{Text: "Garcia", Keys: []string{"last_name"}, Want: []string{"Garcia"}},
		{Text: "Brown", Keys: []string{"surname"}, Want: []string{"Brown"}},
		{Text: "SMITH, JOHN", Keys: []string{"customer", "name"}, Want: []string{"SMITH, JOHN"}},
		{Text: "Anthony Perez", Keys: []string{"cardholder"}, Want: []string{"Anthony Perez"}},
		{Text: "Maria,Ann,Garcia,Texas", Keys: []string{"names"}, Want: []string{"Maria", "Ann", "Garcia"}},
		{Text: `"Maria","Garcia"`, Keys: []string{"name"}, Want: []string{"Maria", "Garcia"}},
		// Free text with a name keyword near.
		{Text: "The patient's name is Michelle Turner and she is 54.", Want: []string{"Michelle Turner"}},
		{Text: "Names on file: Gary Evans", Want: []string{"Gary Evans"}},

		// Hard negatives.
		{Text: "Dear Sir or Madam,"},
		{Text: "Dear Valued Customer,"},
		{Text: "Dear Hiring Manager,"},
		{Text: "Dear All,"},
		{Text: "Name: Unknown"},
		{Text: "Name: Test User"},
		{Text: "Name: Your Name"},
		{Text: "Name: John Doe"},     // placeholder
		{Text: "Patient: DOE, JANE"}, // placeholder
		{Text: "Name: N/A"},
		{Text: "Thank You"},
		{Text: "Best Regards,\nThe Team"},
		{Text: "Kind regards, Support"},
		{Text: "Product name: Jordan Retro"},
		{Text: "user name: Admin"},
		{Text: "file_name: Annual Report"},
		{Text: "Company name: Johnson Controls"},
		{Text: "Customer: Acme Corp"},
		{Text: "Contact: Sales Team"},
		{Text: "Patient ID: 48812"},
		{Text: "name: Build and Test\n- name: Checkout code\n- name: Mark stale issues"},
		{Text: "Patient: Will be seen tomorrow"},
		{Text: "Customer: Johnson-Garcia Group"},
		{Text: "The meeting moved to May 5; June and April are busy."},
		{Text: "Will Smith starred in the film"}, // no context: free text needs a keyword
		{Text: "Jennifer Lopez released an album in March"},
		{Text: "Dr. Pepper and Mr. Clean are brands"},
		{Text: "Report name: June Summary"},
		{Text: "func (w *Walker) Import(name string) error"},
		{Text: "p.Mark |= flag // name of the mark"},
		{Text: "// Don't use the name here"},
		{Text: "We allocated the stack for standard Ms. Don't replace it"},
		{Text: `{"Name":"ORR (immediate)","Bits":"0|0|1"}`},
		{Text: "name: Platform Engineering\nowner: Blue Harbor Migration"},
		{Text: "Name: Backup Policy Review"},
		{Text: "Upstream-Name: Apache Maven"},
		{Text: `{"name": "Kafka Connect", "type": "Sink Connector"}`},
		{Text: "Customer Service Team"},
		{Text: "Patient Portal Login"},
		{Text: "Hello World!"},
		{Text: "Thanks,\nThe Team"},
		{Text: "Best practices\nMark Twain quotes"},
		{Text: "Client: Morgan Stanley"},
		{Text: "Charlotte", Keys: []string{"city"}},
		{Text: "Austin", Keys: []string{"first_name", "city"}},
		{Text: "MAY", Keys: []string{"month_name"}},
		{Text: "Green Valley Hospital", Keys: []string{"name"}},
		{Text: "Washington Street", Keys: []string{"street_name"}},
		{Text: "Max Length", Keys: []string{"field_name"}},
	}, Identifiers...)
}

func TestPersonNameDictionaries(t *testing.T) {
	if len(givenNames) < 600 || len(surnames) < 1000 {
		t.Fatalf("dictionaries too small: %d given names, %d surnames", len(givenNames), len(surnames))
	}
	for _, n := range []string{"JAMES", "MARY", "MARIA", "JOSE", "SMITH", "GARCIA", "NGUYEN", "OBRIEN", "MCDONALD"} {
		if !givenNames[n] && !surnames[n] {
			t.Errorf("%s missing from the dictionaries", n)
		}
	}
	if len(nameWords) < 3000 {
		t.Fatalf("word list too small: %d", len(nameWords))
	}
	for _, n := range []string{"PRIYA", "TREMBLAY", "ROSSI", "SILVA", "NGUYEN", "CHLOE"} {
		if nameWords[n] {
			t.Errorf("%s is in the word list", n)
		}
	}
	for w := range nameStop {
		if w != "BEST" && w != "BEACH" && (givenNames[w] || surnames[w]) {
			t.Errorf("stop word %s is also a dictionary name", w)
		}
	}
}

func TestMaskPersonName(t *testing.T) {
	for in, want := range map[string]string{
		"John Smith":    "J*** S****",
		"Mr. Brown":     "M*. B****",
		"SMITH, JOHN A": "S****, J*** A",
		"José García":   "J**** G******",
	} {
		if got := maskPersonName(in); got != want {
			t.Errorf("maskPersonName(%q) = %q, want %q", in, got, want)
		}
	}
}
