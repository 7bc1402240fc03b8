# dredge: the two commands of the README are `make scan` and `make test`.
GO ?= go
export GOFLAGS ?= -buildvcs=false

.PHONY: scan test build vet fuzz bench corpus deps docs

# Run the main job: scan the bundled corpus in-process (no servers).
scan:
	$(GO) run ./cmd/dredge scan corpus/data

# Run the whole test suite: installs Redis/MinIO when missing; each test
# package starts and stops its own servers.
test: deps
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) test -count=1 -timeout 60m ./...

deps:
	bash scripts/install-deps.sh

build:
	$(GO) build -o dredge ./cmd/dredge

vet:
	$(GO) vet ./...

# Regenerate the labeled corpus (deterministic).
docs:
	$(GO) run ./cmd/dredge identifiers --format markdown > docs/IDENTIFIERS.md

corpus:
	$(GO) run ./corpus/gen -out corpus/data

# Short fuzzing of every parser (seeds live in testdata/fuzz).
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzStream -fuzztime=30s ./classifiers/
	$(GO) test -run='^$$' -fuzz=FuzzValidators -fuzztime=30s ./classifiers/validate/

bench:
	$(GO) test -run='^$$' -bench=. -benchtime=3x ./classifiers/ ./scanner/
