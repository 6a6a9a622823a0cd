// Follow-up-date rule v1, twin of ../rule.py (both checked by tests/vectors.json, limits too).
// Dates are YYYY-MM-DD day numbers in integer arithmetic: no time zone can shift them.
// Inputs are checked in the order decided, probation, lead, start; the first bad one throws.

export const DEFAULT_PROBATION = "P3M";
export const DEFAULT_LEAD = "P2W";

export const LEAD_DAYS = { P1W: 7, P2W: 14, P3W: 21 };
// Accepted counts of each probation unit: months, weeks, days.
export const LIMITS = { M: [1, 12], W: [5, 52], D: [30, 366] };
// The latest start: this many months after decided.
const START_MONTHS = 12;
const FORMS = {
  decided: "use YYYY-MM-DD, a real date from 1900-01-01 to 2199-12-31",
  probation: `use PnM (${LIMITS.M.join("-")} months), P1Y, PnW (${LIMITS.W.join("-")} weeks) or PnD (${LIMITS.D.join("-")} days)`,
  lead: "use P1W, P2W or P3W",
  start: "use YYYY-MM-DD, a real date from decided to one year after it",
};

function fail(field, value, problem) {
  const shown = typeof value === "string" ? `'${value}'` : String(value);
  const forms = FORMS[field] || "use YYYY-MM-DD";
  const error = new Error(`${field} ${shown} ${problem}: ${forms}`);
  error.code = `invalid_${field}`;
  error.field = field;
  return error;
}

const isLeap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthLength = (y, m) =>
  m === 2 ? 28 + isLeap(y) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
const mod7 = (n) => ((n % 7) + 7) % 7;

// Days since 1970-01-01 (Howard Hinnant's days_from_civil), and back.
function toDays(y, m, d) {
  y -= m <= 2;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

function toISO(days) {
  let y = 1970 + Math.floor(days / 365.2425); // off by at most one year
  if (toDays(y, 1, 1) > days) y--;
  if (toDays(y + 1, 1, 1) <= days) y++;
  let m = 1;
  while (m < 12 && toDays(y, m + 1, 1) <= days) m++;
  const d = days - toDays(y, m, 1) + 1;
  return [String(y).padStart(4, "0"), m < 10 ? `0${m}` : m, d < 10 ? `0${d}` : d].join("-");
}

// [y, m, d] of a strict, real YYYY-MM-DD string, else throws for `field`.
function parseDate(text, field) {
  const match = typeof text === "string" && /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw fail(field, text, "is not in YYYY-MM-DD form");
  const [y, m, d] = match.slice(1).map(Number);
  if (m < 1 || m > 12 || d < 1 || d > monthLength(y, m)) {
    throw fail(field, text, "is not a real date");
  }
  return [y, m, d];
}

// Same day of month, or the month's last day where that day does not exist.
function addMonths([y, m, d], months) {
  const index = y * 12 + m - 1 + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return toDays(year, month, Math.min(d, monthLength(year, month)));
}

const dayNumber = (iso) => toDays(...parseDate(iso, "date"));

/** 0 = Monday ... 6 = Sunday. */
export function weekday(iso) {
  return mod7(dayNumber(iso) + 3); // 1970-01-01 was a Thursday
}

/** Whole days from a to b (negative when b is earlier). */
export function daysBetween(a, b) {
  return dayNumber(b) - dayNumber(a);
}

/** The date `days` days after `iso` (before, when negative). */
export function addDays(iso, days) {
  return toISO(dayNumber(iso) + days);
}

// { months } or { days } (weeks become days).
function parseProbation(text) {
  if (text === "P1Y") return { months: 12 };
  const match = typeof text === "string" && /^P([1-9]\d*)([MWD])$/.exec(text);
  if (!match) throw fail("probation", text, "is not accepted");
  const [count, unit] = [Number(match[1]), match[2]];
  const [low, high] = LIMITS[unit];
  if (count < low || count > high) throw fail("probation", text, "is out of range");
  return unit === "M" ? { months: count } : { days: unit === "W" ? count * 7 : count };
}

/** With no `start` (undefined or null) the probation counts from `decided`. */
export function schedule(decided, probation = DEFAULT_PROBATION, lead = DEFAULT_LEAD, start) {
  const told = parseDate(decided, "decided");
  if (decided < "1900-01-01" || decided > "2199-12-31") {
    throw fail("decided", decided, "is out of range");
  }
  const { months, days } = parseProbation(probation);
  if (typeof lead !== "string" || !Object.hasOwn(LEAD_DAYS, lead)) {
    throw fail("lead", lead, "is not accepted");
  }
  const first = start == null ? told : parseDate(start, "start");
  const firstDay = toDays(...first);
  if (firstDay < toDays(...told) || firstDay > addMonths(told, START_MONTHS)) {
    throw fail("start", start, "is out of range");
  }

  // Months count from the first day directly: end-minus-a-month would lose clamped days.
  // The last month of a probation in weeks or days is its final 30 days.
  const windowStart = months ? addMonths(first, months - 1) : firstDay + days - 30;
  const windowEnd = months ? addMonths(first, months) : firstDay + days;
  let recommended = windowEnd - LEAD_DAYS[lead];
  recommended -= Math.max(0, mod7(recommended + 3) - 4); // Sat/Sun move back to Friday
  return {
    window_start: toISO(windowStart),
    window_end: toISO(windowEnd),
    recommended: toISO(recommended),
  };
}
