// Package managed is the registry of every managed identifier, the ones
// dredge ships (Macie's "managed data identifiers").
package managed

import (
	"github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/credentials"
	"github.com/dredge-dev/dredge/classifiers/financial"
	"github.com/dredge-dev/dredge/classifiers/health"
	"github.com/dredge-dev/dredge/classifiers/personal"
)

// All returns every managed identifier, by category.
func All() []*classifiers.Identifier {
	var all []*classifiers.Identifier
	all = append(all, credentials.Identifiers...)
	all = append(all, financial.Identifiers...)
	all = append(all, personal.Identifiers...)
	all = append(all, health.Identifiers...)
	return all
}
