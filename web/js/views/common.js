// Helpers shared by several views: records, the season picker, game rows.

import { api, getAll, itemsOf } from "../api.js";
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

let teamsPromise = null;

/** Every team (abbreviation -> team), fetched once per page load. */
export function teamsByAbbr() {
  if (!teamsPromise) {
    teamsPromise = getAll("/teams")
      .then((teams) => new Map(teams.map((t) => [t.abbreviation, t])))
      .catch(() => {
        teamsPromise = null;
        return new Map();
      });
  }
  return teamsPromise;
}

/**
 * The game day a games page opens on: today when there are games today, else the next
 * day with games, else the last day of the latest season with games.
 */
export async function defaultGameDate() {
  const today = todayIso();
  try {
    const todays = itemsOf(await api.get("/games", { date: today, limit: 1 }));
    if (todays.length) return today;
    const next = itemsOf(await api.get("/games", { from: today, limit: 1 }));
    if (next.length) return next[0].date;
    const season = state.latestSeason;
    if (season) {
      // Seasons end by June: the spring of the season's second year holds its last day.
      const spring = `${Number(season.slice(0, 4)) + 1}-04-01`;
      const late = await getAll("/games", { season, from: spring, to: today });
      if (late.length) return late[late.length - 1].date;
    }
  } catch {
    // Fall back to today; the page shows the error if the API is down.
  }
  return today;
}
