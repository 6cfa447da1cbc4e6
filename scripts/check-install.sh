#!/usr/bin/env bash
# Packaging tells the truth: the core alone, installed with pip into a fresh virtualenv
# (no lock file, no editable checkout), analyses the seed articles; adding the [serve]
# extra serves them. Run by `make install-check` and by .ci/run after the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-../shared/corpus/seeds}
PYTHON=${PYTHON:-python3}
work=$(mktemp -d /tmp/storyline-install.XXXXXX)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
quiet() { "$@" 2>&1 | { grep -v 'is ignored: it is neither a file nor a directory' || true; }; }

echo "== a fresh virtualenv in $work"
"$PYTHON" -m venv "$work/venv"
pip="$work/venv/bin/pip"
quiet "$pip" install -q --upgrade pip
# A copy of the checkout without its build leftovers, so pip builds from the sources.
git ls-files -z | tar --null -T - -cf - | (mkdir -p "$work/src" && tar -xf - -C "$work/src")

echo "== pip install . (the core)"
quiet "$pip" install -q "$work/src"
if "$work/venv/bin/python" -c "import fastapi" 2>/dev/null; then
  echo "the core pulled in fastapi: it belongs to the [serve] extra" >&2; exit 1
fi
"$work/venv/bin/storyline" analyze "$SEEDS" --db "$work/seeds.db" --json > "$work/analysis.json"
"$work/venv/bin/python" - "$work/analysis.json" <<'PY'
import json, sys
analysis = json.load(open(sys.argv[1]))
events, stories = analysis["events"], analysis["stories"]
assert len(analysis["articles"]) == 5 and events and stories, "the seeds were not analysed"
print(f"   5 seeds -> {len(events)} events, {len(stories)} stories")
PY
if "$work/venv/bin/storyline" serve --db "$work/seeds.db" 2> "$work/serve.err"; then
  echo "serve ran without the [serve] extra" >&2; exit 1
fi
grep -q "storyline\[serve\]" "$work/serve.err" || { cat "$work/serve.err" >&2; exit 1; }
echo "   serve without the extra says to install storyline[serve]"

echo "== pip install .[serve]"
quiet "$pip" install -q "$work/src[serve]"
port=$("$work/venv/bin/python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$work/venv/bin/storyline" serve --db "$work/seeds.db" --port "$port" > "$work/serve.log" 2>&1 &
server=$!
front_page() {
  "$work/venv/bin/python" - "$port" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/", timeout=30) as answer:
    page = answer.read().decode()
assert answer.status == 200 and "Istanbul" in page, page[:500]
PY
}
served=""
for _ in $(seq 1 120); do
  if front_page 2>/dev/null; then served=yes; break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/serve.log" >&2; exit 1; fi
  sleep 1
done
if [ -z "$served" ]; then
  echo "the server gave no front page with the seeds in 120 s:" >&2
  front_page || true
  cat "$work/serve.log" >&2
  exit 1
fi
echo "   the front page of the seeds is served"
echo "== the installed package works as packaged"
