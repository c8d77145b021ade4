# Shared by scripts/run and scripts/test: installs what is missing, skips what is there.
# Source it; it changes nothing outside ~/.cargo, ~/.rustup, tools/node_modules,
# end2end/node_modules and (as root, only when missing) Debian packages.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CARGO_LEPTOS_VERSION=0.3.10
export PATH="$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian package(s) $*: install them (sudo apt-get install $*)" >&2
    return 1
  fi
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    step "installing cargo-leptos $CARGO_LEPTOS_VERSION (once; about 13 minutes)"
    cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
  fi
  local want
  want="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    step "installing wasm-bindgen-cli $want (once; matches Cargo.lock)"
    # Not --locked: the CLI's own lock file does not build with current toolchains.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

# wasm-opt for release builds, from npm's binaryen (Debian's is too old and breaks hydration).
ensure_wasm_opt() {
  if [ ! -x "$ROOT/tools/node_modules/.bin/wasm-opt" ]; then
    step "installing wasm-opt (npm binaryen)"
    npm ci --prefix "$ROOT/tools" --no-audit --no-fund
  fi
}

ensure_browser_tools() {
  if [ ! -x /usr/bin/chromium ]; then
    step "installing Debian chromium for the browser tests"
    apt_install chromium
  fi
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
    step "installing the browser-test packages"
    # @playwright/test downloads no browser on install; we drive Debian's chromium.
    npm ci --prefix "$ROOT/end2end" --no-audit --no-fund
  fi
}

# PostgreSQL for the tests: the local server, started when it is not running.
ensure_postgres() {
  export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    return
  fi
  if ! command -v pg_ctlcluster >/dev/null; then
    step "installing PostgreSQL"
    apt_install postgresql
  fi
  step "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  pg_isready -h 127.0.0.1 -p 5432
  # A fresh cluster: trust local TCP connections and create the test database.
  if ! psql -h 127.0.0.1 -U postgres -d test -c 'select 1' >/dev/null 2>&1; then
    su postgres -c "psql -q -c 'CREATE DATABASE test'" 2>/dev/null || true
  fi
}
