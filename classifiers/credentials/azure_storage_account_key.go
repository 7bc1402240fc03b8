package credentials

import (
	c "github.com/dredge-dev/dredge/classifiers"
)

// AzureStorageAccountKey: an Azure Storage account access key, 64 random
// bytes in base64 (88 characters ending in "=="), as found in connection
// strings (DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;)
// or near a storage-key keyword. Source: Microsoft Learn, "Configure Azure
// Storage connection strings" and "Manage storage account access keys".
// The well-known Azurite / storage-emulator key and the Cosmos DB emulator
// key are public and not findings.
var AzureStorageAccountKey = &c.Identifier{
	ID:          "AZURE_STORAGE_ACCOUNT_KEY",
	Category:    c.Credentials,
	Description: "Azure Storage account key",
	Patterns: []c.Pattern{
		{
			Regex:      `(?i:AccountKey)[ \t]*=[ \t]*(?P<v>[A-Za-z0-9+/]{86}==)(?:[^A-Za-z0-9+/=]|$)`,
			Confidence: c.High,
			Trigger:    c.Trigger{Literals: []string{"AccountKey"}},
		},
		{
			Regex:      `(?:^|[^A-Za-z0-9+/-])(?P<v>[A-Za-z0-9+/]{86}==)(?:[^A-Za-z0-9+/=]|$)`,
			Confidence: c.Low,
			Trigger:    c.Trigger{Keyword: true},
		},
	},
	Keywords: []string{"account key", "storage account key", "storage key", "azure storage", "azure storage key",
		"azure storage account key", "azure storage access key", "storage access key", "azure key"},
	Validate: validAzureStorageKey,
	Examples: []string{
		// Azurite and the legacy storage emulator (devstoreaccount1).
		"Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
		// The Azure Cosmos DB emulator.
		"C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
	},
	Supersedes: []string{"PASSWORD"},
	Severity:   c.Buckets(c.SeverityHigh, c.SeverityHigh, c.SeverityHigh),
}

// validAzureStorageKey wants the character mix of 64 random bytes (both
// cases and a digit, many distinct characters) and no placeholder run.
func validAzureStorageKey(v []byte) bool {
	s := string(v)
	if len(s) != 88 || !isBase64Body(s) {
		return false
	}
	up, lo, dg, _ := charClasses(s[:86])
	return up && lo && dg && distinct(s) >= 24 && !longRun(s[:86], 5)
}
