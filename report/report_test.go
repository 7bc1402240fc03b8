package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dredge-dev/dredge/posture"
	"github.com/dredge-dev/dredge/remediate"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) }

// buildFixture builds the report of the fixture store and returns it as
// decoded from its JSON, with the HTML and CSV renderings.
func buildFixture(t testing.TB, mod func(*Options)) (rep *Report, js, html, csvText []byte) {
	t.Helper()
	store, planPath := fixtureStore(t)
	ctx := context.Background()
	ps, err := posture.OpenStore(ctx, store, s3none)
	if err != nil {
		t.Fatal(err)
	}
	pst, err := ReadPostureStore(ctx, ps)
	if err != nil {
		t.Fatal(err)
	}
	log, err := remediate.OpenAuditLog(ctx, "", store, s3none)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := ReadPlan(planPath)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Mapper: fixtureMapper(), Posture: pst, AuditLog: log, Plan: plan, PlanFrom: "plan.json", Now: fixedNow}
	if mod != nil {
		mod(&o)
	}
	src, err := OpenSource(context.Background(), store, s3none)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(context.Background(), src, o)
	if err != nil {
		t.Fatal(err)
	}
	var jb, hb, cb bytes.Buffer
	if err := Write(&jb, "json", r); err != nil {
		t.Fatal(err)
	}
	if err := Write(&hb, "html", r); err != nil {
		t.Fatal(err)
	}
	if err := Write(&cb, "csv", r); err != nil {
		t.Fatal(err)
	}
	rep = &Report{}
	if err := json.Unmarshal(jb.Bytes(), rep); err != nil {
		t.Fatal(err)
	}
	return rep, jb.Bytes(), hb.Bytes(), cb.Bytes()
}

func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func typeOf(t *testing.T, r *Report, fw, code string) TypeSummary {
	t.Helper()
	for _, f := range r.Compliance {
		if f.Framework == fw {
			for _, ty := range f.Types {
				if ty.Code == code {
					return ty
				}
			}
		}
	}
	t.Fatalf("no type %s %s", fw, code)
	return TypeSummary{}
}

func fwOf(t *testing.T, r *Report, fw string) FrameworkReport {
	t.Helper()
	for _, f := range r.Compliance {
		if f.Framework == fw {
			return f
		}
	}
	t.Fatalf("no framework %s", fw)
	return FrameworkReport{}
}

func locOf(t *testing.T, f FrameworkReport, bucket string) BucketLocation {
	t.Helper()
	for _, l := range f.Locations {
		if l.Bucket == bucket {
			return l
		}
	}
	t.Fatalf("%s: no location %s", f.Framework, bucket)
	return BucketLocation{}
}

// TestKnownStore checks every number of the JSON report of a store whose
// content is known (fixture_test.go), worked out by hand.
func TestKnownStore(t *testing.T) {
	r, _, _, _ := buildFixture(t, nil)

	eq(t, "schema", r.Schema, Schema)
	eq(t, "frameworks", strings.Join(r.Frameworks, ","), "hipaa,gdpr,pci")
	eq(t, "documents read", r.Scope.DocumentsRead, 8)
	eq(t, "in scope", r.Scope.InScope, 8)
	eq(t, "unreadable", r.Scope.Unreadable, 0)

	s := r.Summary
	eq(t, "buckets", s.Buckets, 3)
	eq(t, "objects", s.Objects, 8)
	eq(t, "complete", s.Complete, 5)
	eq(t, "partial", s.Partial, 1)
	eq(t, "skipped", s.Skipped, 1)
	eq(t, "failed", s.Failed, 1)
	eq(t, "bytes", s.Bytes, 7360)
	eq(t, "bytes not scanned", s.BytesNotScanned, 1200)
	eq(t, "coverage", s.CoveragePercent, 62.5)
	eq(t, "analysed", s.AnalysedPercent, 75.0)
	eq(t, "objects with findings", s.ObjectsWithFindings, 5)
	eq(t, "findings", s.Findings, 37)
	eq(t, "findings by severity", s.FindingsBySeverity, Severities{High: 12, Medium: 17, Low: 8})
	eq(t, "objects by severity", s.ObjectsBySeverity, Severities{High: 3, Medium: 2})
	eq(t, "category PERSONAL", s.FindingsByCategory["PERSONAL"], 18)
	eq(t, "category FINANCIAL", s.FindingsByCategory["FINANCIAL"], 12)
	eq(t, "category HEALTH", s.FindingsByCategory["HEALTH"], 3)
	eq(t, "category CREDENTIALS", s.FindingsByCategory["CREDENTIALS"], 1)
	eq(t, "category CUSTOM", s.FindingsByCategory["CUSTOM"], 3)
	eq(t, "identifiers", len(s.Identifiers), 12)
	eq(t, "top identifier", s.Identifiers[0], IdentifierCount{ID: "PERSON_NAME", Category: "PERSONAL", Occurrences: 8, Objects: 3})
	eq(t, "regulated", fmt.Sprint(s.Regulated), "[{hipaa 28 4 2} {gdpr 29 4 2} {pci 17 1 1}]")

	// HIPAA Safe Harbor.
	want := map[string][3]int64{ // occurrences, objects, buckets
		"A": {8, 3, 2}, "B": {}, "C": {}, "D": {}, "E": {}, "F": {4, 1, 1}, "G": {3, 1, 1}, "H": {1, 1, 1}, "I": {},
		"J": {5, 1, 1}, "K": {}, "L": {}, "M": {}, "N": {}, "O": {3, 1, 1}, "P": {}, "Q": {}, "R": {2, 1, 1}, "HI": {2, 1, 1},
	}
	for code, w := range want {
		ty := typeOf(t, r, "hipaa", code)
		eq(t, "hipaa "+code, [3]int64{ty.Occurrences, ty.Objects, int64(ty.Buckets)}, w)
	}
	eq(t, "hipaa types", len(fwOf(t, r, "hipaa").Types), 19)
	h := fwOf(t, r, "hipaa")
	eq(t, "hipaa totals", [3]int64{h.Occurrences, h.Objects, int64(h.Buckets)}, [3]int64{28, 4, 2})
	eq(t, "hipaa first location (public first)", h.Locations[0].Bucket, "patients")
	pl := locOf(t, h, "patients")
	eq(t, "hipaa patients", [2]int64{pl.Occurrences, pl.Objects}, [2]int64{12, 2})
	eq(t, "hipaa patients exposure", pl.Exposure, "public")
	eq(t, "hipaa patients prefixes", fmt.Sprint(pl.Prefixes), "[{records/ 12 2 [{A 2 1} {F 4 1} {G 3 1} {H 1 1} {HI 2 1}]}]")
	py := locOf(t, h, "payments")
	eq(t, "hipaa payments", [2]int64{py.Occurrences, py.Objects}, [2]int64{16, 2})
	eq(t, "hipaa payments types", fmt.Sprint(py.Types), "[{A 6 2} {J 5 1} {O 3 1} {R 2 1}]")
	eq(t, "hipaa payments prefixes", fmt.Sprint(py.Prefixes), "[{cards/ 10 1 [{A 5 1} {J 5 1}]} {logs/ 6 1 [{A 1 1} {O 3 1} {R 2 1}]}]")
	if !strings.Contains(strings.Join(typeOf(t, r, "hipaa", "R").Identifiers, ","), "EMPLOYEE_ID") {
		t.Error("custom identifier mapped to R not listed")
	}

	// GDPR.
	gwant := map[string][3]int64{"ART4_NAME": {8, 3, 2}, "ART4_ID": {6, 2, 2}, "ART4_CONTACT": {4, 1, 1}, "ART4_ONLINE": {3, 1, 1},
		"ART4_FINANCIAL": {5, 1, 1}, "ART9_HEALTH": {3, 2, 1}, "ART4_LOCATION": {}, "ART4_DOB": {}, "ART10": {}, "ART9_OTHER": {}}
	for code, w := range gwant {
		ty := typeOf(t, r, "gdpr", code)
		eq(t, "gdpr "+code, [3]int64{ty.Occurrences, ty.Objects, int64(ty.Buckets)}, w)
	}
	g := fwOf(t, r, "gdpr")
	eq(t, "gdpr totals", [3]int64{g.Occurrences, g.Objects, int64(g.Buckets)}, [3]int64{29, 4, 2})

	// PCI DSS: a name counts as cardholder data only beside a PAN.
	pwant := map[string][3]int64{"PAN": {5, 1, 1}, "EXPIRY": {5, 1, 1}, "CARDHOLDER_NAME": {5, 1, 1}, "SAD_CVV": {2, 1, 1}, "SAD_TRACK": {}}
	for code, w := range pwant {
		ty := typeOf(t, r, "pci", code)
		eq(t, "pci "+code, [3]int64{ty.Occurrences, ty.Objects, int64(ty.Buckets)}, w)
	}
	eq(t, "cvv never store", typeOf(t, r, "pci", "SAD_CVV").NeverStore, true)
	p := fwOf(t, r, "pci")
	eq(t, "pci totals", [3]int64{p.Occurrences, p.Objects, int64(p.Buckets)}, [3]int64{17, 1, 1})
	eq(t, "pci location", fmt.Sprint(p.Locations), "[{payments shared 17 1 [{PAN 5 1} {EXPIRY 5 1} {CARDHOLDER_NAME 5 1} {SAD_CVV 2 1}] [{cards/ 17 1 [{PAN 5 1} {EXPIRY 5 1} {CARDHOLDER_NAME 5 1} {SAD_CVV 2 1}]}]}]")
	eq(t, "pci examples", len(p.Examples), 4)
	eq(t, "pci example 0", p.Examples[0], Example{Code: "PAN", Identifier: "CREDIT_CARD_NUMBER", Bucket: "payments",
		Object: "s3://payments/cards/2024/x.csv", Location: "line 10, column c", Masked: "************1111"})

	// Exposure: public then shared (both with regulated data), then the rest.
	eq(t, "exposure order", fmt.Sprint(bucketsOf(r.Exposure)), "[patients payments archive]")
	e := r.Exposure[0]
	eq(t, "patients exposure", words(e.Exposure, e.Encryption, e.Score, e.Findings, e.RegulatedObjects, e.Regulated["hipaa"], e.Regulated["gdpr"], e.Regulated["pci"]), "public none 77 12 2 12 13 0")
	e = r.Exposure[1]
	eq(t, "payments exposure", words(e.Exposure, e.Encryption, e.Score, e.Findings, e.RegulatedObjects, e.Regulated["hipaa"], e.Regulated["gdpr"], e.Regulated["pci"]), "shared SSE-KMS 87 24 2 16 16 17")
	e = r.Exposure[2]
	eq(t, "archive exposure", words(e.Exposure, e.Encryption, e.Score, e.Findings, e.RegulatedObjects), "unknown unknown 69 1 0")

	// Encryption.
	en := r.Encryption
	eq(t, "encryption", [4]int{en.Encrypted, en.Unencrypted, en.Unknown, en.UnencryptedRegulated}, [4]int{1, 1, 1, 1})
	eq(t, "encryption first", en.Buckets[0], BucketEncryption{Bucket: "patients", Encryption: "none", Status: "unencrypted", RegulatedObjects: 2, ObjectsChecked: 4, ObjectsUnencrypted: 3, ObjectsSource: "head"})

	// Remediation: applied actions from the audit log (one undone), pending
	// and failed ones from the dry-run plan.
	rm := r.Remediation
	eq(t, "remediation", [5]int64{rm.Taken, rm.Undone, rm.Pending, rm.Failed, rm.Omitted}, [5]int64{3, 1, 1, 1, 0})
	eq(t, "log entries", rm.Entries, 5)
	eq(t, "chain verified", rm.ChainVerified, true)
	eq(t, "remediation by action", fmt.Sprint(rm.ByAction), "[{block_public 0 1 0 0} {enforce_encryption 0 0 1 0} {quarantine 1 0 0 1} {tag 2 0 0 0}]")
	eq(t, "first action needs attention", rm.Actions[0].State, "failed")
	eq(t, "actions listed", len(rm.Actions), 6)
	eq(t, "object encryption", r.Encryption.ObjectsUnencrypted, 3)

	// Coverage gaps.
	cv := r.Coverage
	eq(t, "not fully scanned", cv.NotFullyScanned, 3)
	eq(t, "gap reasons", fmt.Sprint(cv.ByReason), "[{error access denied 1 700} {partial size limit reached after 10 MiB 1 2000} {skipped unsupported format 1 500}]")
	eq(t, "gap objects", len(cv.Objects), 3)
	eq(t, "gaps omitted", cv.Omitted, 0)
	eq(t, "unmapped", fmt.Sprint(cv.Unmapped), "[{PROJECT_CODE CUSTOM 1 1}]")
	eq(t, "no posture", fmt.Sprint(cv.NoPosture), "[archive]")
	undetect := strings.Join(cv.Undetectable, "|")
	for _, w := range []string{"HIPAA P:", "HIPAA Q:", "HIPAA N:", "GDPR ART10:", "PCI SAD_TRACK:"} {
		if !strings.Contains(undetect, w) {
			t.Errorf("undetectable types lack %s: %s", w, undetect)
		}
	}

	// Bucket scores (queue.SensitivityScore) and totals.
	eq(t, "bucket order", fmt.Sprint(bucketScoresOf(r.Buckets)), "[payments:87 patients:77 archive:69]")
	b := r.Buckets[1]
	eq(t, "patients bucket", words(b.Objects, b.Complete, b.Partial, b.Skipped, b.Failed, b.Bytes, b.WithFindings, b.Findings, b.Types, b.Band),
		"4 2 1 1 0 3600 2 12 5 sensitive")
	b = r.Buckets[0]
	eq(t, "payments bucket", words(b.Objects, b.Complete, b.Partial, b.Skipped, b.Failed, b.Bytes, b.WithFindings, b.Findings, b.Types),
		"3 2 0 0 1 3750 2 24 7")
	eq(t, "change", r.Change == nil, true)
}

func bucketsOf(l []BucketExposure) []string {
	var out []string
	for _, e := range l {
		out = append(out, e.Bucket)
	}
	return out
}

func bucketScoresOf(l []BucketScore) []string {
	var out []string
	for _, b := range l {
		out = append(out, b.Bucket+":"+strconv.Itoa(b.Score))
	}
	return out
}

// No raw value, and no markup from the data, in any format.
func TestNoRawValueAndEscaping(t *testing.T) {
	_, js, html, csvText := buildFixture(t, nil)
	for name, out := range map[string][]byte{"json": js, "html": html, "csv": csvText} {
		if bytes.Contains(out, []byte(rawSSN)) {
			t.Errorf("%s: the raw value %s is in the report", name, rawSSN)
		}
	}
	if bytes.Contains(html, []byte("<img")) || bytes.Contains(html, []byte("<script")) {
		t.Error("html: markup from the data, or a script")
	}
	if !bytes.Contains(html, []byte("images/&lt;img src=x onerror=alert(1)&gt;")) {
		t.Error("html: the hostile key is not shown escaped")
	}
	for _, bad := range []string{"http://", "https://", "@import", "url(", "src="} {
		if bytes.Contains(bytes.ReplaceAll(html, []byte("src=x"), nil), []byte(bad)) {
			t.Errorf("html: %q would fetch something", bad)
		}
	}
	if !bytes.Contains(html, []byte(`Content-Security-Policy" content="default-src 'none'`)) {
		t.Error("html: no CSP")
	}
}

// htmlIDs returns the text of every element with an id (tags stripped).
func htmlIDs(t testing.TB, html []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	re := regexp.MustCompile(`<(\w+)[^>]*\bid="([^"]+)"[^>]*>(.*?)</(\w+)>`)
	tag := regexp.MustCompile(`<[^>]+>`)
	for _, m := range re.FindAllSubmatch(html, -1) {
		out[string(m[2])] = strings.TrimSpace(tag.ReplaceAllString(string(m[3]), ""))
	}
	return out
}

func unComma(s string) string { return strings.ReplaceAll(s, ",", "") }

// The HTML shows the JSON's numbers.
func TestHTMLAgreesWithJSON(t *testing.T) {
	r, _, html, _ := buildFixture(t, nil)
	ids := htmlIDs(t, html)
	s := r.Summary
	want := map[string]int64{
		"sum-buckets": int64(s.Buckets), "sum-objects": s.Objects, "sum-complete": s.Complete, "sum-partial": s.Partial,
		"sum-skipped": s.Skipped, "sum-failed": s.Failed, "sum-bytes-exact": s.Bytes, "sum-findings": s.Findings,
		"sum-with-findings": s.ObjectsWithFindings, "sum-bytes-not-scanned": s.BytesNotScanned,
		"sev-critical": s.FindingsBySeverity.Critical, "sev-high": s.FindingsBySeverity.High,
		"sev-medium": s.FindingsBySeverity.Medium, "sev-low": s.FindingsBySeverity.Low,
		"osev-high": s.ObjectsBySeverity.High, "osev-medium": s.ObjectsBySeverity.Medium,
		"enc-encrypted": int64(r.Encryption.Encrypted), "enc-unencrypted": int64(r.Encryption.Unencrypted),
		"enc-unknown": int64(r.Encryption.Unknown), "enc-unencrypted-regulated": int64(r.Encryption.UnencryptedRegulated),
		"rem-taken": r.Remediation.Taken, "rem-pending": r.Remediation.Pending, "rem-failed": r.Remediation.Failed,
		"rem-undone": r.Remediation.Undone, "rem-entries": r.Remediation.Entries, "enc-objects-unencrypted": int64(r.Encryption.ObjectsUnencrypted),
		"cov-not-fully": r.Coverage.NotFullyScanned, "scope-read": r.Scope.DocumentsRead, "scope-inscope": r.Scope.InScope,
	}
	for _, f := range r.Summary.Regulated {
		want["reg-"+f.Framework+"-occ"] = f.Occurrences
		want["reg-"+f.Framework+"-obj"] = f.Objects
		want["reg-"+f.Framework+"-bkt"] = int64(f.Buckets)
	}
	for _, f := range r.Compliance {
		want["fw-"+f.Framework+"-occ"] = f.Occurrences
		want["fw-"+f.Framework+"-obj"] = f.Objects
		want["fw-"+f.Framework+"-bkt"] = int64(f.Buckets)
	}
	for id, w := range want {
		got, ok := ids[id]
		if !ok {
			t.Errorf("html: no element #%s", id)
			continue
		}
		eq(t, "html #"+id, unComma(got), strconv.FormatInt(w, 10))
	}
	eq(t, "html coverage", ids["sum-coverage"], "62.5%")
	// Every type row shows its occurrences, objects and buckets.
	row := regexp.MustCompile(`(?s)<tr id="type-(\w+)-(\w+)".*?<td class="n occ">([\d,]+)</td><td class="n obj">([\d,]+)</td><td class="n bkt">([\d,]+)</td>`)
	rows := row.FindAllSubmatch(html, -1)
	n := 0
	for _, f := range r.Compliance {
		n += len(f.Types)
	}
	eq(t, "html type rows", len(rows), n)
	for _, m := range rows {
		ty := typeOf(t, r, string(m[1]), string(m[2]))
		eq(t, "html type "+string(m[1])+" "+string(m[2]), unComma(string(m[3]))+"/"+unComma(string(m[4]))+"/"+unComma(string(m[5])),
			fmt.Sprintf("%d/%d/%d", ty.Occurrences, ty.Objects, ty.Buckets))
	}
	for _, sec := range []string{"summary", "fw-hipaa", "fw-gdpr", "fw-pci", "exposure", "encryption", "remediation", "coverage", "buckets", "change"} {
		if !bytes.Contains(html, []byte(`<section id="`+sec+`"`)) {
			t.Errorf("html: no section %s", sec)
		}
	}
}

// csvIndex maps section|framework|code|bucket|prefix|identifier|object|metric to value.
func csvIndex(t testing.TB, data []byte) map[string]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("csv header %v", rows[0])
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		k := strings.Join([]string{r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[8]}, "|")
		out[k] = r[9]
	}
	return out
}

// The CSV carries the JSON's numbers.
func TestCSVAgreesWithJSON(t *testing.T) {
	r, _, _, data := buildFixture(t, nil)
	idx := csvIndex(t, data)
	check := func(key string, want int64) {
		t.Helper()
		got, ok := idx[key]
		if !ok {
			t.Errorf("csv: no row %s", key)
			return
		}
		eq(t, "csv "+key, got, strconv.FormatInt(want, 10))
	}
	s := r.Summary
	for k, v := range map[string]int64{"buckets": int64(s.Buckets), "objects": s.Objects, "complete": s.Complete, "partial": s.Partial,
		"skipped": s.Skipped, "failed": s.Failed, "bytes": s.Bytes, "bytes_not_scanned": s.BytesNotScanned,
		"objects_with_findings": s.ObjectsWithFindings, "findings": s.Findings} {
		check("summary|||||||"+k, v)
	}
	eq(t, "csv coverage", idx["summary|||||||coverage_percent"], "62.5")
	check("summary_severity||high|||||findings", s.FindingsBySeverity.High)
	check("summary_severity||medium|||||objects", s.ObjectsBySeverity.Medium)
	for _, id := range s.Identifiers {
		check("identifier|||||"+id.ID+"||occurrences", id.Occurrences)
		check("identifier|||||"+id.ID+"||objects", id.Objects)
	}
	for _, f := range r.Compliance {
		check("framework|"+f.Framework+"||||||occurrences", f.Occurrences)
		check("framework|"+f.Framework+"||||||objects", f.Objects)
		for _, ty := range f.Types {
			ids := strings.Join(ty.Identifiers, " ")
			check("type|"+f.Framework+"|"+ty.Code+"|||"+ids+"||occurrences", ty.Occurrences)
			check("type|"+f.Framework+"|"+ty.Code+"|||"+ids+"||objects", ty.Objects)
			check("type|"+f.Framework+"|"+ty.Code+"|||"+ids+"||buckets", int64(ty.Buckets))
		}
		for _, l := range f.Locations {
			check("location|"+f.Framework+"||"+l.Bucket+"||||occurrences", l.Occurrences)
			for _, p := range l.Prefixes {
				check("prefix|"+f.Framework+"||"+l.Bucket+"|"+p.Prefix+"|||objects", p.Objects)
				for _, c := range p.Types {
					check("prefix_type|"+f.Framework+"|"+c.Code+"|"+l.Bucket+"|"+p.Prefix+"|||occurrences", c.Occurrences)
				}
			}
		}
	}
	for _, e := range r.Exposure {
		check("exposure|||"+e.Bucket+"||||sensitivity_score", int64(e.Score))
		for fw, v := range e.Regulated {
			check("exposure|"+fw+"||"+e.Bucket+"||||regulated_occurrences", v)
		}
	}
	for _, b := range r.Buckets {
		check("bucket||s3|"+b.Bucket+"||||findings", b.Findings)
		check("bucket||s3|"+b.Bucket+"||||sensitivity_score", int64(b.Score))
	}
	check("remediation|||||||taken", r.Remediation.Taken)
	check("remediation|||||||undone", r.Remediation.Undone)
	check("remediation|||||||pending", r.Remediation.Pending)
	check("remediation|||||||failed", r.Remediation.Failed)
	check("coverage|||||||not_fully_scanned", r.Coverage.NotFullyScanned)
	for _, g := range r.Coverage.Objects {
		check("gap||"+g.Status+"|"+g.Bucket+"|||"+cell(g.Object)+"|size", g.Size)
	}
	check("encryption|||||||unencrypted_regulated", int64(r.Encryption.UnencryptedRegulated))
}

// CSV cells that a spreadsheet would run as formulas are neutralised.
func TestCSVFormulaInjection(t *testing.T) {
	eq(t, "cell", cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")")
	eq(t, "cell", cell("records/"), "records/")
	eq(t, "value", valueCell("-3"), "-3")
	eq(t, "value", valueCell("@x"), "'@x")
}

func words(a ...any) string { return strings.TrimSpace(fmt.Sprintln(a...)) }
