#!/usr/bin/env bash
# What of the Dockerfile can be checked without a Docker daemon: its publish step, run as written (into a temporary
# folder instead of /app), gives an app that starts from the publish folder with the image's environment, answers
# /healthz, and passes the image's own HEALTHCHECK command. Exits non-zero otherwise. Used by tests/run.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$(mktemp -d)"
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$OUT"
}
trap cleanup EXIT

publish="$(grep -E '^RUN dotnet publish ' Dockerfile | sed -e 's/^RUN //' -e "s| -o /app | -o $OUT/app |")"
[ -n "$publish" ] || { echo "Dockerfile: no 'RUN dotnet publish' line"; exit 1; }
echo "publish: $publish"
$publish --nologo -v quiet
[ -f "$OUT/app/SupportBot.dll" ] || { echo "the publish step wrote no SupportBot.dll"; exit 1; }
for file in appsettings.json knowledge prompts wwwroot/lib/webchat/webchat.js; do
  [ -e "$OUT/app/$file" ] || { echo "the published app lacks $file"; exit 1; }
done

# A free loopback port stands in for the image's 8080.
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
healthcheck="$(grep -E '^  CMD \["bash", "-c", ' Dockerfile | sed -e 's/^  CMD \["bash", "-c", "//' -e 's/"\]$//' -e 's/\\\\/\\/g' -e "s|/8080|/$PORT|")"
[ -n "$healthcheck" ] || { echo "Dockerfile: no HEALTHCHECK command"; exit 1; }

mkdir -p "$OUT/app/data"
# The image's ENTRYPOINT and CMD, from its WORKDIR, with its environment (Urls moved to the free port).
(cd "$OUT/app" && ASPNETCORE_ENVIRONMENT=Production Urls="http://127.0.0.1:$PORT" exec dotnet SupportBot.dll serve) >"$OUT/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
  if bash -c "$healthcheck" 2>/dev/null; then
    echo "the published app answers /healthz on port $PORT and passes the image's HEALTHCHECK"
    curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null && echo "/readyz: 200"
    exit 0
  fi
  if ! kill -0 "$APP_PID" 2>/dev/null; then break; fi
  sleep 1
done
echo "the published app did not answer /healthz; its log:"
tail -n 40 "$OUT/app.log"
exit 1
