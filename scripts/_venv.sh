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
python -m pip install --quiet --disable-pip-version-check --upgrade pip
python -m pip install --quiet --disable-pip-version-check -r "$ROOT/$1"
# The English catalogue (Chinese is the source language of the interface).
pybabel compile --use-fuzzy -d "$ROOT/caseflow/translations" >/dev/null
