// The calculator: shows the form over the build-time example and recomputes as the reader
// types. URL values are checked like typed ones and only ever set as text.
import { daysBetween, schedule } from "./followup-rule.js";

const KEYS = ["window_start", "recommended", "window_end"];
const DATE_PARTS = ["day", "month", "year"];
const FIELDS = ["decided", "probation", "lead"];
const UNITS = { M: ["months", 1, 12], W: ["weeks", 5, 52], D: ["days", 30, 366] };
const pad = (n, width = 2) => String(n).padStart(width, "0");
const parts = (iso) => iso.split("-").map(Number);
const utc = (iso) => {
  const [y, m, d] = parts(iso);
  return new Date(Date.UTC(y, m - 1, d));
};
// UTC arithmetic: no time zone can move the day.
const nextDay = (iso) => new Date(utc(iso).getTime() + 864e5).toISOString().slice(0, 10);
const compact = (iso) => iso.replaceAll("-", "");
const longDate = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeZone: "UTC" });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const show = (iso) => longDate.format(utc(iso));

const root = document.getElementById("followup");
if (root) start(root);

function start(root) {
  const $ = (selector) => root.querySelector(selector);
  const form = $("[data-followup-form]");
  const fields = form.elements;
  const message = $("#followup-message");
  const note = $("[data-followup-note]");
  const touched = new Set();
  const fromLink = {};
  let current = null;

  const now = new Date();
  const today = `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  [fields.year.value, fields.month.value, fields.day.value] = today.split("-");
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
    const decided = query.get("decided");
    if (decided !== null) {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(decided) || ["", "", "", ""];
      [fields.year.value, fields.month.value, fields.day.value] = match.slice(1);
      if (!match[0]) linkError("decided", decided);
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

  function read() {
    const errors = {};
    const inputs = {};
    const date = DATE_PARTS.map((name) => fields[name].value.trim());
    const missing = DATE_PARTS.filter((_, i) => !date[i]);
    if (missing.length === 3) errors.decided = "Enter the date you were told you did not get the job";
    else if (missing.length) errors.decided = `The date must include a ${missing.join(" and ")}`;
    else if (date.some((part) => !/^\d+$/.test(part))) {
      errors.decided = "Enter the date in numbers only, for example 29 10 2012";
    } else if (date[2].length !== 4) errors.decided = "Enter the year with 4 digits, for example 2012";
    else inputs.decided = `${date[2]}-${pad(date[1])}-${pad(date[0])}`;

    const choice = fields.probation.value;
    const count = fields.probation_count.value.trim();
    const [unit, low, high] = UNITS[fields.probation_unit.value];
    if (!choice) errors.probation = "Choose the length of the probation";
    else if (choice !== "custom") inputs.probation = choice;
    else if (!count) errors.probation = "Enter the length of the probation, for example 4";
    else if (!/^\d+$/.test(count)) errors.probation = "Enter the length as a whole number, for example 4";
    else inputs.probation = `P${Number(count)}${fields.probation_unit.value}`;

    if (fields.lead.value) inputs.lead = fields.lead.value;
    else errors.lead = "Choose how long before the probation ends you will follow up";

    const ruleSays = (field, ...args) => {
      try {
        schedule(...args);
      } catch (error) {
        return error.field === field;
      }
    };
    if (inputs.decided && ruleSays("decided", inputs.decided)) {
      const inRange = inputs.decided >= "1900-01-01" && inputs.decided <= "2199-12-31";
      errors.decided = inRange
        ? "The date must be a real date, for example 29 10 2012"
        : "The date must be between 1900 and 2199";
      delete inputs.decided;
    }
    if (inputs.probation && ruleSays("probation", "2000-01-01", inputs.probation)) {
      errors.probation = `Enter a number of ${unit} from ${low} to ${high}`;
      delete inputs.probation;
    }
    for (const field in fromLink) errors[field] = `${fromLink[field]} ${errors[field]}`;
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
    $("[data-followup-dates]").hidden = !complete;
    $("[data-followup-incomplete]").hidden = complete;
    $("[data-followup-live]").hidden = !complete;
    if (!complete) return;
    current = { ...inputs, ...schedule(inputs.decided, inputs.probation, inputs.lead) };
    const share = new URL(location.href);
    share.search = new URLSearchParams(inputs);
    share.hash = "followup";
    $("[data-followup-link=share]").href = share.href;
    showDates(current);
  }

  function showDates(dates) {
    for (const key of KEYS) {
      const time = $(`[data-result=${key}]`);
      time.dateTime = dates[key];
      time.textContent = show(dates[key]);
      $(`[data-relative=${key}]`).textContent = `(${relative.format(daysBetween(today, dates[key]), "day")})`;
    }
    drawTimeline(dates);
    const google = new URL("https://calendar.google.com/calendar/render");
    google.search = new URLSearchParams({
      action: "TEMPLATE",
      text: "Follow up about the job",
      dates: `${compact(dates.recommended)}/${compact(nextDay(dates.recommended))}`,
      details: description(dates),
    });
    $("[data-followup-link=google]").href = google.href;
    updateMailto();
  }

  function drawTimeline(dates) {
    const span = daysBetween(dates.decided, dates.window_end);
    const x = (iso) => 10 + (980 * daysBetween(dates.decided, iso)) / span;
    const set = (name, attributes) => {
      const node = $(`[data-timeline=${name}]`);
      for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    };
    set("window", { x: x(dates.window_start), width: 990 - x(dates.window_start) });
    set("recommended", { cx: x(dates.recommended) });
    set("recommended-label", { x: Math.min(Math.max(x(dates.recommended), 60), 940) });
    const inside = today >= dates.decided && today <= dates.window_end;
    const at = x(inside ? today : dates.decided);
    const visibility = inside ? "visible" : "hidden";
    set("today", { x1: at, x2: at, visibility });
    set("today-label", { x: Math.min(Math.max(at, 130), 780), visibility }); // clear of the end labels
  }

  function description(dates) {
    return [
      `Re-express your interest in the job on ${show(dates.recommended)}.`,
      `Window: ${show(dates.window_start)} to ${show(dates.window_end)} (probation ends).`,
      `Your dates: ${$("[data-followup-link=share]").href}`,
    ].join("\n");
  }

  function updateMailto() {
    const query = new URLSearchParams({ subject: message.dataset.subject, body: message.value });
    $("[data-followup-link=mailto]").href = `mailto:?${query.toString().replaceAll("+", "%20")}`;
  }

  function calendarFile(dates) {
    const escape = (text) => text.replace(/[\\;,]/g, "\\$&").replace(/\r?\n/g, "\\n");
    const stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, "");
    const lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      `PRODID:-//${location.hostname}//Follow-up calculator//EN`,
      "BEGIN:VEVENT",
      `UID:followup-${compact(dates.decided)}-${dates.probation}-${dates.lead}@${location.hostname}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compact(dates.recommended)}`,
      `DTEND;VALUE=DATE:${compact(nextDay(dates.recommended))}`,
      "SUMMARY:Follow up about the job",
      `DESCRIPTION:${escape(description(dates))}`,
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      "DESCRIPTION:Tomorrow: follow up about the job",
      "TRIGGER:-P1D",
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
      link.download = `follow-up-${current.recommended}.ics`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    },
    "copy-message": () =>
      navigator.clipboard.writeText(message.value).then(
        () => (note.textContent = "Message copied."),
        () => (note.textContent = "Select the text and copy it."),
      ),
  };

  const edited = ({ type, target }) => {
    const field = DATE_PARTS.includes(target.name) ? "decided" : target.name.split("_")[0];
    delete fromLink[field];
    if (type === "change") touched.add(field);
    update();
  };
  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    for (const field of FIELDS) touched.add(field);
    update();
  });
  message.addEventListener("input", updateMailto);
  root.addEventListener("click", (event) => {
    const action = event.target.closest("[data-followup-action]");
    if (action) actions[action.dataset.followupAction]();
  });

  $("[data-followup-example]").hidden = true;
  form.hidden = false;
  update();
}
