package personal

import (
	"strings"

	c "github.com/dredge-dev/dredge/classifiers"
)

// Building blocks of the PERSON_NAME expressions.
const (
	// nmT is a capitalised word: John, McDonald, O'Brien, LaToya, José.
	nmT = `(?:Mc|Mac|O'|D'|De|Da|Di|Du|La|Le|Van)?[A-Z](?:[a-z]|\xc3[\x9f-\xbf]){1,20}`
	// nmC is a word in capitals: JOHN, O'BRIEN.
	nmC = `(?:O'|D')?[A-Z]{2,20}`
	// Between words: a space (with a middle initial), a hyphen, or a
	// lower-case particle (Maria de la Cruz, Ludwig van Beethoven).
	nmSepT = `(?:[ ](?:[A-Z]\.?[ ])?|-|[ ](?:de|del|della|de la|da|di|du|van|van der|von|der|den|le|la|bin|ibn|al|el)[ ])`
	nmSepC = `(?:[ ](?:[A-Z]\.?[ ])?|-)`

	// nmCommaT is "Garcia, Maria" closing its line; nmCommaC is
	// "GARCIA, MARIA" (records often write names that way).
	nmCommaT = nmT + `,[ ]` + nmT + `(?:[ ][A-Z]\.?)?$`
	nmCommaC = nmC + `,[ ]?` + nmC + `(?:[ ](?:[A-Z]\.?|` + nmC + `))?`

	// nmLabelValue is the value after a label: one to three words.
	nmLabelValue = `(?P<v>` + nmCommaT + `|` + nmCommaC + `|` + nmT + `(?:` + nmSepT + nmT + `){0,2}|` +
		nmC + `(?:` + nmSepC + nmC + `){0,2})`
	// nmLabelSep is what separates a label from its value: ':' '=' '=>'
	// or a table bar, with quotes and Markdown emphasis around.
	nmLabelSep = `["']?[ \t]*[*_]{0,2}[ \t]*(?:[:=]>?|\|)[ \t]*[*_]{0,2}[ \t]*["']?`
	// nmLabelEnd follows a labelled value: the end of the line,
	// punctuation, another capitalised word or a connective, but not a
	// colon (in "Name: JOHN SMITH DOB: 1980" the next label is left out)
	// nor a lower-case word ("name: Mark stale issues" is prose).
	nmLabelEnd = `(?:[ \t]*$|[^:'A-Za-z0-9 \t\r\n]|'(?:s\b|[^A-Za-z]|$)|[ \t]+[^:a-z \t\r\n]|` +
		`[ \t]+(?:and|or|on|at|in|for|from|of|via|with|was|is|has|had|who|to)(?:[ \t]|$))`
	// nmTitleEnd follows a titled name: not a letter or an apostrophe
	// other than a possessive ("Ms. Don't" is no name).
	nmTitleEnd = `(?:$|[^'A-Za-z0-9]|'(?:s\b|[^A-Za-z]|$))`
	// A cell or key value: it follows a delimiter (or starts the line)
	// and ends at one (or at the end of the line).
	nmCellStart = `(?:^|[,;|\t"'=:>(\[{])[ \t]*`
	nmCellValue = nmC + `,[ ]` + nmC + `(?:[ ](?:[A-Z]\.?|` + nmC + `))?|` +
		nmT + `(?:` + nmSepT + nmT + `){0,3}|` + nmC + `(?:` + nmSepC + nmC + `){0,3}`
	nmCellEnd = `[ \t]*(?:$|[,;|\t"<>().\]}\r]|'(?:[^A-Za-z]|$))`

	// nmNameLabels are field labels ending in "name", which must start
	// a field (line start or after punctuation) so that "Product name:"
	// or "user name:" are not taken for them.
	nmNameLabels = `(?:(?:full|first|given|last|family|middle|legal|maiden|birth|patient|customer|client|member|` +
		`employee|contact|applicant|insured|subscriber|card[ _-]?holder|account[ _-]?holder|holder|beneficiary|` +
		`guardian|parent|spouse|student|tenant|borrower|owner|recipient|guest|passenger|traveler|traveller|` +
		`physician|doctor|your|signer|sender|f|l)[ _.-]?)?names?|sur[ _-]?name|fore[ _-]?name|` +
		`name[ _-]of[ _-](?:the[ _-])?(?:patient|insured|applicant|employee|cardholder|beneficiary|account[ _-]?holder)|` +
		`name[ _-]on[ _-](?:the[ _-])?card|contact[ _-]person`
	// nmRoleLabels are field labels naming a person's role.
	nmRoleLabels = `patient|insured|policy[ _-]?holder|card[ _-]?holder|account[ _-]?holder|beneficiary|guarantor|` +
		`guardian|subscriber|claimant|employee|applicant|tenant|landlord|(?:co[ _-]?)?borrower|customer|client|` +
		`(?:emergency[ _-])?contact|next[ _-]of[ _-]kin|spouse|witness|(?:attending[ _-]|referring[ _-])?physician|` +
		`attending|doctor|nurse|caregiver|recipient|addressee|student|teacher|instructor|owner|buyer|seller|payee|` +
		`author|reporter|assignee|committer|maintainer|manager|supervisor|agent|representative|technician|` +
		`interviewer|candidate|occupant|decedent|victim|suspect|defendant|plaintiff|petitioner|respondent|debtor|` +
		`signatory|signed|signature`
	// nmRoleWords name a person's role in prose, right before the name.
	nmRoleWords = `patient|customer|client|employee|applicant|tenant|borrower|insured|policyholder|cardholder|` +
		`beneficiary|member|subscriber|claimant|resident|student|guest|passenger|caller|recipient|donor|` +
		`volunteer|contractor|candidate|nurse|physician|doctor|technician|representative|coworker|colleague|` +
		`neighbor|neighbour|spouse|husband|wife|son|daughter|mother|father|brother|sister|named`
	// nmByLabels introduce a name without a colon: "Attn John Smith",
	// "c/o Maria Garcia", "Prepared by Ann Lee".
	nmByLabels = `attn\.?|attention|c/o|care[ ]of|(?:signed|prepared|submitted|approved|requested|authori[sz]ed|` +
		`reviewed|referred|written|created|reported|assigned|completed|performed|verified|witnessed|examined|` +
		`dictated|transcribed|ordered|issued|entered)[ ]by`
)

// nmCellShape is a trigger shape of the cell patterns: a cell start, a
// capital, then only what a value holds (letters, the UTF-8 lead byte of
// an accented letter and its continuation bytes, spaces, '.', apostrophes, '-'
// and the comma of "GARCIA, MARIA"), then what ends a cell.
const nmCellShape = nmCellStart + `[A-Z][A-Za-z .,'\x9f-\xbf\xc3-]*[ \t]*(?:$|[,;|\t"<>().\]}\r'])`

// nmSepShape is a trigger shape of the labelled patterns: nmLabelSep from
// its assignment on, and the capital of the value.
const nmSepShape = `(?:[:=]>?|\|)[ \t]*[*_]{0,2}[ \t]*["']?[A-Z]`

// PersonName: a person's name. Dictionary-backed heuristics, precision
// first (a capitalised word is not a name):
//
//   - after a label or salutation: "Name: …", "Patient: …", "Dear …",
//     "Hi …,", "Attn …", "Prepared by …", mail headers "From: …", a
//     sign-off ("Regards,\n…"), or a role word in prose ("the patient …",
//     "named …") (Medium);
//   - after a title: "Mr. Brown", "Dr. Maria Garcia" (Medium; the value
//     keeps the title, which vouches for a one-word or everyday-word name);
//   - a cell or JSON/YAML value in a name column or key (first_name,
//     last_name, full_name, name, cardholder, …) or right after such a key
//     in raw text (Low, so reported only with that context);
//   - "Given Surname" in free text with both words in the dictionaries and
//     a name keyword near (Low, keyword-triggered).
//
// Every value must pass the dictionaries: the most frequent given names and
// surnames of the US Census Bureau's 1990 census name files
// (dist.male.first, dist.female.first, dist.all.last; public domain),
// embedded from names/. A value of several words needs its first word to be
// a given name or its last a surname (words that are also everyday words,
// like May, Will, Mark, Young or Green, count only when the other word is a
// name too); a value in capitals or "Surname, Given" needs both; one word
// must be a dictionary name that is not mostly a word (May, Will, Max).
// Names from elsewhere (Chloe Tremblay, Priya Sharma) pass when every word
// is a dictionary name or an unknown word that is not a common English
// word (names/words.txt), so "Blue Harbor Migration" or "Apache Maven" do
// not. Salutations, placeholders and organisation words (Sir, Madam,
// Customer, Unknown, Inc, Hospital, …) reject a value.
var PersonName = &c.Identifier{
	ID:          "PERSON_NAME",
	Category:    c.Personal,
	Description: "Person name (given name and/or surname)",
	Patterns: []c.Pattern{
		// Field labels ending in "name".
		{Regex: `(?m)(?:^[ \t]*(?:-[ \t]+)?|[^A-Za-z0-9_ \t\r\n-][ \t]*)["']?(?i:` + nmNameLabels + `)` + nmLabelSep + nmLabelValue + nmLabelEnd,
			Confidence: c.Medium, Trigger: c.Trigger{Literals: []string{"name", "contact person"},
				Shapes: []string{nmSepShape, `(?i:` + nmNameLabels + `)` + nmLabelSep + `[A-Z]`}}},
		// Role labels: "Patient: …", "Insured = …".
		{Regex: `(?m)\b(?i:` + nmRoleLabels + `)` + nmLabelSep + nmLabelValue + nmLabelEnd,
			Confidence: c.Medium, Trigger: c.Trigger{Literals: []string{"patient", "insured", "holder", "beneficiary",
				"guarantor", "guardian", "subscriber", "claimant", "employee", "applicant", "tenant", "landlord",
				"borrower", "customer", "client", "contact", "next of kin", "spouse", "witness", "physician",
				"attending", "doctor", "nurse", "caregiver", "recipient", "addressee", "student", "teacher",
				"instructor", "owner", "buyer", "seller", "payee", "author", "reporter", "assignee", "committer",
				"maintainer", "manager", "supervisor", "agent", "representative", "technician", "interviewer",
				"candidate", "occupant", "decedent", "victim", "suspect", "defendant", "plaintiff", "petitioner",
				"respondent", "debtor", "signatory", "signed", "signature"},
				Shapes: []string{nmSepShape, `(?i:` + nmRoleLabels + `)` + nmLabelSep + `[A-Z]`}}},
		// "Attn John Smith", "Prepared by: Ann Lee".
		{Regex: `(?m)\b(?i:` + nmByLabels + `)[ \t]*:?[ \t]*` + nmLabelValue + nmLabelEnd,
			Confidence: c.Medium, Trigger: c.Trigger{Literals: []string{"attn", "attention", "c/o", "care of",
				"signed", "prepared", "submitted", "approved", "requested", "authorized", "authorised", "reviewed",
				"referred", "written", "created", "reported", "assigned", "completed", "performed", "verified",
				"witnessed", "examined", "dictated", "transcribed", "ordered", "issued", "entered"},
				Shapes: []string{`(?i:attn\.?|attention|c/o|care[ ]of|[ ]by)[ \t]*:?[ \t]*[A-Z]`}}},
		// Mail headers.
		{Regex: `(?m)^(?:From|To|Cc|Bcc|Reply-To|Sender|FROM|TO|CC|BCC):[ \t]*"?` + nmLabelValue + nmLabelEnd,
			Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`^(?:From|To|Cc|Bcc|Reply-To|Sender|FROM|TO|CC|BCC):[ \t]*"?[A-Z]`}}},
		// Salutations: "Dear …", and "Hi …," / "Hello …!" closed by
		// punctuation or the end of the line.
		{Regex: `(?m)\b(?:Dear|DEAR|Dearest)[ \t]+` + nmLabelValue + nmLabelEnd,
			Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:Dear|DEAR|Dearest)[ \t]+[A-Z]`}}},
		{Regex: `(?m)\b(?:Hi|Hello|Hey|HI|HELLO|Greetings)[ ]+` + nmLabelValue + `[ \t]*(?:[,!:;]|\r?$)`,
			Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:Hi|Hello|Hey|HI|HELLO|Greetings)[ ]+[A-Z]`}}},
		// Sign-off, and the name alone on the next line.
		{Regex: `(?m)\b(?i:regards|sincerely|thanks|thank[ ]you|cheers|best|respectfully|yours[ ]truly|yours)[ \t]*[,!.]?` +
			`[ \t]*\r?\n[ \t]*` + nmLabelValue + `[ \t]*\r?$`,
			Confidence: c.Medium, Trigger: c.Trigger{Literals: []string{"regards", "sincerely", "thanks", "thank you",
				"cheers", "best", "respectfully", "yours"}, Reach: 80,
				Shapes: []string{`(?i:regards|sincerely|thanks|thank[ ]you|cheers|best|respectfully|yours)[ \t]*[,!.]?[ \t]*\r?$`}}},
		// A role word, then the name: "the patient Maria Garcia",
		// "Customer John Smith called", "a man named Robert Brown".
		{Regex: `(?m)\b(?i:` + nmRoleWords + `)(?:'s)?[ \t]+(?P<v>` + nmT + `(?:` + nmSepT + nmT + `){0,2})` + nmTitleEnd,
			Confidence: c.Medium, Trigger: c.Trigger{Literals: strings.Split(nmRoleWords, "|"),
				Shapes: []string{`[A-Za-z](?:'s)?[ \t]+[A-Z](?:[a-z']|\xc3)`, `(?i:` + nmRoleWords + `)(?:'s)?[ \t]+[A-Z]`}}},
		// Title and name, kept together.
		{Regex: `(?m)\b(?P<v>(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Sir|Dame|Rev|MR|MRS|DR|MISS|PROF)\.?[ ](?:` +
			nmT + `(?:` + nmSepT + nmT + `){0,2}|` + nmC + `(?:` + nmSepC + nmC + `){0,2}))` + nmTitleEnd,
			Confidence: c.Medium, Trigger: c.Trigger{Shapes: []string{`(?:^|[^0-9A-Za-z_])(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Sir|Dame|Rev|MR|MRS|DR|MISS|PROF)\.?[ ][A-Z]`}}},
		// A value in a name column or key: a whole cell, or a value
		// between delimiters in raw text near a name key. The match takes
		// the delimiter after the value, so a second expression finds a
		// value right after another capitalised cell ("Maria,Garcia").
		{Regex: `(?m)` + nmCellStart + `(?P<v>` + nmCellValue + `)` + nmCellEnd,
			Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{nmCellShape}}},
		{Regex: `(?m)` + nmCellStart + `[A-Z][A-Za-z .'-]{0,40}[,;|\t](?P<v>` + nmCellValue + `)` + nmCellEnd,
			Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{nmCellStart + `[A-Z][A-Za-z .'-]*[,;|\t][A-Z]`}}}, // no count: a counted run makes the DFA large
		// "Given Surname" in free text, both in the dictionaries.
		// Given names are written [A-Z][a-z]+ (or McX, MacX, O'X, LaX).
		{Regex: personNamePairRegex(), Confidence: c.Low, Trigger: c.Trigger{Keyword: true, Shapes: []string{`[A-Z][A-Za-z']*[a-z][ ][A-Z]`}}},
	},
	Keywords: []string{"name", "full name", "first name", "last name", "given name", "family name", "surname",
		"middle name", "maiden name", "legal name", "forename", "fname", "lname", "cardholder", "card holder",
		"account holder", "beneficiary", "patient"},
	Distance: 16,
	Validate: validPersonName,
	// Placeholder names of forms and documentation.
	Examples: []string{"John Doe", "Jane Doe", "Johnny Doe", "Baby Doe", "Doe, John", "Doe, Jane", "Mr. Doe",
		"Ms. Doe", "Mrs. Doe", "John Q. Public", "Jane Q. Public", "John Q Public", "Joe Bloggs", "Jane Bloggs",
		"Richard Roe", "Jane Roe", "John Citizen", "Jane Citizen"},
	// Firms and brands named after people.
	IgnoreWords: []string{"Morgan Stanley", "Goldman Sachs", "Wells Fargo", "Charles Schwab", "Edward Jones",
		"John Deere", "John Hancock", "Raymond James", "Dow Jones", "Brooks Brothers", "Paul Mitchell",
		"Johnnie Walker", "Jack Daniels", "Tommy Hilfiger", "Calvin Klein", "Ralph Lauren", "Marc Jacobs",
		"Tory Burch", "Kate Spade", "Michael Kors", "Vera Wang", "Ben Sherman", "Ted Baker", "Dolly Parton",
		"Jimmy Choo", "Jimmy Dean", "Sara Lee", "Ben Jerry", "Bob Evans", "Baker Hughes", "Ernst Young",
		"Arthur Andersen", "Stanley Black", "Merrill Lynch", "Lynch Merrill", "Allen Edmonds", "Norman Rockwell"},
	Normalize: normalizePersonName,
	Mask:      maskPersonName,
	Severity:  c.Buckets(c.SeverityLow, c.SeverityMedium, c.SeverityMedium),
}
