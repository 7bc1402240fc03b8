# dredge: one static binary in a minimal, non-root image.
#   docker build -t dredge .
#   docker run --rm dredge scan --help
# Stage 1 builds with the Go toolchain go.mod names; stage 2 is distroless
# "static" (no shell, no libc, CA roots and /etc/passwd only) running as
# the unprivileged user 65532.

FROM golang:1.26.8-bookworm AS build
WORKDIR /src
ENV CGO_ENABLED=0 GOFLAGS=-buildvcs=false
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Pure Go (go-re2 is wasm translated to Go by default): a static binary.
RUN go build -trimpath -ldflags="-s -w" -o /out/dredge ./cmd/dredge \
    && /out/dredge --help >/dev/null

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/dredge /usr/local/bin/dredge
USER 65532:65532
# dredge serve listens on 8080, a worker's --metrics-listen on 9090.
EXPOSE 8080 9090
ENTRYPOINT ["/usr/local/bin/dredge"]
CMD ["--help"]
