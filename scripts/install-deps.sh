#!/usr/bin/env bash
# Installs the real servers the tests talk to, when missing (idempotent):
#   redis-server  (Debian package)                 -> /usr/bin/redis-server
#   minio         (go install, pinned)             -> $DREDGE_MINIO_BIN, PATH, $(go env GOBIN), $(go env GOPATH)/bin, ~/go/bin
#   moto_server   (Python, moto[server])           -> PATH
# internal/testenv looks for the binaries in the same places.
set -euo pipefail

MINIO_MODULE="github.com/minio/minio@v0.0.0-20260212201848-7aac2a2c5b7c"

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		echo "install-deps: need root (or sudo) to run: $*" >&2
		return 1
	fi
}

# --- redis-server ---
if [ -x /usr/bin/redis-server ]; then
	echo "redis-server: found /usr/bin/redis-server"
else
	as_root apt-get update
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server
	echo "redis-server: installed /usr/bin/redis-server"
fi
# The Debian package may start a system-wide instance on :6379; the tests
# start their own servers and do not need it.

# chromium (Debian package) for the report browser test (report/browser_test.go):
command -v chromium >/dev/null 2>&1 && echo "chromium: found $(command -v chromium)" || { as_root apt-get update && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium && echo "chromium: installed"; }

# docker-compose (Debian package; no Docker engine needed) validates
# docker-compose.yml in cmd/dredge/deploy_test.go (`docker-compose config`).
if command -v docker-compose >/dev/null 2>&1; then
	echo "docker-compose: found $(command -v docker-compose)"
else
	as_root apt-get update
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker-compose
	echo "docker-compose: installed $(command -v docker-compose)"
fi

# --- minio ---
find_minio() {
	if [ -n "${DREDGE_MINIO_BIN:-}" ] && [ -x "${DREDGE_MINIO_BIN}" ]; then
		echo "${DREDGE_MINIO_BIN}"
		return 0
	fi
	if command -v minio >/dev/null 2>&1; then
		command -v minio
		return 0
	fi
	local gobin gopath candidate
	gobin="$(go env GOBIN 2>/dev/null || true)"
	if [ -n "${gobin}" ] && [ -x "${gobin}/minio" ]; then
		echo "${gobin}/minio"
		return 0
	fi
	gopath="$(go env GOPATH 2>/dev/null || true)"
	local IFS=:
	for candidate in ${gopath}; do
		if [ -n "${candidate}" ] && [ -x "${candidate}/bin/minio" ]; then
			echo "${candidate}/bin/minio"
			return 0
		fi
	done
	if [ -x "${HOME:-/root}/go/bin/minio" ]; then
		echo "${HOME:-/root}/go/bin/minio"
		return 0
	fi
	return 1
}

if bin="$(find_minio)"; then
	echo "minio: found ${bin}"
else
	if ! command -v go >/dev/null 2>&1; then
		echo "minio: cannot install, 'go' is not on PATH" >&2
		exit 1
	fi
	echo "minio: not found; building ${MINIO_MODULE} (the first install takes ~4 minutes)"
	GOFLAGS= go install "${MINIO_MODULE}"
	if bin="$(find_minio)"; then
		echo "minio: installed ${bin}"
	else
		echo "minio: go install finished but the binary was not found (GOBIN=$(go env GOBIN)?)" >&2
		exit 1
	fi
fi

# --- moto_server ---
if bin="$(command -v moto_server)"; then
	echo "moto_server: found ${bin}"
else
	echo "moto_server: not found; pip install 'moto[server]'"
	if command -v pip >/dev/null 2>&1; then
		pip install 'moto[server]'
	else
		python3 -m pip install 'moto[server]'
	fi
	if command -v pyenv >/dev/null 2>&1; then
		pyenv rehash
	fi
	hash -r
	if bin="$(command -v moto_server)"; then
		echo "moto_server: installed ${bin}"
	else
		echo "moto_server: pip install finished but moto_server is not on PATH" >&2
		exit 1
	fi
fi
