package corpus

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"math/big"
	"strings"
)

// Private keys are made from the generator's PCG, never from crypto/rand,
// so the corpus is the same on every run.

// prime draws a random prime of bits bits (top two bits set).
func (g *gen) prime(bits int) *big.Int {
	for {
		b := g.bytes(bits / 8)
		b[0] |= 0xc0
		b[len(b)-1] |= 1
		p := new(big.Int).SetBytes(b)
		if p.ProbablyPrime(20) {
			return p
		}
	}
}

func (g *gen) rsaKey(bits int) *rsa.PrivateKey {
	one := big.NewInt(1)
	e := big.NewInt(65537)
	for {
		p, q := g.prime(bits/2), g.prime(bits/2)
		if p.Cmp(q) == 0 {
			continue
		}
		pm, qm := new(big.Int).Sub(p, one), new(big.Int).Sub(q, one)
		phi := new(big.Int).Mul(pm, qm)
		d := new(big.Int).ModInverse(e, phi)
		if d == nil {
			continue
		}
		k := &rsa.PrivateKey{
			PublicKey: rsa.PublicKey{N: new(big.Int).Mul(p, q), E: 65537},
			D:         d,
			Primes:    []*big.Int{p, q},
		}
		k.Precompute()
		if k.Validate() != nil {
			continue
		}
		return k
	}
}

// pemKind says which kind of private key block to write.
type pemKind int

const (
	pemRSA     pemKind = iota // -----BEGIN RSA PRIVATE KEY----- (PKCS #1)
	pemPKCS8                  // -----BEGIN PRIVATE KEY----- (PKCS #8, RSA)
	pemEC                     // -----BEGIN EC PRIVATE KEY----- (SEC 1, P-256)
	pemOpenSSH                // -----BEGIN OPENSSH PRIVATE KEY----- (ed25519)
	pemPKCS8Ed                // -----BEGIN PRIVATE KEY----- (PKCS #8, ed25519)
)

// privateKeyPEM returns a PEM block (with a trailing newline).
func (g *gen) privateKeyPEM(kind pemKind) string {
	switch kind {
	case pemRSA:
		return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(g.rsaKey(g.pickBits()))}))
	case pemPKCS8:
		der, err := x509.MarshalPKCS8PrivateKey(g.rsaKey(2048))
		if err != nil {
			panic(err)
		}
		return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	case pemEC:
		for {
			k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), g.bytes(32))
			if err != nil {
				continue
			}
			der, err := x509.MarshalECPrivateKey(k)
			if err != nil {
				panic(err)
			}
			return string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))
		}
	case pemOpenSSH:
		return g.openSSHKey()
	case pemPKCS8Ed:
		der, err := x509.MarshalPKCS8PrivateKey(ed25519.NewKeyFromSeed(g.bytes(32)))
		if err != nil {
			panic(err)
		}
		return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	}
	panic("unknown key kind")
}

func (g *gen) pickBits() int {
	if g.chance(0.5) {
		return 1024
	}
	return 2048
}

// openSSHKey writes an unencrypted ed25519 key in the openssh-key-v1
// format (OpenSSH PROTOCOL.key).
func (g *gen) openSSHKey() string {
	k := ed25519.NewKeyFromSeed(g.bytes(32))
	pub := k.Public().(ed25519.PublicKey)
	str := func(b *[]byte, s []byte) {
		*b = binary.BigEndian.AppendUint32(*b, uint32(len(s)))
		*b = append(*b, s...)
	}
	var pubBlob []byte
	str(&pubBlob, []byte("ssh-ed25519"))
	str(&pubBlob, pub)
	var priv []byte
	check := g.bytes(4)
	priv = append(priv, check...)
	priv = append(priv, check...)
	str(&priv, []byte("ssh-ed25519"))
	str(&priv, pub)
	str(&priv, k)
	str(&priv, []byte(g.pick("deploy@build-01", "ci@runner", "ops@bastion")))
	for i := byte(1); len(priv)%8 != 0; i++ {
		priv = append(priv, i)
	}
	out := []byte("openssh-key-v1\x00")
	str(&out, []byte("none"))
	str(&out, []byte("none"))
	str(&out, nil)
	out = binary.BigEndian.AppendUint32(out, 1)
	str(&out, pubBlob)
	str(&out, priv)
	b64 := base64.StdEncoding.EncodeToString(out)
	var sb strings.Builder
	sb.WriteString("-----BEGIN OPENSSH PRIVATE KEY-----\n")
	for len(b64) > 70 {
		sb.WriteString(b64[:70] + "\n")
		b64 = b64[70:]
	}
	sb.WriteString(b64 + "\n-----END OPENSSH PRIVATE KEY-----\n")
	return sb.String()
}

// publicKeyPEM is a PUBLIC KEY block: not a secret.
func (g *gen) publicKeyPEM() string {
	k := ed25519.NewKeyFromSeed(g.bytes(32))
	der, err := x509.MarshalPKIXPublicKey(k.Public())
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// rsaPublicKeyPEM is an RSA PUBLIC KEY block: not a secret.
func (g *gen) rsaPublicKeyPEM() string {
	k := g.rsaKey(1024)
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&k.PublicKey)}))
}
