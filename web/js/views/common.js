// Helpers shared by several views: records, the season picker, game rows.

import { field, h } from "../dom.js";
import { impliedProbability, odds, percent, todayIso } from "../format.js";
import { state } from "../session.js";

/** "37-4" from a record string, {wins, losses} or [wins, losses]. */
export function record(value) {
  if (value === null || value === undefined) return "–";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `${value[0]}-${value[1]}`;
  if (typeof value === "object" && "wins" in value) return `${value.wins}-${value.losses}`;
  return String(value);
}

/** Seasons the API holds, newest first (from /v1/health), always including `current`. */
export function knownSeasons(current) {
  const seasons = new Set(state.seasons || []);
  if (state.latestSeason) seasons.add(state.latestSeason);
  if (current) seasons.add(current);
  return [...seasons].sort().reverse();
}

/** A labelled season select. */
export async function seasonField(current, { allowAll = false } = {}) {
  const seasons = knownSeasons(current);
  const options = seasons.map((s) => ({ value: s, label: s }));
  if (allowAll) options.unshift({ value: "", label: "All seasons" });
  return field({ label: "Season", name: "season", value: current || "", options });
}

/** Moneyline with its implied probability: "-189 (65.4%)". */
export function moneyline(value, implied) {
  if (value === null || value === undefined) return "–";
  const probability = implied ?? impliedProbability(value);
  return h(
    "span",
    { class: "nowrap" },
    h("strong", {}, odds(value)),
    " ",
    h("span", { class: "muted", title: "Implied probability" }, `(${percent(probability)})`),
  );
}

export const STATUS_LABELS = {
  scheduled: "Scheduled",
  final: "Final",
  cancelled: "Cancelled",
  postponed: "Postponed",
};

export const SEASON_TYPES = {
  regular: "Regular season",
  play_in: "Play-in",
  playoffs: "Playoffs",
  cup_final: "Cup final",
};

/** The date the games pages open on: today (the viewer's calendar). */
export async function defaultGameDate() {
  return todayIso();
}
