// The calculator: shows the form over the build-time example, recomputes as the reader
// types and answers for their stage (before, window, late, after). URL values are checked
// like typed ones and only ever set as text. Dates in the page's language (<html lang>).
import { LIMITS, addDays, daysBetween, schedule, weekday } from "./followup-rule.js";

const KEYS = ["window_start", "recommended", "window_end"];
const PARTS = ["day", "month", "year"];
const FIELDS = ["decided", "start", "probation", "lead"];
const UNITS = { M: "month", W: "week", D: "day" };
const lang = document.documentElement.lang || "en";
const pad = (n, width = 2) => String(n).padStart(width, "0");
const compact = (iso) => iso.replaceAll("-", "");
const dateFormat = new Intl.DateTimeFormat(lang, {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const relativeFormat = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
// [below this many days, days per unit, unit]: "in 5 days", "in 3 weeks", "2 years ago".
const SPANS = [[14, 1, "day"], [60, 7, "week"], [730, 30.44, "month"], [Infinity, 365.25, "year"]];

/** "Friday 15 January 2013", or "15 January 2013" without the weekday. */
function words(iso, withWeekday = true) {
  const [y, m, d] = iso.split("-").map(Number);
  const part = {};
  for (const { type, value } of dateFormat.formatToParts(Date.UTC(y, m - 1, d))) part[type] = value;
  return `${withWeekday ? `${part.weekday} ` : ""}${part.day} ${part.month} ${part.year}`;
}

function relative(days) {
  const [, size, unit] = SPANS.find(([below]) => Math.abs(days) < below);
  return relativeFormat.format(Math.round(days / size), unit);
}

const root = document.getElementById("followup");
if (root) start(root);

function start(root) {
  const $ = (selector) => root.querySelector(selector);
  const form = $("[data-followup-form]");
  const fields = form.elements;
  const subject = $("#followup-subject");
  const message = $("#followup-message");
  const note = $("[data-followup-note]");
  const answer = $("[data-followup-answer]");
  const timeline = $("[data-followup-timeline]");
  const touched = new Set();
  const edited = new Set();
  const fromLink = {};
  let current = null;

  const now = new Date();
  const today = `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const setDate = (prefix, iso) => {
    [fields[`${prefix}year`].value, fields[`${prefix}month`].value, fields[`${prefix}day`].value] =
      iso.split("-");
  };
  setDate("", today);
  readLink(new URLSearchParams(location.search));

  function readLink(query) {
    const linkError = (field, value) => {
      fromLink[field] = `The link gave “${value.slice(0, 40)}”, which is not accepted.`;
    };
    const choose = (name, value) => {
      fields[name].value = value; // checks the radio with that value, if there is one
      const found = value !== "custom" && fields[name].value === value;
      if (!found) for (const radio of fields[name]) radio.checked = false;
      return found;
    };
    for (const [field, prefix] of [["decided", ""], ["start", "start_"]]) {
      const value = query.get(field);
      if (value === null) continue;
      const match = /^\d{4}-\d{2}-\d{2}$/.test(value);
      setDate(prefix, match ? value : "--");
      if (!match) linkError(field, value);
    }
    const probation = query.get("probation");
    const custom = /^P([1-9]\d{0,2})([MWD])$/.exec(probation);
    if (custom && !choose("probation", probation)) {
      fields.probation.value = "custom";
      [fields.probation_count.value, fields.probation_unit.value] = custom.slice(1);
    } else if (probation !== null && !choose("probation", probation)) {
      linkError("probation", probation);
    }
    const lead = query.get("lead");
    if (lead !== null && !choose("lead", lead)) linkError("lead", lead);
    for (const field of FIELDS) if (query.has(field)) touched.add(field);
  }

  // The date typed into a Day/Month/Year group, or why not; nothing for an empty start.
  function readDate(prefix, noun, errors, inputs, field) {
    const date = PARTS.map((name) => fields[prefix + name].value.trim());
    const missing = PARTS.filter((_, i) => !date[i]);
    if (missing.length === 3) {
      if (field === "decided") errors[field] = "Enter the date you were told you did not get the job";
    } else if (missing.length) errors[field] = `The ${noun} must include a ${missing.join(" and ")}`;
    else if (date.some((part) => !/^\d+$/.test(part))) {
      errors[field] = `Enter the ${noun} in numbers only, for example 29 10 2012`;
    } else if (date[2].length !== 4) errors[field] = "Enter the year with 4 digits, for example 2012";
    else inputs[field] = `${date[2]}-${pad(date[1])}-${pad(date[0])}`;
  }

  function read() {
    const errors = {};
    const inputs = {};
    readDate("", "date", errors, inputs, "decided");
    readDate("start_", "start date", errors, inputs, "start");

    const choice = fields.probation.value;
    const count = fields.probation_count.value.trim();
    const unit = fields.probation_unit.value;
    if (!choice) errors.probation = "Choose the length of the probation";
    else if (choice !== "custom") inputs.probation = choice;
    else if (!count) errors.probation = "Enter the length of the probation, for example 4";
    else if (!/^\d+$/.test(count)) errors.probation = "Enter the length as a whole number, for example 4";
    else inputs.probation = `P${Number(count)}${unit}`;

    if (fields.lead.value) inputs.lead = fields.lead.value;
    else errors.lead = "Choose how long before the probation ends you will follow up";

    const badField = (...args) => {
      try {
        schedule(...args);
      } catch (error) {
        return error.field;
      }
    };
    const isReal = (iso) => {
      try {
        return addDays(iso, 0);
      } catch {}
    };
    if (inputs.decided && badField(inputs.decided)) {
      errors.decided = isReal(inputs.decided)
        ? "The date must be between 1900 and 2199"
        : "The date must be a real date, for example 29 10 2012";
      delete inputs.decided;
    }
    if (inputs.probation && badField("2000-01-01", inputs.probation)) {
      const [low, high] = LIMITS[unit];
      errors.probation = `Enter a number of ${UNITS[unit]}s from ${low} to ${high}`;
      delete inputs.probation;
    }
    if (inputs.start && inputs.decided && badField(inputs.decided, "P3M", "P2W", inputs.start)) {
      errors.start = isReal(inputs.start)
        ? "The start date must be on or after the day you were told, and at most a year later"
        : "The start date must be a real date, for example 12 11 2012";
      delete inputs.start;
    }
    for (const field in fromLink) errors[field] = `${fromLink[field]} ${errors[field] || ""}`;
    return { inputs, errors };
  }

  function update() {
    $("[data-followup-custom]").hidden = fields.probation.value !== "custom";
    const { inputs, errors } = read();
    for (const field of FIELDS) {
      const text = touched.has(field) ? errors[field] || "" : "";
      const error = $(`[data-error-for=${field}]`);
      error.textContent = text && `Error: ${text}`;
      error.hidden = !text;
      $(`[data-field=${field}]`).classList.toggle("followup-invalid", Boolean(text));
    }
    const complete = Object.keys(errors).length === 0;
    for (const part of ["dates", "echo", "live"]) $(`[data-followup-${part}]`).hidden = !complete;
    $("[data-followup-incomplete]").hidden = complete;
    answer.hidden = !complete;
    if (!complete) {
      answer.textContent = "";
      delete root.dataset.stage;
      return;
    }
    const dates = schedule(inputs.decided, inputs.probation, inputs.lead, inputs.start);
    const stage =
      today < dates.window_start
        ? "before"
        : today <= dates.recommended
          ? "window"
          : today <= dates.window_end
            ? "late"
            : "after";
    current = { ...inputs, ...dates, stage };
    root.dataset.stage = stage;
    const share = new URL(location.href);
    share.search = new URLSearchParams(inputs);
    share.hash = "followup";
    $("[data-followup-link=share]").href = share.href;
    showAnswer(current);
    showDates(current);
    drawTimeline(current);
    showCalendar(current);
    showMessage();
  }

  const strong = (text) => Object.assign(document.createElement("strong"), { textContent: text });
  const probationName = ({ probation: p }) =>
    `new hire’s ${p === "P1Y" ? "1-year" : `${p.slice(1, -1)}-${UNITS[p.at(-1)]}`} probation`;
  const leadName = ({ lead }) => `${lead[1]} week${lead[1] > 1 ? "s" : ""}`;
  const when = (iso) => relative(daysBetween(today, iso));

  function showAnswer(d) {
    const end = words(d.window_end, false);
    const lead = `: ${leadName(d)} before the ${probationName(d)} is likely to end (${end}).`;
    const on = ["Follow up on ", strong(words(d.recommended)), `, ${when(d.recommended)}${lead}`];
    const parts = {
      before: [...on, " Add it to your calendar."],
      window:
        d.recommended === today
          ? ["Follow up ", strong(`today, ${words(today)}`), lead]
          : [...on, " The follow-up window is open: get your message ready."],
      late: [
        strong("Follow up now — this week"),
        `: the ${probationName(d)} likely ends on ${words(d.window_end)} (${when(d.window_end)}).`,
      ],
      after: [
        `The ${probationName(d)} has probably ended (${end}, ${when(d.window_end)}). `,
        strong("It is still worth a short message"),
        ": new hires do leave, and a similar role may open.",
      ],
    };
    answer.replaceChildren(...parts[d.stage]);
    const starts = d.start ? `; the new hire starts on ${words(d.start)}` : "";
    $("[data-followup-echo]").textContent = `You were told on ${words(d.decided)}${starts}.`;
  }

  function showDates(d) {
    for (const key of KEYS) {
      const time = $(`[data-result=${key}]`);
      time.dateTime = d[key];
      time.textContent = words(d[key]);
      $(`[data-relative=${key}]`).textContent = `(${when(d[key])})`;
    }
  }

  // Points in date order (ties keep the markup's order); the window's stretch in colour.
  function drawTimeline(d) {
    const points = { ...d, today };
    const items = [...timeline.children];
    for (const item of items) {
      const iso = points[item.dataset.point];
      item.hidden = !iso;
      if (!iso) continue;
      item.querySelector("[data-date]").textContent = words(iso, false);
      item.classList.toggle("followup-in-window", iso >= d.window_start && iso < d.window_end);
    }
    const at = (item) => points[item.dataset.point] || "";
    timeline.append(...items.sort((a, b) => at(a).localeCompare(at(b))));
  }

  // The job as the reader named it: for the event's title and the message's blanks.
  const job = () => ({ company: fields.company.value.trim(), role: fields.role.value.trim() });
  function title() {
    const { company, role } = job();
    return `Follow up ${company ? `with ${company} ` : ""}about the ${role ? `${role} role` : "job"}`;
  }

  // A day that is today or later: the recommended day, or the next weekday once it passed.
  function calendarDay(d) {
    if (d.recommended >= today) return d.recommended;
    let day = addDays(today, 1);
    while (weekday(day) > 4) day = addDays(day, 1);
    return day;
  }

  function description(d) {
    return [
      `${title()}.`,
      `The ${probationName(d)} likely ends on ${words(d.window_end)}; the follow-up window opens on ${words(d.window_start)}, and the recommended day is ${words(d.recommended)}.`,
      `Your dates: ${$("[data-followup-link=share]").href}`,
    ].join("\n");
  }

  function showCalendar(d) {
    const day = calendarDay(d);
    $("[data-followup-calendar-day]").textContent = `${day === d.recommended ? "" : "Can’t send it today? "}Add ${words(day)} to your calendar; the .ics file reminds you at 9:00 the day before.`;
    const google = new URL("https://calendar.google.com/calendar/render");
    google.search = new URLSearchParams({
      action: "TEMPLATE",
      text: title(),
      dates: `${compact(day)}/${compact(addDays(day, 1))}`,
      details: description(d),
    });
    $("[data-followup-link=google]").href = google.href;
  }

  // The drafts for the stage, with the job filled in, unless the reader has edited them.
  function showMessage() {
    const { company, role } = job();
    const fill = (text) =>
      text.replaceAll("[company]", company || "[company]").replaceAll("[role]", role || "[role]");
    if (!edited.has(subject)) subject.value = fill(subject.dataset.draft);
    if (!edited.has(message)) {
      message.value = fill(current.stage === "after" ? message.dataset.draftAfter : message.dataset.draft);
    }
    // RFC 6068: line breaks as %0D%0A.
    const encode = (text) => encodeURIComponent(text.replace(/\r?\n/g, "\r\n"));
    $("[data-followup-link=mailto]").href =
      `mailto:?subject=${encode(subject.value)}&body=${encode(message.value)}`;
  }

  function calendarFile(d) {
    const escape = (text) => text.replace(/[\\;,]/g, "\\$&").replace(/\r?\n/g, "\\n");
    const stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, "");
    const host = location.hostname;
    const day = calendarDay(d);
    const lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      `PRODID:-//${host}//Follow-up calculator//EN`,
      "BEGIN:VEVENT",
      `UID:followup-${compact(d.decided)}-${d.start ? compact(d.start) : ""}-${d.probation}-${d.lead}@${host}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compact(day)}`,
      `DTEND;VALUE=DATE:${compact(addDays(day, 1))}`,
      `SUMMARY;LANGUAGE=${lang}:${escape(title())}`,
      `DESCRIPTION;LANGUAGE=${lang}:${escape(description(d))}`,
      // Free, not busy: a reminder, not a meeting.
      "TRANSP:TRANSPARENT",
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      `DESCRIPTION;LANGUAGE=${lang}:${escape(`Tomorrow: ${title()}`)}`,
      // 15 hours before the all-day event's local midnight: 09:00 the day before.
      "TRIGGER:-PT15H",
      "END:VALARM",
      "END:VEVENT",
      "END:VCALENDAR",
    ];
    return `${lines.map(fold).join("\r\n")}\r\n`;
  }

  // RFC 5545 3.1: at most 75 octets a line.
  function fold(line) {
    const encoder = new TextEncoder();
    let folded = "";
    let octets = 0;
    for (const character of line) {
      const size = encoder.encode(character).length;
      if (octets + size > 75) {
        folded += "\r\n ";
        octets = 1;
      }
      folded += character;
      octets += size;
    }
    return folded;
  }

  const actions = {
    calendar() {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([calendarFile(current)], { type: "text/calendar" }));
      link.download = `follow-up-${calendarDay(current)}.ics`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    },
    "copy-message": () =>
      navigator.clipboard.writeText(`Subject: ${subject.value}\n\n${message.value}`).then(
        () => (note.textContent = "Message and subject copied."),
        () => (note.textContent = "Select the text and copy it."),
      ),
  };

  const changed = ({ type, target }) => {
    const field = PARTS.includes(target.name) ? "decided" : target.name.split("_")[0];
    delete fromLink[field];
    if (type === "change") touched.add(field);
    update();
  };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    for (const field of FIELDS) touched.add(field);
    update();
  });
  for (const draft of [subject, message]) {
    draft.addEventListener("input", () => {
      edited.add(draft);
      showMessage();
    });
  }
  root.addEventListener("click", (event) => {
    const action = event.target.closest("[data-followup-action]");
    if (action) actions[action.dataset.followupAction]();
  });

  for (const hidden of root.querySelectorAll("[data-followup-example], [data-followup-nojs]")) {
    hidden.hidden = true;
  }
  form.hidden = false;
  update();
}
