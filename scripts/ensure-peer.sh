#!/usr/bin/env bash
# Makes sure the benchmark's peer can run: Debian's python3 with pandas and scikit-learn
# (/usr/bin/python3). When they are missing and we run as root with apt-get, installs Debian's
# python3-pandas and python3-sklearn. Prints the interpreter's path.
set -euo pipefail

python=/usr/bin/python3
if "$python" -c 'import pandas, sklearn' 2>/dev/null; then
  echo "$python"
  exit 0
fi
if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
  echo "ensure-peer: $python cannot import pandas and sklearn; install Debian's python3-pandas" \
    "and python3-sklearn (sudo apt-get install -y python3-pandas python3-sklearn)" >&2
  exit 1
fi
echo "ensure-peer: installing Debian's python3-pandas and python3-sklearn" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends python3-pandas python3-sklearn >&2
"$python" -c 'import pandas, sklearn' >&2
echo "$python"
