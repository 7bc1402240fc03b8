package financial

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestUSBankAccountNumber(t *testing.T) {
	classifierstest.Run(t, USBankAccountNumber, []classifierstest.Case{
		{Text: "Bank account number: 004512398761", Want: []string{"004512398761"}},
		{Text: "Routing: 021000021, Account: 5550001234", Want: []string{"5550001234"}},
		{Text: `{"bank_account_number": "73920184456", "name": "Jane"}`, Want: []string{"73920184456"}},
		{Text: "ACCT_NO=88812345", Want: []string{"88812345"}},
		{Text: "checking: 40012398761, savings: 40012398779", Want: []string{"40012398761", "40012398779"}},
		{Text: "2024-05-01 INFO direct deposit to acct #92837465 ok", Want: []string{"92837465"}},
		{Text: "<AccountNumber>73920184456</AccountNumber> <RoutingNumber>021000021</RoutingNumber>", Want: []string{"73920184456"}},
		{Text: "73920184456", Keys: []string{"bank_account"}, Want: []string{"73920184456"}},
		{Text: "AWS account 123456789013 in us-east-1"},        // not a bank keyword
		{Text: "Account number: 12345678"},                     // placeholder
		{Text: "Bank account: 00000000"},                       // zeros
		{Text: "bank account balance 12345678.90"},             // an amount
		{Text: "bank account opened 2024-01-15, acct 1234567"}, // a date; seven digits
		{Text: "order 98127364 shipped to savings bank"},       // no account label
		{Text: "bank account ending 6789"},                     // last four only
		{Text: "Routing number: 021000021"},                    // routing, not account
	}, Identifiers...)
}
