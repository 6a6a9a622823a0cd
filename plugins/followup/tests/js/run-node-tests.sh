#!/usr/bin/env bash
# Run the node suite for the follow-up rule under the time zones given as arguments, or
# by default under eight, including ones with +14h, half-hour and 30-minute-DST offsets
# and midnight DST changes. Prints node's summary lines per zone; exits non-zero if any
# zone fails.
set -u
cd "$(dirname "$0")"

if ! command -v node >/dev/null 2>&1; then
  echo "node not found" >&2
  exit 127
fi

zones=("$@")
if ((${#zones[@]} == 0)); then
  zones=(UTC America/New_York America/Los_Angeles Europe/Berlin Pacific/Kiritimati
    America/Santiago Asia/Kolkata Australia/Lord_Howe)
fi
failed=()
for zone in "${zones[@]}"; do
  echo "== TZ=$zone"
  if output=$(TZ="$zone" node --test --test-reporter=spec followup-rule.test.mjs 2>&1); then
    printf '%s\n' "$output" | grep -E '^ℹ (tests|pass|fail|cancelled|skipped|todo|duration_ms) '
  else
    printf '%s\n' "$output"
    failed+=("$zone")
  fi
done

if ((${#failed[@]})); then
  echo "FAILED in: ${failed[*]}" >&2
  exit 1
fi
echo "all ${#zones[@]} time zones passed"
