// Package corpus generates dredge's labeled corpus: a few hundred small
// files holding valid sensitive values of every identifier of DESIGN.md in
// many surroundings, hard negatives that must not be reported, and the
// exact count of true occurrences per object and identifier
// (ground_truth.csv). The classifier quality gate (quality_test.go) scans
// the corpus and scores the managed identifiers against it.
//
// Generation is deterministic: every object draws from its own PCG seeded
// by its path, so the same binary always writes the same bytes, and adding
// an object does not change the others. Regenerate with
//
//	go run ./corpus/gen -out corpus/data
package corpus

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

// IDs are the identifier IDs of DESIGN.md ("Contracts other tools rely
// on"); the corpus holds true occurrences of each.
var IDs = []string{
	// CREDENTIALS
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "GCP_SERVICE_ACCOUNT_KEY", "AZURE_STORAGE_ACCOUNT_KEY",
	"GITHUB_TOKEN", "SLACK_TOKEN", "STRIPE_SECRET_KEY", "GOOGLE_API_KEY", "PRIVATE_KEY", "JSON_WEB_TOKEN",
	"PASSWORD", "URL_CREDENTIALS",
	// FINANCIAL
	"CREDIT_CARD_NUMBER", "CREDIT_CARD_EXPIRATION", "CREDIT_CARD_SECURITY_CODE", "IBAN",
	"US_BANK_ACCOUNT_NUMBER", "US_ABA_ROUTING_NUMBER", "SWIFT_CODE",
	// PERSONAL
	"PERSON_NAME", "POSTAL_ADDRESS", "EMAIL_ADDRESS", "PHONE_NUMBER", "IP_ADDRESS", "MAC_ADDRESS",
	"DATE_OF_BIRTH", "US_SSN", "US_ITIN", "US_PASSPORT_NUMBER", "US_DRIVERS_LICENSE",
	"UK_NATIONAL_INSURANCE_NUMBER", "UK_NHS_NUMBER", "CA_SOCIAL_INSURANCE_NUMBER", "FR_NIR", "ES_DNI",
	"IT_FISCAL_CODE", "IN_AADHAAR", "IN_PAN", "BR_CPF", "AU_TAX_FILE_NUMBER", "VEHICLE_IDENTIFICATION_NUMBER",
	// HEALTH
	"US_NPI", "US_DEA_NUMBER", "US_MEDICARE_BENEFICIARY_ID", "MEDICAL_RECORD_NUMBER", "ICD10_CODE",
}

// GroundTruthFile is the name of the label file in the corpus folder.
const GroundTruthFile = "ground_truth.csv"

// StatusFile lists the objects whose scan must not be complete: the
// columns object,status,reason; the scanner must give the object that
// status with a reason containing reason. Every object not listed must be
// scanned completely.
const StatusFile = "expected_status.csv"

// Truth maps object path (relative, slash-separated) to identifier to
// count. Objects without findings map to an empty map.
type Truth map[string]map[string]int

// template makes one kind of object; count instances are generated, the
// i-th at fmt.Sprintf(pattern, i).
type template struct {
	pattern string
	count   int
	make    func(d *doc, i int)
}

// seed is the corpus-wide seed; change it only to regenerate everything.
const seed = 0x64726564676521

// build generates every object in memory, in path order.
func build() []object {
	var objs []object
	seen := map[string]bool{}
	for _, t := range templates() {
		for i := 1; i <= t.count; i++ {
			p := t.pattern
			if t.count > 1 || containsVerb(p) {
				p = fmt.Sprintf(t.pattern, i)
			}
			if seen[p] {
				panic("duplicate object " + p)
			}
			seen[p] = true
			h := fnv.New64a()
			h.Write([]byte(p))
			d := newDoc(newGen(seed, h.Sum64()), p)
			t.make(d, i)
			objs = append(objs, d.finish())
		}
	}
	sort.Slice(objs, func(a, b int) bool { return objs[a].path < objs[b].path })
	return objs
}

func containsVerb(p string) bool { return bytes.Contains([]byte(p), []byte("%")) }

// groundTruth renders the label file: a header, then one row per object
// and identifier with a non-zero count, and one row with an empty
// identifier and count 0 for each object without findings; rows sorted by
// object then identifier.
func groundTruth(objs []object) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"object", "identifier", "count"})
	for _, o := range objs {
		if len(o.counts) == 0 {
			w.Write([]string{o.path, "", "0"})
			continue
		}
		for _, id := range sortedKeys(o.counts) {
			w.Write([]string{o.path, id, strconv.Itoa(o.counts[id])})
		}
	}
	w.Flush()
	return b.Bytes()
}

// expectedStatus renders the status file: a header, then one row per
// object that must not be complete, sorted by object.
func expectedStatus(objs []object) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"object", "status", "reason"})
	for _, o := range objs {
		if o.status != "" {
			w.Write([]string{o.path, o.status, o.reason})
		}
	}
	w.Flush()
	return b.Bytes()
}

// Generate writes the corpus into dir and returns the number of objects
// and the true occurrences per identifier. An existing dir is emptied
// first, but only if it looks like a corpus (it holds ground_truth.csv).
func Generate(dir string) (int, map[string]int, error) {
	objs := build()
	if err := checkCoverage(objs); err != nil {
		return 0, nil, err
	}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		if _, err := os.Stat(filepath.Join(dir, GroundTruthFile)); err != nil {
			return 0, nil, fmt.Errorf("%s is not empty and holds no %s: refusing to overwrite it", dir, GroundTruthFile)
		}
		if err := os.RemoveAll(dir); err != nil {
			return 0, nil, err
		}
	}
	for _, o := range objs {
		p := filepath.Join(dir, filepath.FromSlash(o.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return 0, nil, err
		}
		if err := os.WriteFile(p, o.data, 0o644); err != nil {
			return 0, nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, GroundTruthFile), groundTruth(objs), 0o644); err != nil {
		return 0, nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, StatusFile), expectedStatus(objs), 0o644); err != nil {
		return 0, nil, err
	}
	nobj, totals := totals(objs)
	return nobj, totals, nil
}

// checkCoverage fails unless every identifier of IDs has true
// occurrences and no object counts an unknown identifier.
func checkCoverage(objs []object) error {
	known := map[string]bool{}
	for _, id := range IDs {
		known[id] = true
	}
	total := map[string]int{}
	for _, o := range objs {
		for id, c := range o.counts {
			if !known[id] {
				return fmt.Errorf("%s: unknown identifier %s", o.path, id)
			}
			total[id] += c
		}
	}
	for _, id := range IDs {
		if total[id] == 0 {
			return fmt.Errorf("no true occurrence of %s in the corpus", id)
		}
	}
	return nil
}

// totals returns the number of objects and of true occurrences per
// identifier.
func totals(objs []object) (int, map[string]int) {
	total := map[string]int{}
	for _, o := range objs {
		for id, c := range o.counts {
			total[id] += c
		}
	}
	return len(objs), total
}

// ReadTruth reads a ground_truth.csv.
func ReadTruth(path string) (Truth, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) == 0 || len(recs[0]) != 3 || recs[0][0] != "object" || recs[0][1] != "identifier" || recs[0][2] != "count" {
		return nil, fmt.Errorf("%s: want header object,identifier,count", path)
	}
	t := Truth{}
	for i, r := range recs[1:] {
		if t[r[0]] == nil {
			t[r[0]] = map[string]int{}
		}
		if r[1] == "" {
			continue
		}
		c, err := strconv.Atoi(r[2])
		if err != nil || c < 0 {
			return nil, fmt.Errorf("%s:%d: bad count %q", path, i+2, r[2])
		}
		t[r[0]][r[1]] += c
	}
	return t, nil
}

// Status is an expected scan status and a part of its reason.
type Status struct{ Status, Reason string }

// ReadStatus reads an expected_status.csv: object -> expected status.
func ReadStatus(path string) (map[string]Status, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) == 0 || len(recs[0]) != 3 || recs[0][0] != "object" || recs[0][1] != "status" || recs[0][2] != "reason" {
		return nil, fmt.Errorf("%s: want header object,status,reason", path)
	}
	m := map[string]Status{}
	for i, r := range recs[1:] {
		if r[1] == "" || r[1] == "complete" {
			return nil, fmt.Errorf("%s:%d: list only objects that are not complete", path, i+2)
		}
		m[r[0]] = Status{r[1], r[2]}
	}
	return m, nil
}
