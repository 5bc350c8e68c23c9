# Shared by scripts/demo and scripts/test: a virtual environment in .venv with pinned requirements.
# Usage: . scripts/_venv.sh requirements.txt
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x "$ROOT/.venv/bin/python" ]; then
  "$PYTHON" -m venv "$ROOT/.venv"
fi
# shellcheck disable=SC1091
. "$ROOT/.venv/bin/activate"
# pip's output goes to a log shown only on failure (minus the machine's warnings about absent local indexes).
pip_quietly() {
  local log
  log="$(mktemp)"
  if ! python -m pip install --quiet --disable-pip-version-check "$@" >"$log" 2>&1; then
    grep -v "is ignored: it is neither" "$log" >&2
    rm -f "$log"
    echo "pip install $* failed" >&2
    exit 1
  fi
  rm -f "$log"
}
pip_quietly --upgrade pip
pip_quietly -r "$ROOT/$1"
# The English catalogue (Chinese is the source language of the interface).
pybabel compile --use-fuzzy -d "$ROOT/caseflow/translations" >/dev/null
