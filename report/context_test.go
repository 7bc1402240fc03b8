package report

import (
	"testing"

	"github.com/dredge-dev/dredge/posture"
)

// TestFromPostureSSESource: the object encryption figures come from the
// scan-time counts when the report has them, else from the HEAD sample,
// and say which.
func TestFromPostureSSESource(t *testing.T) {
	r := &posture.Report{Bucket: "b", Objects: &posture.ObjectCheck{Checked: 10, Unencrypted: 2}}
	if o := FromPosture(r).Objects; o == nil || *o != (ObjectEncryption{Checked: 10, Unencrypted: 2, Source: "head"}) {
		t.Errorf("HEAD sample: %+v", o)
	}
	r.ScanSSE = &posture.ScanSSE{Checked: 1200, Unencrypted: 300}
	if o := FromPosture(r).Objects; o == nil || *o != (ObjectEncryption{Checked: 1200, Unencrypted: 300, Source: "scans"}) {
		t.Errorf("scan-time count: %+v", o)
	}
	r.ScanSSE, r.Objects = &posture.ScanSSE{}, nil
	if o := FromPosture(r).Objects; o != nil {
		t.Errorf("nothing counted: %+v", o)
	}
}
