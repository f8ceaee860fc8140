#!/usr/bin/env bash
# `make run-dynamodb`: the shop on DynamoDB. Uses AWS_ENDPOINT_URL(_DYNAMODB) when set (or real AWS
# with AWS_USE_REAL_DYNAMODB=1); otherwise starts moto's server on 127.0.0.1:${MOTO_PORT:-4566} for this
# run and stops it on exit, answering one request at a time (deploy/serial_moto.py: moto's threaded
# server can lose stock units when transactions run in parallel). Creates the tables, seeds the demo catalog if needed, serves with gunicorn.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
export SHOP_STORAGE=dynamodb

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "${AWS_ENDPOINT_URL:-}${AWS_ENDPOINT_URL_DYNAMODB:-}" ] && [ "${AWS_USE_REAL_DYNAMODB:-0}" != "1" ]; then
    port=${MOTO_PORT:-4566}
    export AWS_ENDPOINT_URL="http://127.0.0.1:${port}"
    "$BIN/python" deploy/serial_moto.py "$port" >/dev/null 2>&1 &
    pids+=("$!")
    "$BIN/python" - "$AWS_ENDPOINT_URL" <<'PY'
import sys, time, urllib.request
deadline = time.monotonic() + 30
while True:
    try:
        urllib.request.urlopen(f"{sys.argv[1]}/moto-api/", timeout=1)
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit("moto_server did not start within 30 s")
        time.sleep(0.2)
PY
    echo "Local DynamoDB (moto, serialized) at $AWS_ENDPOINT_URL; its data lives only as long as this run."
fi
# A local endpoint accepts any credentials; real AWS uses your normal configuration.
if [ -n "${AWS_ENDPOINT_URL:-}${AWS_ENDPOINT_URL_DYNAMODB:-}" ] && [ -z "${AWS_ACCESS_KEY_ID:-}${AWS_PROFILE:-}" ]; then
    export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
fi
export AWS_REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-$AWS_REGION}

"$BIN/python" manage.py dynamodb_tables create
"$BIN/python" manage.py seed_shop --if-empty --no-progress
"$BIN/gunicorn" --config deploy/gunicorn.conf.py shop.asgi:application &
pids+=("$!")
wait "$!"
