// Players: search (any case, any accents), filter by team and position, sort by a stat,
// the season's leaders, and one player's season lines.

import { api } from "../api.js";
import { field, h, mount } from "../dom.js";
import { num, percent } from "../format.js";
import { navigate, replaceParams } from "../router.js";
import { state } from "../session.js";
import { empty, errorBox, loading, pageHead, table } from "../ui.js";
import { seasonField, teamsByAbbr } from "./common.js";

const STATS = [
  { key: "pts", label: "PTS", title: "Points per game" },
  { key: "trb", label: "REB", title: "Rebounds per game" },
  { key: "ast", label: "AST", title: "Assists per game" },
  { key: "stl", label: "STL", title: "Steals per game" },
  { key: "blk", label: "BLK", title: "Blocks per game" },
  { key: "tov", label: "TOV", title: "Turnovers per game" },
  { key: "minutes", label: "MIN", title: "Minutes per game" },
  { key: "fg_pct", label: "FG%", title: "Field goal percentage", pct: true },
  { key: "fg3_pct", label: "3P%", title: "Three-point percentage", pct: true },
  { key: "ft_pct", label: "FT%", title: "Free throw percentage", pct: true },
  { key: "efg_pct", label: "eFG%", title: "Effective field goal percentage", pct: true },
  { key: "fg3", label: "3PM", title: "Threes made per game" },
  { key: "games", label: "G", title: "Games played", digits: 0 },
];
const POSITIONS = ["PG", "SG", "SF", "PF", "C"];

function statValue(stat, value) {
  if (stat.pct) return percent(value);
  return num(value, stat.digits ?? 1);
}

export async function render(root, ctx) {
  if (ctx.segments[1]) return renderPlayer(root, ctx, ctx.segments[1]);
  ctx.setTitle("Players");
  const p = ctx.params;
  const season = p.get("season") || state.latestSeason || "";

  const teams = [...(await teamsByAbbr()).values()].sort((a, b) => a.abbreviation.localeCompare(b.abbreviation));
  const search = field({ label: "Search players", name: "q", type: "search", value: p.get("q") || "", autocomplete: "off", placeholder: "Name, accents optional" });
  const seasonPick = await seasonField(season);
  const team = field({
    label: "Team",
    name: "team",
    value: p.get("team") || "",
    options: [{ value: "", label: "All teams" }, ...teams.map((t) => ({ value: t.abbreviation, label: `${t.abbreviation} · ${t.name}` })), { value: "TOT", label: "TOT · traded players' totals" }],
  });
  const position = field({ label: "Position", name: "position", value: p.get("position") || "", options: [{ value: "", label: "Any" }, ...POSITIONS.map((x) => ({ value: x, label: x }))] });
  const sort = field({
    label: "Sort by",
    name: "sort",
    value: p.get("sort") || "pts",
    options: [{ value: "name", label: "Name" }, { value: "age", label: "Age" }, ...STATS.map((s) => ({ value: s.key, label: s.title }))],
  });
  const order = field({ label: "Order", name: "order", value: p.get("order") || (p.get("sort") === "name" ? "asc" : "desc"), options: [{ value: "desc", label: "Highest first" }, { value: "asc", label: "Lowest first" }] });

  const results = h("div", {}, loading());
  const more = h("div", { class: "form-actions" });
  const leaders = h("div");
  const status = h("p", { class: "muted small", role: "status", "aria-live": "polite" });

  const values = () => ({
    q: search.input.value.trim(),
    season: seasonPick.input.value,
    team: team.input.value,
    position: position.input.value,
    sort: sort.input.value,
    order: order.input.value,
  });

  let rows = [];
  let requestId = 0;
  async function fetchPage(cursor) {
    const query = values();
    const id = ++requestId;
    if (!cursor) replaceParams(query);
    try {
      const page = await api.get("/players", { ...query, cursor, limit: 50 });
      if (id !== requestId) return;
      rows = cursor ? rows.concat(page.items) : page.items;
      const count = `${rows.length}${page.next_cursor ? "+" : ""}`;
      mount(status, rows.length ? `${count} ${count === "1" ? "player" : "players"}` : "");
      mount(results, rows.length ? playersTable(rows, query.sort) : empty(query.q ? `No player matches “${query.q}”.` : "No players match."));
      mount(more, page.next_cursor ? h("button", { type: "button", onclick: () => fetchPage(page.next_cursor) }, "Show more players") : null);
    } catch (error) {
      if (id !== requestId) return;
      mount(results, errorBox(error));
      mount(more);
    }
  }

  let timer = null;
  search.input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => fetchPage(null), 250);
  });
  for (const f of [team, position, sort, order]) f.input.addEventListener("change", () => fetchPage(null));
  seasonPick.input.addEventListener("change", () => navigate("players", values()));

  const leaderStat = field({ label: "Leaders in", name: "stat", value: p.get("stat") || "pts", options: STATS.filter((s) => s.key !== "games").map((s) => ({ value: s.key, label: s.title })) });
  leaderStat.input.addEventListener("change", () => drawLeaders());

  async function drawLeaders() {
    const stat = STATS.find((s) => s.key === leaderStat.input.value) || STATS[0];
    mount(leaders, loading());
    try {
      const page = await api.get("/players/leaders", { stat: stat.key, season: seasonPick.input.value, limit: 10 });
      mount(
        leaders,
        table({
          caption: `${stat.title}, ${page.season}`,
          columns: [
            { label: "#", key: "rank", num: true },
            { label: "Player", render: (r) => h("a", { href: `#/players/${encodeURIComponent(r.player_id)}` }, r.name) },
            { label: "Team", key: "team" },
            { label: stat.label, render: (r) => statValue(stat, r.value), num: true },
          ],
          rows: page.items,
        }),
        h("p", { class: "muted small" }, `Qualified: at least ${page.min_games} games.`),
      );
    } catch (error) {
      mount(leaders, errorBox(error));
    }
  }

  mount(
    root,
    pageHead("Players", "Per-game season averages."),
    h(
      "div",
      { class: "players-layout" },
      h(
        "section",
        { "aria-labelledby": "players-title" },
        h("h2", { id: "players-title", class: "visually-hidden" }, "All players"),
        h("form", { class: "toolbar", role: "search", "aria-label": "Players", onsubmit: (e) => { e.preventDefault(); fetchPage(null); } }, search.wrapper, seasonPick.wrapper, team.wrapper, position.wrapper, sort.wrapper, order.wrapper),
        status,
        results,
        more,
      ),
      h(
        "aside",
        { "aria-labelledby": "leaders-title" },
        h("h2", { id: "leaders-title", style: "margin-top:0" }, "Leaders"),
        h("div", { class: "toolbar" }, leaderStat.wrapper),
        leaders,
      ),
    ),
  );
  await Promise.all([fetchPage(null), drawLeaders()]);
}

function playersTable(rows, sortKey) {
  const shown = STATS.filter((s) => ["games", "minutes", "pts", "trb", "ast", "stl", "blk", "fg_pct", "fg3_pct", "ft_pct"].includes(s.key) || s.key === sortKey);
  return table({
    caption: "Players",
    columns: [
      { label: "Player", render: (r) => h("a", { href: `#/players/${encodeURIComponent(r.player_id)}`, class: "player-name" }, r.name) },
      { label: "Team", render: (r) => (r.team === "TOT" ? h("abbr", { title: "Totals across his teams" }, "TOT") : h("a", { href: `#/teams/${r.team}` }, r.team)) },
      { label: "Pos", key: "position", title: "Position", abbr: true },
      { label: "Age", key: "age", num: true, hideSm: true },
      ...shown.map((s) => ({
        label: s.label,
        title: s.title,
        abbr: true,
        num: true,
        hideSm: !["pts", "trb", "ast"].includes(s.key) && s.key !== sortKey,
        class: s.key === sortKey ? "sorted" : "",
        render: (r) => statValue(s, r[s.key]),
      })),
    ],
    rows,
  });
}

async function renderPlayer(root, ctx, playerId) {
  ctx.setTitle("Player");
  mount(root, loading());
  let player;
  try {
    player = await api.get(`/players/${encodeURIComponent(playerId)}`);
  } catch (error) {
    mount(root, h("h1", { tabindex: "-1" }, "Player"), errorBox(error), h("a", { href: "#/players" }, "All players"));
    return;
  }
  if (!ctx.isCurrent()) return;
  ctx.setTitle(player.name);
  const latest = player.seasons[0];
  mount(
    root,
    pageHead(player.name, latest ? `${latest.position || ""} · age ${latest.age ?? "–"} in ${latest.season}` : "", h("a", { class: "button", href: "#/players" }, "All players")),
    table({
      caption: "Season averages",
      columns: [
        { label: "Season", key: "season" },
        { label: "Team", render: (r) => (r.team === "TOT" ? "TOT" : h("a", { href: `#/teams/${r.team}` }, r.team)) },
        { label: "Pos", key: "position" },
        ...STATS.map((s) => ({ label: s.label, title: s.title, abbr: true, num: true, render: (r) => statValue(s, r[s.key]) })),
      ],
      rows: player.seasons,
    }),
  );
}
