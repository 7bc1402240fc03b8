package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
)

//go:embed report.html.tmpl
var htmlTemplate string

// The template escapes every string from the data (html/template's
// contextual escaping; nothing is marked safe) and the page loads nothing:
// inline CSS and SVG only, no script, and a Content-Security-Policy that
// forbids scripts and every fetch.
var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"num":   fmtInt,
	"num32": func(n int) string { return fmtInt(int64(n)) },
	"bytes": humanBytes,
	"pct":   func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) + "%" },
	"upper": strings.ToUpper,
	"scale": func(n, maxN int64, px float64) string {
		if maxN <= 0 || n <= 0 {
			return "0"
		}
		v := px * float64(n) / float64(maxN)
		if v < 1 {
			v = 1
		}
		return strconv.FormatFloat(v, 'f', 1, 64)
	},
	"add": func(a, b float64) float64 { return a + b },
	"sub": func(a, b float64) float64 { return a - b },
	"f":   func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) },
	"mul": func(a int, b float64) float64 { return float64(a) * b },
	"prefix": func(p string) string {
		if p == "" {
			return "(top level)"
		}
		return p
	},
	"signed": func(n int64) string {
		if n > 0 {
			return "+" + fmtInt(n)
		}
		return fmtInt(n)
	},
	"fwName": func(fw string) string {
		return map[string]string{"hipaa": "HIPAA", "gdpr": "GDPR", "pci": "PCI DSS"}[fw]
	},
	"regulated": func(m map[string]int64, fw string) int64 { return m[fw] },
	"join":      strings.Join,
	"scoreColor": func(score int) string {
		switch {
		case score > 75:
			return "#b42318"
		case score > 50:
			return "#dc6803"
		case score == 50:
			return "#98a2b3"
		}
		return "#12b76a"
	},
}).Parse(htmlTemplate))

// WriteHTML writes the report as one self-contained HTML page.
func WriteHTML(w io.Writer, r *Report) error {
	return htmlTmpl.Execute(w, newView(r))
}

type seg struct {
	Label, Color string
	N            int64
	X, W         float64
}

type bar struct {
	Label string
	N     int64
	Color string
}

// view adds chart geometry to the report.
type view struct {
	*Report
	CovSegs   []seg
	Severity  []bar
	SevMax    int64
	ScoreMax  int64
	FwMax     map[string]int64
	Generated string
}

func newView(r *Report) *view {
	v := &view{Report: r, FwMax: map[string]int64{}}
	s := r.Summary
	x := 0.0
	for _, p := range []seg{{Label: "complete", Color: "#12b76a", N: s.Complete}, {Label: "partial", Color: "#fdb022", N: s.Partial},
		{Label: "skipped", Color: "#98a2b3", N: s.Skipped}, {Label: "failed", Color: "#d92d20", N: s.Failed}} {
		if s.Objects > 0 {
			p.W = 1000 * float64(p.N) / float64(s.Objects)
		}
		p.X = x
		x += p.W
		v.CovSegs = append(v.CovSegs, p)
	}
	v.Severity = []bar{{"critical", s.FindingsBySeverity.Critical, "#7a271a"}, {"high", s.FindingsBySeverity.High, "#d92d20"},
		{"medium", s.FindingsBySeverity.Medium, "#f79009"}, {"low", s.FindingsBySeverity.Low, "#fdb022"}}
	for _, b := range v.Severity {
		v.SevMax = max(v.SevMax, b.N)
	}
	for _, f := range r.Compliance {
		for _, t := range f.Types {
			v.FwMax[f.Framework] = max(v.FwMax[f.Framework], t.Occurrences)
		}
	}
	return v
}

// fmtInt writes n with thousands separators.
func fmtInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
