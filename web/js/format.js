// Formatting for money, odds, probabilities, dates and times.
// Money arrives from the API as decimal strings ("52.91"); it is only formatted here,
// never used for arithmetic that the server does not also do.

const moneyFormat = new Intl.NumberFormat("en-US", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** "1,234.50" (always two decimals); "–" for missing values. */
export function money(value) {
  if (value === null || value === undefined || value === "") return "–";
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return moneyFormat.format(n);
}

/** "+52.91" / "−10.00": money with an explicit sign (profits and losses). */
export function signedMoney(value) {
  if (value === null || value === undefined || value === "") return "–";
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  if (n > 0) return `+${moneyFormat.format(n)}`;
  if (n < 0) return `−${moneyFormat.format(-n)}`;
  return moneyFormat.format(0);
}

/** American odds with their sign: "+161", "-189"; "–" when missing. */
export function odds(value) {
  if (value === null || value === undefined || value === "") return "–";
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return n > 0 ? `+${n}` : String(n);
}

/** The implied probability (0..1) of American odds, or null. */
export function impliedProbability(value) {
  const n = Number(value);
  if (value === null || value === undefined || !Number.isFinite(n) || n === 0) return null;
  return n < 0 ? -n / (-n + 100) : 100 / (n + 100);
}

/** "65.4%" from a fraction; "–" when missing. */
export function percent(fraction, digits = 1) {
  if (fraction === null || fraction === undefined || fraction === "") return "–";
  const n = Number(fraction);
  if (!Number.isFinite(n)) return "–";
  return `${(n * 100).toFixed(digits)}%`;
}

/** "+12.3%" / "−4.0%": a ratio with an explicit sign (ROI). */
export function signedPercent(fraction, digits = 1) {
  if (fraction === null || fraction === undefined || fraction === "") return "–";
  const n = Number(fraction) * 100;
  if (!Number.isFinite(n)) return "–";
  const text = Math.abs(n).toFixed(digits);
  if (Number(text) === 0) return `${(0).toFixed(digits)}%`;
  return n > 0 ? `+${text}%` : `−${text}%`;
}

/** ".640" win percentage style. */
export function winPct(fraction) {
  if (fraction === null || fraction === undefined) return "–";
  const n = Number(fraction);
  if (!Number.isFinite(n)) return "–";
  return n.toFixed(3).replace(/^0/, "");
}

/** A number with fixed decimals ("27.3"); "–" when missing. */
export function num(value, digits = 1) {
  if (value === null || value === undefined || value === "") return "–";
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return n.toFixed(digits);
}

/** The potential profit of `stake` at American `oddsValue`, rounded to cents. */
export function potentialProfit(stake, oddsValue) {
  const s = Number(stake);
  const o = Number(oddsValue);
  if (!Number.isFinite(s) || !Number.isFinite(o) || s <= 0 || o === 0) return null;
  const cents = Math.round(s * 100);
  const profitCents = o > 0 ? (cents * o) / 100 : (cents * 100) / -o;
  return roundHalfEven(profitCents) / 100;
}

function roundHalfEven(x) {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (Math.abs(diff - 0.5) < 1e-9) return floor % 2 === 0 ? floor : floor + 1;
  return Math.round(x);
}

/** Tip-off instant in the viewer's local time: "7:30 PM EDT". */
export function tipoffTime(iso) {
  if (!iso) return "–";
  const d = new Date(iso);
  return new Intl.DateTimeFormat(undefined, {
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(d);
}

/** Date and time in the viewer's local time: "Oct 24, 2023, 7:30 PM". */
export function dateTime(iso) {
  if (!iso) return "–";
  return new Intl.DateTimeFormat(undefined, {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(iso));
}

/** The local date of an instant: "Oct 24, 2023". */
export function dateOnly(iso) {
  if (!iso) return "–";
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(new Date(iso));
}

/** A calendar date ("2023-10-24") as "Tue, Oct 24, 2023" (no timezone shift). */
export function calendarDate(isoDate, style = "long") {
  if (!isoDate) return "–";
  const [y, m, d] = isoDate.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  const options =
    style === "short"
      ? { month: "short", day: "numeric", timeZone: "UTC" }
      : { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(undefined, options).format(date);
}

/** Today's date in the viewer's calendar as YYYY-MM-DD. */
export function todayIso() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A YYYY-MM-DD date moved by `days`. */
export function addDays(isoDate, days) {
  const [y, m, d] = isoDate.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

/** "in 2 h 5 min" style countdown to an instant, or "started". */
export function untilText(iso) {
  const ms = new Date(iso).getTime() - Date.now();
  if (ms <= 0) return "started";
  const minutes = Math.round(ms / 60000);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `in ${hours} h ${minutes % 60} min`;
  return `in ${Math.round(hours / 24)} days`;
}

/** A human duration for a Retry-After header in seconds: "4 min 10 s". */
export function seconds(value) {
  const total = Math.max(0, Math.round(Number(value) || 0));
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (m === 0) return `${s} s`;
  return s ? `${m} min ${s} s` : `${m} min`;
}
