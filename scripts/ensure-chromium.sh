#!/usr/bin/env bash
# Prints the path of a Chromium to drive headless: $CHROMIUM_PATH, else /usr/bin/chromium.
# When neither exists and we run as root with apt-get, installs Debian's `chromium` package first.
# Safe to run concurrently (a lock serialises installs) and a no-op once Chromium is there.
set -euo pipefail

candidate="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ -x "$candidate" ]]; then
  echo "$candidate"
  exit 0
fi
if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  echo "ensure-chromium: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file; fix the path or unset it" >&2
  exit 1
fi
if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
  echo "ensure-chromium: /usr/bin/chromium is missing; install Debian's chromium package" \
    "(sudo apt-get install -y --no-install-recommends chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi

# One install at a time: parallel test workers may all get here.
exec 9>"${TMPDIR:-$(dirname "$(mktemp -u)")}/ensure-chromium.lock"
flock -w 900 9
if [[ ! -x /usr/bin/chromium ]]; then
  echo "ensure-chromium: installing Debian's chromium package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends chromium >&2
fi
if [[ ! -x /usr/bin/chromium ]]; then
  echo "ensure-chromium: apt-get finished but /usr/bin/chromium is still missing" >&2
  exit 1
fi
echo /usr/bin/chromium
