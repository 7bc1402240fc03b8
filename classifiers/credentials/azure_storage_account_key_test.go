package credentials

import (
	"strings"
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

const (
	azKey1 = "fVHti9G8e0LAxJXTHJYmrBYITWsTRGj0LOKCn/0bi9ngcfZnyPiH+agMugImczfNZrn8viBKfdqQ0Q0hT2zs0w=="
	azKey2 = "d7GV51zT5Bz86KmE5411/UXCzo3C9gxPzUydm5wfBHfLYsqFIXoIq/Zws1YozHSL5moc1mdu2N2iBgvZ7b5Haw=="
	azKey3 = "sOvE94N5ff3AvUtcJ0H3RK9OUJLhaqjWlEhn/JzgR6l4pqUWrD0Fkr9YceIYCzTDHUTZplvKMo0n+ofDmfbC+w=="
	azKey4 = "9xihVZIxVab9k96ZaqSB1DVGM/ghjMLg0XHw9Ev4kj47s8MkowwnPuxcdd7GUg4024hAiyWp9B7/guy3L450SA=="
)

func TestAzureStorageAccountKey(t *testing.T) {
	classifierstest.Run(t, AzureStorageAccountKey, []classifierstest.Case{
		{Text: "DefaultEndpointsProtocol=https;AccountName=ledgerprod;AccountKey=" + azKey1 + ";EndpointSuffix=core.windows.net",
			Want: []string{azKey1}},
		{Text: "AZURE_STORAGE_KEY=" + azKey2, Want: []string{azKey2}},
		{Text: `{"storageAccountName": "ledgerprod", "storageAccountKey": "` + azKey3 + `"}`, Want: []string{azKey3}},
		{Text: "name,account key\nledgerprod," + azKey4, Want: []string{azKey4}},
		{Text: "2024-03-02 WARN connecting with accountkey=" + azKey2 + " to blob endpoint", Want: []string{azKey2}},
		{Text: "AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"}, // Azurite
		{Text: "blob " + azKey1},                                          // no keyword, no connection string
		{Text: `"integrity": "sha512-` + azKey3 + `"`},                    // an npm SHA-512, no keyword
		{Text: "azure storage key: sha512-" + azKey3},                     // glued to sha512-
		{Text: "AccountKey=" + strings.Repeat("A", 86) + "=="},            // placeholder
		{Text: "AccountKey=" + azKey1[:84] + "=="},                        // 86 characters
		{Text: "AccountKey=" + strings.TrimSuffix(azKey1, "==") + "AB=="}, // 90 characters
	}, Identifiers...)
}
