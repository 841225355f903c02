// Standings by conference for a season (regular-season games only).

import { getAll } from "../api.js";
import { field, h, mount } from "../dom.js";
import { num, winPct } from "../format.js";
import { navigate } from "../router.js";
import { state } from "../session.js";
import { errorBox, loading, pageHead, table, teamLink } from "../ui.js";
import { record, seasonField } from "./common.js";

export async function render(root, ctx) {
  ctx.setTitle("Standings");
  const season = ctx.params.get("season") || state.latestSeason || "";
  const conference = ctx.params.get("conference") || "";

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
    pageHead(
      season ? `Standings ${season}` : "Standings",
      "Regular season only: the cup final, play-in and playoffs do not count.",
    ),
    h(
      "form",
      { class: "toolbar", "aria-label": "Standings filters", onsubmit: (e) => e.preventDefault() },
      season ? seasonPick.wrapper : null,
      conferencePick.wrapper,
    ),
    body,
  );

  let rows;
  try {
    rows = await getAll("/standings", { season, conference });
  } catch (error) {
    mount(body, errorBox(error));
    return;
  }
  if (!ctx.isCurrent()) return;

  const conferences = ["East", "West"].filter((c) => !conference || c === conference);
  mount(
    body,
    h(
      "div",
      { class: "standings" },
      conferences.map((c) => standingsTable(c, rows.filter((r) => r.conference === c))),
    ),
  );
}

function standingsTable(conference, rows) {
  return table({
    caption: `${conference}ern Conference`,
    label: `${conference}ern Conference standings`,
    // Seeds 1-6 go to the playoffs and 7-10 to the play-in.
    rowClass: (_row, i) => (i === 5 || i === 9 ? "cutoff" : null),
    columns: [
      { label: "#", key: "conference_rank", num: true },
      { label: "Team", render: (r) => teamLink(r.team, r.name) },
      { label: "W", key: "wins", num: true, title: "Wins", abbr: true },
      { label: "L", key: "losses", num: true, title: "Losses", abbr: true },
      { label: "Pct", render: (r) => winPct(r.win_pct), num: true, title: "Win percentage", abbr: true },
      { label: "GB", render: (r) => gamesBehind(r.games_behind), num: true, title: "Games behind the leader", abbr: true },
      { label: "Conf", render: (r) => record(r.conference_record), num: true, hideSm: true, title: "Record against the conference", abbr: true },
      { label: "Home", render: (r) => record(r.home), num: true, hideSm: true },
      { label: "Away", render: (r) => record(r.away), num: true, hideSm: true },
      { label: "L10", render: (r) => record(r.last_10), num: true, hideSm: true, title: "Last 10 games", abbr: true },
      { label: "Strk", render: (r) => r.streak ?? "–", num: true, title: "Current streak", abbr: true },
      { label: "PF", render: (r) => num(r.points_for), num: true, hideSm: true, title: "Points for per game", abbr: true },
      { label: "PA", render: (r) => num(r.points_against), num: true, hideSm: true, title: "Points against per game", abbr: true },
      { label: "Diff", render: (r) => diff(r.differential), num: true, title: "Point differential per game", abbr: true },
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
  const text = Math.abs(n).toFixed(1);
  if (n > 0) return h("span", { class: "pos" }, `+${text}`);
  if (n < 0) return h("span", { class: "neg" }, `−${text}`);
  return "0.0";
}
