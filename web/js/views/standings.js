// Standings by conference for a season (regular-season games only).

import { api } from "../api.js";
import { field, h, mount } from "../dom.js";
import { num, winPct } from "../format.js";
import { navigate } from "../router.js";
import { state } from "../session.js";
import { errorBox, loading, pageHead, table, teamLink } from "../ui.js";
import { record, seasonField } from "./common.js";

export async function render(root, ctx) {
  const season = ctx.params.get("season") || state.latestSeason || "";
  const conference = ctx.params.get("conference") || "";
  ctx.setTitle("Standings");

  const seasonPick = await seasonField(season);
  const conferencePick = field({
    label: "Conference",
    name: "conference",
    value: conference,
    options: [
      { value: "", label: "Both" },
      { value: "East", label: "East" },
      { value: "West", label: "West" },
    ],
  });
  const go = () =>
    navigate("standings", { season: seasonPick.input.value, conference: conferencePick.input.value });
  seasonPick.input.addEventListener("change", go);
  conferencePick.input.addEventListener("change", go);

  const body = h("div", {}, loading());
  mount(
    root,
    pageHead("Standings", "Regular-season records; the cup final, play-in and playoffs do not count."),
    h("form", { class: "toolbar", onsubmit: (e) => e.preventDefault(), "aria-label": "Standings filters" }, seasonPick.wrapper, conferencePick.wrapper),
    body,
  );

  let data;
  try {
    data = await api.get("/standings", { season: seasonPick.input.value || season, conference });
  } catch (error) {
    mount(body, errorBox(error));
    return;
  }
  if (!ctx.isCurrent()) return;

  const groups = groupByConference(data);
  mount(
    body,
    h(
      "div",
      { class: "grid-2" },
      groups.map(([name, rows]) => standingsTable(name, rows)),
    ),
  );
}

/** [[conference, rows]] from the standings response (a list, or grouped). */
export function groupByConference(data) {
  if (Array.isArray(data?.conferences)) {
    return data.conferences.map((c) => [c.conference || c.name, c.teams || c.standings || c.rows || []]);
  }
  const rows = Array.isArray(data) ? data : data?.items || data?.standings || data?.teams || [];
  const map = new Map();
  for (const row of rows) {
    const key = row.conference || "League";
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(row);
  }
  for (const list of map.values()) {
    list.sort((a, b) => (a.conference_rank ?? a.rank ?? 0) - (b.conference_rank ?? b.rank ?? 0));
  }
  return [...map.entries()].sort(([a], [b]) => (a === "East" ? -1 : b === "East" ? 1 : a.localeCompare(b)));
}

function standingsTable(conference, rows) {
  const abbr = (r) => r.abbreviation || r.team?.abbreviation || r.team;
  const name = (r) => r.team_name || r.full_name || r.name || r.team?.full_name || "";
  return table({
    caption: `${conference}ern Conference`.replace("Leagueern Conference", "League"),
    label: `${conference} standings`,
    rowClass: (_r, i) => (i === 5 ? "cutoff" : i === 9 ? "cutoff" : null),
    columns: [
      { label: "#", render: (r, i) => r.conference_rank ?? r.rank ?? i + 1, num: true },
      { label: "Team", render: (r) => teamLink(abbr(r), name(r)) },
      { label: "W", key: "wins", num: true },
      { label: "L", key: "losses", num: true },
      { label: "Pct", render: (r) => winPct(r.win_pct), num: true },
      { label: "GB", render: (r) => gamesBehind(r.games_behind), num: true },
      { label: "Home", render: (r) => record(r.home_record ?? r.home), num: true, hideSm: true },
      { label: "Away", render: (r) => record(r.away_record ?? r.away), num: true, hideSm: true },
      { label: "L10", render: (r) => record(r.last_10 ?? r.last10), num: true, hideSm: true },
      { label: "Strk", render: (r) => r.streak ?? "–", num: true },
      { label: "PF", render: (r) => num(r.points_for_per_game ?? r.points_for, r.points_for_per_game ? 1 : 0), num: true, hideSm: true, title: "Points for" },
      { label: "PA", render: (r) => num(r.points_against_per_game ?? r.points_against, r.points_against_per_game ? 1 : 0), num: true, hideSm: true, title: "Points against" },
      { label: "Diff", render: (r) => diff(r.point_differential ?? r.differential), num: true },
    ],
    rows,
  });
}

function gamesBehind(value) {
  if (value === null || value === undefined) return "–";
  const n = Number(value);
  return n === 0 ? "–" : n.toFixed(1);
}

function diff(value) {
  if (value === null || value === undefined) return "–";
  const n = Number(value);
  const text = Number.isInteger(n) ? String(Math.abs(n)) : Math.abs(n).toFixed(1);
  return h("span", { class: n > 0 ? "pos" : n < 0 ? "neg" : "" }, n > 0 ? `+${text}` : n < 0 ? `−${text}` : "0");
}
