package personal

import (
	"bytes"

	c "github.com/dredge-dev/dredge/classifiers"
	"github.com/dredge-dev/dredge/classifiers/validate"
)

// EmailAddress: an e-mail address, local@domain.tld, in the dot-atom form of
// RFC 5322 section 3.4.1 (without quoted local parts or IP-literal domains)
// with a host name per RFC 1035/1123 and a top-level domain of 2-24 letters
// (every IANA TLD in the root zone database is alphabetic, or "xn--"
// punycode, which is rare in text and not matched).
//
// DESIGN.md counting rules are built in. The expression starts with
// alternatives that consume, without capturing a value, the spans that look
// like addresses but are not:
//   - Message-ID, In-Reply-To, References and Content-ID header values
//     (<id@host>, also message_id/msgId keys in JSON and logs);
//   - the user-info of a URL (scheme://user@host, scheme://user:pass@host):
//     URL_CREDENTIALS owns it and "pass@host" is not an address;
//   - SCP-style remotes and prompts (git@host:org/repo, user@host:~).
//
// The validator rejects "name@2x.png" style asset names (a file extension as
// TLD), the bare "git@" user, npm/go "pkg@1.2.3" (never matches: the TLD is
// not alphabetic) and placeholders.
var EmailAddress = &c.Identifier{
	ID:          "EMAIL_ADDRESS",
	Category:    c.Personal,
	Description: "E-mail address",
	Patterns: []c.Pattern{{
		Regex:      emailRegex,
		Value:      emailValueOf,
		Confidence: c.Medium,
		Trigger:    c.Trigger{Shapes: []string{`[A-Za-z0-9_+'\-]@[A-Za-z0-9][A-Za-z0-9\-]*\.[A-Za-z0-9]`}},
	}},
	Keywords: []string{"email", "e-mail", "email address", "mail", "mailto", "contact"},
	Validate: emailValid,
	Examples: []string{
		// Form placeholders of documentation (RFC 2606 domains).
		"you@example.com", "your.name@example.com", "your.email@example.com", "youremail@example.com",
		"your-email@example.com", "your_email@example.com", "email@example.com", "name@example.com",
		"someone@example.com", "username@example.com", "user@domain.com", "email@domain.com",
		"name@domain.com", "you@domain.com", "your@email.com", "example@example.com",
	},
	Normalize: emailLower,
	Mask:      c.MaskEmail,
	Severity:  c.Buckets(c.SeverityLow, c.SeverityLow, c.SeverityMedium),
}

const (
	// Header values that hold message identifiers, bracketed (one or a list).
	emailMsgIDBracketed = `(?i:(?:\b[a-z]{1,20}-)?\b(?:message|msg|content)[-_]?id|\bin-reply-to|\breferences)["']?[ \t]*[:=][ \t]*["']?(?:<[^<>\s]{1,100}>[ \t,]{0,3}){1,9}`
	// message_id / msgId keys with an unbracketed value.
	emailMsgIDBare = `(?i:\b(?:message|msg)[-_]?id)["']?[ \t]*[:=][ \t]*["']?[^<>\s"',]{1,250}`
	// scheme://userinfo@ (URL_CREDENTIALS or a plain user name, never an address).
	emailURLUser = `[A-Za-z][A-Za-z0-9+.-]{0,30}://[^\s/?#@<>"']{1,256}@`
	// user@host:path (git@github.com:org/repo.git, deploy@web1:~).
	emailSCP = `[A-Za-z0-9_.+-]{1,64}@[A-Za-z0-9.-]{1,253}:[A-Za-z0-9~_/.-]`
	// The address: dot-atom local part starting with a letter, digit or '_'
	// (o'brien@ keeps its apostrophe),
	// host labels, alphabetic TLD.
	emailValue = `(?P<v>[A-Za-z0-9_][A-Za-z0-9_+'-]{0,63}(?:\.[A-Za-z0-9_+'-]{1,64}){0,10}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24})\b`

	emailRegex = emailMsgIDBracketed + `|` + emailMsgIDBare + `|` + emailURLUser + `|` + emailSCP + `|` + emailValue
)

// emailFileExt are file extensions that follow "@2x"-style asset names and
// are not (or are hardly ever used as) top-level domains.
var emailFileExt = map[string]bool{
	"png": true, "jpg": true, "jpeg": true, "gif": true, "svg": true, "webp": true, "avif": true, "bmp": true,
	"ico": true, "tif": true, "tiff": true, "heic": true, "css": true, "scss": true, "less": true, "js": true,
	"mjs": true, "cjs": true, "ts": true, "tsx": true, "jsx": true, "map": true, "json": true, "html": true,
	"htm": true, "xml": true, "txt": true, "pdf": true, "woff": true, "woff2": true, "ttf": true, "otf": true,
	"eot": true, "mp3": true, "mp4": true, "webm": true, "wav": true, "ogg": true, "zip": true, "gz": true,
	"tgz": true, "tar": true, "lock": true, "yml": true, "yaml": true, "vue": true, "lottie": true,
}

// emailValueOf tells the value alternative of emailRegex from the others
// by its text: every other alternative holds ':' or '=', the value never
// does, and it is the whole match.
func emailValueOf(m []byte) (int, int) {
	if bytes.ContainsAny(m, ":=") {
		return -1, -1
	}
	return 0, len(m)
}

func emailValid(v []byte) bool {
	at := bytes.LastIndexByte(v, '@')
	if at <= 0 || validate.AllSameOrZero(v) {
		return false
	}
	if string(bytes.ToLower(v[:at])) == "git" {
		return false // git@host: an SSH remote user, not a mailbox
	}
	dot := bytes.LastIndexByte(v, '.')
	if dot < at {
		return false
	}
	return !emailFileExt[string(bytes.ToLower(v[dot+1:]))]
}

func emailLower(v []byte) []byte { return bytes.ToLower(v) }
