// Package credentials defines the CREDENTIALS identifiers of DESIGN.md: one file per
// identifier, listed once in Identifiers.
package credentials

import c "github.com/dredge-dev/dredge/classifiers"

// Identifiers is the registry of this category.
var Identifiers = []*c.Identifier{
	AWSAccessKeyID,
	AWSSecretAccessKey,
	GCPServiceAccountKey,
	AzureStorageAccountKey,
	GitHubToken,
	SlackToken,
	StripeSecretKey,
	GoogleAPIKey,
	PrivateKey,
	JSONWebToken,
	Password,
	URLCredentials,
}
