# dredge: the two commands of the README are `make scan` and `make test`.
GO ?= go
export GOFLAGS ?= -buildvcs=false

.PHONY: scan test build vet fuzz bench corpus deps docs dev

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

# The whole fleet on this machine without Docker: redis-server, minio,
# dredge serve, a worker and the scheduler; loads corpus/data into a bucket,
# sweeps it and prints where to look. Ctrl-C stops everything.
# DEV_FLAGS="--once" brings it up, sweeps, and takes it down again.
dev: build
	@command -v redis-server >/dev/null 2>&1 && ./dredge dev --help >/dev/null && \
	  { [ -n "$$DREDGE_MINIO_BIN" ] || command -v minio >/dev/null 2>&1 || [ -x "$$(go env GOPATH)/bin/minio" ] || [ -x "$$HOME/go/bin/minio" ]; } || \
	  bash scripts/install-deps.sh
	./dredge dev $(DEV_FLAGS)

build:
	$(GO) build -o dredge ./cmd/dredge

vet:
	$(GO) vet ./...

# Regenerate the labeled corpus (deterministic).
docs:
	$(GO) run ./cmd/dredge identifiers --format markdown > docs/IDENTIFIERS.md
	$(GO) run ./cmd/dredge config reference > docs/CONFIG.md

corpus:
	$(GO) run ./corpus/gen -out corpus/data

# Short fuzzing of every parser (seeds live in testdata/fuzz).
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzStream$$' -fuzztime=30s ./classifiers/
	$(GO) test -run='^$$' -fuzz='^FuzzValidators$$' -fuzztime=30s ./classifiers/validate/
	for f in FuzzArchive FuzzMarkup FuzzEmail FuzzOffice FuzzPDF FuzzColumnar; do \
		$(GO) test -run='^$$' -fuzz="^$$f$$" -fuzztime=30s ./scanner/ || exit 1; \
	done
	$(GO) test -run='^$$' -fuzz='^FuzzParseEvents$$' -fuzztime=30s ./queue/
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=30s -fuzzminimizetime=5s ./config/

bench:
	$(GO) test -run='^$$' -bench=. -benchtime=3x ./classifiers/ ./scanner/
