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

# A real Keystone (OpenStack identity) for the cumulus-openstack tests, on 127.0.0.1:5050:
# PyPI's keystone and gunicorn in a venv under ~/.cache/cumulus-keystone, SQLite, fernet
# tokens, bootstrapped once with the admin user `admin` in project `admin` (domain `Default`)
# and region RegionOne. Started (daemonised) only when nothing answers there yet; exports
# TEST_KEYSTONE_URL and TEST_KEYSTONE_PASSWORD.
ensure_keystone() {
  local dir="${XDG_CACHE_HOME:-$HOME/.cache}/cumulus-keystone"
  local url="http://127.0.0.1:5050/v3"
  local password="cumulus-test-admin"
  export TEST_KEYSTONE_URL="$url"
  export TEST_KEYSTONE_PASSWORD="$password"

  # Answers (any HTTP status) at $1: python3 is needed anyway, curl may be missing.
  keystone_answers() {
    python3 - "$1" <<'PY' >/dev/null 2>&1
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1], timeout=3)
except urllib.error.HTTPError:
    pass
PY
  }
  if keystone_answers "$url"; then
    return
  fi

  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ ! -x "$dir/venv/bin/keystone-manage" ] || [ ! -x "$dir/venv/bin/gunicorn" ]; then
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
      step "installing Debian python3-venv (for Keystone's venv)"
      apt_install python3-venv
    fi
    step "installing Keystone and gunicorn in $dir/venv (once; a few minutes)"
    [ -x "$dir/venv/bin/pip" ] || python3 -m venv "$dir/venv"
    "$dir/venv/bin/pip" install -q --disable-pip-version-check keystone gunicorn
  fi

  mkdir -p -m 700 "$dir/fernet-keys" "$dir/credential-keys"
  cat >"$dir/keystone.conf" <<CONF
[DEFAULT]
log_file = $dir/keystone.log

[database]
connection = sqlite:///$dir/keystone.db

[identity]
# bcrypt's minimum: a test Keystone needs no slow password hashes (12 rounds: ~0.3 s a token).
password_hash_rounds = 4

[token]
provider = fernet

[fernet_tokens]
key_repository = $dir/fernet-keys

[fernet_receipts]
key_repository = $dir/fernet-keys

[credential]
key_repository = $dir/credential-keys
CONF
  cat >"$dir/keystone_wsgi.py" <<'PY'
import sys; sys.argv = sys.argv[:1]  # oslo.config would read gunicorn's arguments
from keystone.server.wsgi import initialize_public_application
application = initialize_public_application()
PY

  if [ ! -f "$dir/bootstrapped" ]; then
    step "creating Keystone's database and keys in $dir"
    # Quiet: eventlet's deprecation warning, printed once per command.
    local manage=(env PYTHONWARNINGS=ignore "$dir/venv/bin/keystone-manage" --config-file "$dir/keystone.conf")
    "${manage[@]}" db_sync
    "${manage[@]}" fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
    "${manage[@]}" credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
    "${manage[@]}" bootstrap --bootstrap-password "$password" \
      --bootstrap-username admin --bootstrap-project-name admin --bootstrap-role-name admin \
      --bootstrap-service-name keystone --bootstrap-region-id RegionOne \
      --bootstrap-admin-url "$url" --bootstrap-internal-url "$url" --bootstrap-public-url "$url"
    touch "$dir/bootstrapped"
  fi

  local pid=""
  [ -f "$dir/gunicorn.pid" ] && pid="$(cat "$dir/gunicorn.pid")"
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
    step "starting Keystone on 127.0.0.1:5050 (log: $dir/keystone.log)"
    OS_KEYSTONE_CONFIG_DIR="$dir" OS_KEYSTONE_CONFIG_FILES=keystone.conf \
      "$dir/venv/bin/gunicorn" --daemon --bind 127.0.0.1:5050 --workers 1 --threads 1 \
      --timeout 120 --chdir "$dir" --pid "$dir/gunicorn.pid" \
      --error-logfile "$dir/gunicorn.log" --capture-output keystone_wsgi:application
  fi
  for _ in $(seq 1 60); do
    if keystone_answers "$url"; then
      return
    fi
    sleep 1
  done
  echo "Keystone did not answer at $url within 60 s; the end of its logs:" >&2
  tail -n 30 "$dir/gunicorn.log" "$dir/keystone.log" >&2 2>/dev/null || true
  return 1
}
