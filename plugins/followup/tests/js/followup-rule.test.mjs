// The browser copy of the follow-up-date rule, checked against the shared vectors.
// run-node-tests.sh runs this file under several TZ values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import {
  DEFAULT_LEAD,
  DEFAULT_PROBATION,
  LEAD_DAYS,
  LIMITS,
  addDays,
  daysBetween,
  schedule,
  weekday,
} from "../../static/followup-rule.js";

const vectors = JSON.parse(readFileSync(new URL("../vectors.json", import.meta.url), "utf8"));

// Omitted inputs are passed as undefined so the defaults apply; null stays null.
const call = (c) => schedule(c.decided, c.probation, c.lead, c.start);

// Independent oracle: Date.UTC day numbers, read back only with UTC getters.
const utcDays = (iso) => {
  const [y, m, d] = iso.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 86400000;
};
const utcISO = (days) => new Date(days * 86400000).toISOString().slice(0, 10);

test("vectors cover enough cases", () => {
  assert.ok(vectors.valid.length + vectors.invalid.length >= 80);
});

test("limits are the ones the Python rule is checked against", () => {
  assert.deepEqual(LIMITS, vectors.limits.probation);
  assert.deepEqual(LEAD_DAYS, vectors.limits.lead_days);
  assert.throws(() => schedule("2026-03-08", "P3M", "P2W", "2027-03-09"), { code: "invalid_start" });
  assert.equal(schedule("2026-03-08", "P3M", "P2W", "2027-03-08").window_end, "2027-06-08");
  assert.equal(vectors.limits.start_months, 12);
});

test("valid vectors", async (t) => {
  for (const c of vectors.valid) {
    await t.test(c.note, () => {
      assert.deepEqual(call(c), {
        window_start: c.window_start,
        window_end: c.window_end,
        recommended: c.recommended,
      });
    });
  }
});

test("invalid vectors", async (t) => {
  for (const c of vectors.invalid) {
    await t.test(c.note, () => {
      const field = c.code.replace(/^invalid_/, "");
      assert.throws(
        () => call(c),
        (error) => {
          assert.ok(error instanceof Error);
          assert.equal(error.code, c.code);
          assert.equal(error.field, field);
          assert.ok(error.message.startsWith(`${field} `), error.message);
          const value = c[field];
          assert.ok(error.message.includes(String(value)), error.message);
          return true;
        },
      );
    });
  }
});

test("defaults are P3M and P2W", () => {
  assert.equal(DEFAULT_PROBATION, "P3M");
  assert.equal(DEFAULT_LEAD, "P2W");
  assert.deepEqual(schedule("2026-03-08"), schedule("2026-03-08", "P3M", "P2W"));
});

test("messages name the accepted forms", () => {
  assert.throws(() => schedule("2026-03-08", "P4W"), /P4W.*PnM \(1-12 months\), P1Y, PnW/);
  assert.throws(() => schedule("2026-03-08", "P3M", "P14D"), /P14D.*P1W, P2W or P3W/);
  assert.throws(() => schedule("1899-12-31"), /1899-12-31.*1900-01-01 to 2199-12-31/);
});

test("lead rejects non-strings that look like a key", () => {
  assert.throws(() => schedule("2026-03-08", "P3M", ["P2W"]), { code: "invalid_lead" });
});

test("weekday is 0 for Monday through 6 for Sunday", () => {
  assert.equal(weekday("2026-03-09"), 0);
  assert.equal(weekday("2026-03-13"), 4);
  assert.equal(weekday("2026-03-14"), 5);
  assert.equal(weekday("2026-03-08"), 6);
  assert.equal(weekday("2000-01-01"), 5);
  assert.equal(weekday("1900-01-01"), 0);
  assert.equal(weekday("2200-01-01"), 2);
  assert.equal(weekday("1969-12-31"), 2);
});

test("daysBetween counts whole calendar days", () => {
  assert.equal(daysBetween("2026-03-08", "2026-03-08"), 0);
  assert.equal(daysBetween("2026-03-08", "2026-03-09"), 1);
  assert.equal(daysBetween("2026-03-09", "2026-03-08"), -1);
  assert.equal(daysBetween("2024-02-28", "2024-03-01"), 2);
  assert.equal(daysBetween("2100-02-28", "2100-03-01"), 1);
  assert.equal(daysBetween("1900-01-01", "2200-01-01"), 109573);
  // Across the DST changes of the zones the runner uses.
  assert.equal(daysBetween("2026-03-07", "2026-03-09"), 2);
  assert.equal(daysBetween("2026-10-24", "2026-10-26"), 2);
  assert.equal(daysBetween("2026-04-04", "2026-04-06"), 2);
});

test("addDays moves by whole calendar days", () => {
  assert.equal(addDays("2026-03-08", 0), "2026-03-08");
  assert.equal(addDays("2024-02-28", 1), "2024-02-29");
  assert.equal(addDays("2100-02-28", 1), "2100-03-01");
  assert.equal(addDays("2026-12-31", 1), "2027-01-01");
  assert.equal(addDays("2026-03-01", -1), "2026-02-28");
});

test("helpers reject what is not a real YYYY-MM-DD date", () => {
  for (const bad of ["2026-02-30", "2026-2-3", "", "2026-03-08 ", null, 20260308]) {
    assert.throws(() => addDays(bad, 1), { code: "invalid_date", field: "date" });
    assert.throws(() => weekday(bad), { code: "invalid_date", field: "date" });
    assert.throws(() => daysBetween("2026-03-08", bad), { code: "invalid_date" });
    assert.throws(() => daysBetween(bad, "2026-03-08"), { code: "invalid_date" });
  }
});

test("helpers agree with Date.UTC for every day from 1890 to 2210", () => {
  for (let day = utcDays("1890-01-01"); day <= utcDays("2210-12-31"); day++) {
    const iso = utcISO(day);
    assert.equal(daysBetween("1970-01-01", iso), day);
    assert.equal(addDays("1970-01-01", day), iso);
    assert.equal(weekday(iso), (new Date(day * 86400000).getUTCDay() + 6) % 7);
  }
});

// A small seeded generator, so failures can be reproduced.
function* sampleInputs(count, seed = 20121029) {
  let state = seed;
  const next = (n) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  const first = utcDays("1900-01-01");
  const span = utcDays("2199-12-31") - first + 1;
  const forms = [
    ...Array.from({ length: 12 }, (_, i) => `P${i + 1}M`),
    "P1Y",
    ...Array.from({ length: 48 }, (_, i) => `P${i + 5}W`),
    ...Array.from({ length: 337 }, (_, i) => `P${i + 30}D`),
  ];
  for (let i = 0; i < count; i++) {
    yield [utcISO(first + next(span)), forms[next(forms.length)], ["P1W", "P2W", "P3W"][next(3)]];
  }
}

test("invariant: decided <= window_start <= recommended < window_end, on a weekday", () => {
  for (const [decided, probation, lead] of sampleInputs(50000)) {
    const r = schedule(decided, probation, lead);
    const label = `${decided} ${probation} ${lead} -> ${JSON.stringify(r)}`;
    assert.ok(decided <= r.window_start, label);
    assert.ok(r.window_start <= r.recommended, label);
    assert.ok(r.recommended < r.window_end, label);
    assert.ok(weekday(r.recommended) < 5, label);
    const unshifted = daysBetween(r.recommended, r.window_end) - Number(lead[1]) * 7;
    assert.ok(unshifted >= 0 && unshifted <= 2, label);
  }
});

test("weeks and days add exact days (checked with Date.UTC)", () => {
  for (const [decided, probation] of sampleInputs(5000, 7)) {
    if (!/[WD]$/.test(probation)) continue;
    const n = Number(probation.slice(1, -1)) * (probation.endsWith("W") ? 7 : 1);
    const r = schedule(decided, probation);
    assert.equal(r.window_end, utcISO(utcDays(decided) + n));
    assert.equal(r.window_start, utcISO(utcDays(decided) + n - 30));
  }
});

test("does not depend on the local time zone or local Date methods", () => {
  const zone = process.env.TZ;
  if (zone) {
    // Proves node honoured TZ, so the runner really exercises each zone.
    const instant = Date.UTC(2026, 0, 1, 12);
    const hour = new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", hourCycle: "h23" });
    assert.equal(new Date(instant).getHours(), Number(hour.format(instant)));
    if (zone !== "UTC") assert.notEqual(new Date(instant).getTimezoneOffset(), 0);
  }
  const local = [
    "getFullYear", "getMonth", "getDate", "getDay", "getHours", "getTimezoneOffset",
    "setFullYear", "setMonth", "setDate", "setHours", "toLocaleDateString", "toString",
  ];
  const saved = local.map((name) => [name, Date.prototype[name]]);
  const RealDate = globalThis.Date;
  try {
    for (const name of local) {
      Date.prototype[name] = () => {
        throw new Error(`local Date method ${name} used`);
      };
    }
    globalThis.Date = function () {
      throw new Error("Date constructed");
    };
    for (const c of vectors.valid) assert.equal(call(c).recommended, c.recommended, c.note);
    for (const c of vectors.invalid) assert.throws(() => call(c), { code: c.code }, c.note);
    assert.equal(addDays("2026-03-08", 21), "2026-03-29");
    assert.equal(weekday("2026-03-08"), 6);
    assert.equal(daysBetween("2026-03-08", "2026-03-29"), 21);
  } finally {
    globalThis.Date = RealDate;
    for (const [name, method] of saved) Date.prototype[name] = method;
  }
});
