// Teams: the league by conference and division, and one team's page (season record
// and game log with closing moneylines).

import { api, getAll } from "../api.js";
import { h, mount } from "../dom.js";
import { calendarDate, num, odds, percent, impliedProbability, winPct } from "../format.js";
import { navigate } from "../router.js";
import { state } from "../session.js";
import { badge, empty, errorBox, loading, pageHead, table } from "../ui.js";
import { record, SEASON_TYPES, seasonField } from "./common.js";

export async function render(root, ctx) {
  if (ctx.segments[1]) return renderTeam(root, ctx, ctx.segments[1].toUpperCase());
  return renderLeague(root, ctx);
}

async function renderLeague(root, ctx) {
  ctx.setTitle("Teams");
  const body = h("div", {}, loading());
  mount(root, pageHead("Teams", "Every franchise by conference and division."), body);
  let teams;
  try {
    teams = await getAll("/teams");
  } catch (error) {
    mount(body, errorBox(error));
    return;
  }
  const conferences = ["East", "West"];
  mount(
    body,
    h(
      "div",
      { class: "grid-2" },
      conferences.map((conference) => {
        const divisions = [...new Set(teams.filter((t) => t.conference === conference).map((t) => t.division))].sort();
        return h(
          "section",
          { class: "card", "aria-labelledby": `conf-${conference}` },
          h("h2", { id: `conf-${conference}`, style: "margin-top:0" }, `${conference}ern Conference`),
          h(
            "div",
            { class: "divisions" },
            divisions.map((division) =>
              h(
                "div",
                {},
                h("h3", {}, division),
                h(
                  "ul",
                  { class: "team-list" },
                  teams
                    .filter((t) => t.division === division)
                    .map((t) =>
                      h("li", {}, h("a", { class: "team-cell", href: `#/teams/${t.abbreviation}` }, h("span", { class: "abbr", "aria-hidden": "true" }, t.abbreviation), h("span", {}, t.name))),
                    ),
                ),
              ),
            ),
          ),
        );
      }),
    ),
  );
}

async function renderTeam(root, ctx, abbr) {
  ctx.setTitle(abbr);
  const season = ctx.params.get("season") || state.latestSeason || "";
  const seasonType = ctx.params.get("season_type") || "";
  const body = h("div", {}, loading());
  mount(root, body);

  let team;
  let log;
  try {
    [team, log] = await Promise.all([
      api.get(`/teams/${encodeURIComponent(abbr)}`, { season }),
      getAll(`/teams/${encodeURIComponent(abbr)}/games`, { season, season_type: seasonType }),
    ]);
  } catch (error) {
    mount(body, h("h1", { tabindex: "-1" }, abbr), errorBox(error), h("p", {}, h("a", { href: "#/teams" }, "All teams")));
    return;
  }
  if (!ctx.isCurrent()) return;
  ctx.setTitle(team.name);

  const seasonPick = await seasonField(team.season || season);
  const typePick = h(
    "select",
    { id: "season-type", name: "season_type" },
    [["", "All games"], ...Object.entries(SEASON_TYPES)].map(([value, label]) => h("option", { value, selected: value === seasonType }, label)),
  );
  const go = () => navigate(`teams/${abbr}`, { season: seasonPick.input.value, season_type: typePick.value });
  seasonPick.input.addEventListener("change", go);
  typePick.addEventListener("change", go);

  const r = team.record;
  const stat = (label, value) => h("div", { class: "stat" }, h("dt", {}, label), h("dd", {}, value));
  mount(
    body,
    pageHead(
      team.name,
      `${team.conference}ern Conference · ${team.division} Division${team.year_founded ? ` · founded ${team.year_founded}` : ""}`,
      h("a", { class: "button", href: "#/teams" }, "All teams"),
    ),
    r
      ? h(
          "dl",
          { class: "stats", "aria-label": `${team.season} regular season` },
          stat("Record", `${r.wins}-${r.losses}`),
          stat("Win %", winPct(r.win_pct)),
          stat("Conference rank", `${r.conference_rank} ${r.conference}`),
          stat("Games behind", r.games_behind ? num(r.games_behind) : "–"),
          stat("Home", record(r.home)),
          stat("Away", record(r.away)),
          stat("Last 10", record(r.last_10)),
          stat("Streak", r.streak || "–"),
          stat("Points for", num(r.points_for)),
          stat("Points against", num(r.points_against)),
          stat("Differential", `${r.differential > 0 ? "+" : ""}${num(r.differential)}`),
        )
      : h("p", { class: "muted" }, `No regular-season games in ${team.season || season}.`),
    h("h2", {}, "Game log"),
    h(
      "form",
      { class: "toolbar", "aria-label": "Game log filters", onsubmit: (e) => e.preventDefault() },
      seasonPick.wrapper,
      h("div", { class: "field" }, h("label", { for: "season-type" }, "Games"), typePick),
    ),
    log.length ? gameLog(abbr, log) : empty("No games."),
  );
}

function gameLog(abbr, log) {
  return table({
    caption: `${abbr} game log`,
    columns: [
      { label: "Date", render: (g) => calendarDate(g.date) },
      {
        label: "Opponent",
        render: (g) => h("span", {}, g.home_away === "home" ? "vs " : "@ ", h("a", { href: `#/teams/${g.opponent}` }, g.opponent)),
      },
      { label: "Type", render: (g) => (g.season_type === "regular" ? "" : badge(SEASON_TYPES[g.season_type] || g.season_type, "void")), hideSm: true },
      {
        label: "Result",
        render: (g) =>
          g.result
            ? h("span", { class: g.result === "W" ? "pos" : "neg" }, h("strong", {}, g.result), ` ${g.team_score}-${g.opponent_score}`)
            : badge(g.status),
      },
      {
        label: "Moneyline",
        render: (g) =>
          g.moneyline === null || g.moneyline === undefined
            ? "–"
            : h("span", { class: "nowrap" }, odds(g.moneyline), " ", h("span", { class: "muted small" }, `(${percent(impliedProbability(g.moneyline))})`)),
        num: true,
      },
    ],
    rows: log,
  });
}
