package scanner

import (
	"slices"
	"sync"

	"github.com/dredge-dev/dredge/classifiers"
)

// aggregator folds matches into findings: exact counts, capped
// occurrences. It keeps no raw value.
type aggregator struct {
	mu    sync.Mutex
	max   int
	types []string
	byID  map[string]*Finding
	conf  map[string]classifiers.Confidence
	ids   map[string]*classifiers.Identifier
	order []string
}

func newAggregator(max int, types []string) *aggregator {
	return &aggregator{max: max, types: types, byID: map[string]*Finding{},
		conf: map[string]classifiers.Confidence{}, ids: map[string]*classifiers.Identifier{}}
}

func (a *aggregator) add(m classifiers.Match) {
	id := m.Identifier
	if len(a.types) > 0 && !slices.Contains(a.types, id.ID) {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	f, ok := a.byID[id.ID]
	if !ok {
		f = &Finding{Type: id.ID, Category: id.Category, Occurrences: []Occurrence{}}
		a.byID[id.ID] = f
		a.ids[id.ID] = id
		a.order = append(a.order, id.ID)
	}
	f.Count++
	if m.Confidence > a.conf[id.ID] {
		a.conf[id.ID] = m.Confidence
	}
	if len(f.Occurrences) < a.max {
		l := m.Loc
		f.Occurrences = append(f.Occurrences, Occurrence{
			Path: l.Path, Line: l.Line, Row: l.Row, Column: l.Column, Cell: l.Cell, JSONPath: l.JSONPath,
			Record: l.Record, Page: l.Page, Offset: l.Offset, Length: l.Length,
			Masked: m.Masked, Fingerprint: m.Fingerprint, Confidence: m.Confidence.String(),
		})
	}
}

// findings returns the findings in a stable order (by severity, then
// count, then ID) and the highest severity.
func (a *aggregator) findings() ([]Finding, classifiers.Severity) {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]Finding, 0, len(a.byID))
	top := classifiers.SeverityNone
	for _, id := range a.order {
		f := a.byID[id]
		f.Severity = a.ids[id].Severity.For(f.Count)
		if f.Severity == classifiers.SeverityNone {
			f.Severity = classifiers.SeverityLow
		}
		f.Confidence = a.conf[id].String()
		if f.Severity > top {
			top = f.Severity
		}
		out = append(out, *f)
	}
	slices.SortStableFunc(out, func(x, y Finding) int {
		if x.Severity != y.Severity {
			return int(y.Severity) - int(x.Severity)
		}
		if x.Count != y.Count {
			return y.Count - x.Count
		}
		if x.Type < y.Type {
			return -1
		}
		return 1
	})
	return out, top
}
