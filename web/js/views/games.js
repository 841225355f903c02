// Games of a day: scores, status, tip-off in the viewer's local time, and the latest
// moneylines with their implied probabilities, spread and total.

import { getAll } from "../api.js";
import { field, h, mount } from "../dom.js";
import { addDays, calendarDate, num, percent, tipoffTime, todayIso } from "../format.js";
import { navigate, replaceParams } from "../router.js";
import { badge, empty, errorBox, loading, pageHead } from "../ui.js";
import { defaultGameDate, moneyline, SEASON_TYPES, STATUS_LABELS } from "./common.js";

export async function render(root, ctx) {
  ctx.setTitle("Games");
  const body = h("div", {}, loading());
  const toolbarSlot = h("div");
  mount(root, pageHead("Games", "Scores and schedule. Times are in your time zone."), toolbarSlot, body);

  const date = ctx.params.get("date") || (await defaultGameDate());
  if (!ctx.isCurrent()) return;
  if (!ctx.params.get("date")) replaceParams({ date });
  ctx.setTitle(`Games ${date}`);
  mount(toolbarSlot, dateToolbar("games", date));

  let games;
  try {
    games = await getAll("/games", { date });
  } catch (error) {
    mount(body, errorBox(error));
    return;
  }
  if (!ctx.isCurrent()) return;
  mount(
    body,
    h("h2", { class: "day-title" }, calendarDate(date), h("span", { class: "muted small" }, ` · ${games.length} ${games.length === 1 ? "game" : "games"}`)),
    games.length ? h("div", { class: "games" }, games.map(gameCard)) : empty(`No games on ${calendarDate(date)}.`),
  );
}

/** Previous day, a date picker, next day and today, for a date-based route. */
export function dateToolbar(route, date, extra = {}) {
  const picker = field({ label: "Date", name: "date", type: "date", value: date });
  picker.input.addEventListener("change", () => {
    if (picker.input.value) navigate(route, { ...extra, date: picker.input.value });
  });
  return h(
    "form",
    { class: "toolbar", "aria-label": "Choose a date", onsubmit: (e) => e.preventDefault() },
    h("button", { type: "button", onclick: () => navigate(route, { ...extra, date: addDays(date, -1) }) }, h("span", { "aria-hidden": "true" }, "← "), "Previous day"),
    picker.wrapper,
    h("button", { type: "button", onclick: () => navigate(route, { ...extra, date: addDays(date, 1) }) }, "Next day", h("span", { "aria-hidden": "true" }, " →")),
    h("button", { type: "button", onclick: () => navigate(route, { ...extra, date: todayIso() }) }, "Today"),
  );
}

function gameCard(game) {
  const final = game.status === "final";
  const line = game.odds;
  const side = (s, where) => {
    const won = final && game.winner === s.team;
    const lost = final && game.winner && game.winner !== s.team;
    const ml = where === "home" ? line?.home_moneyline : line?.away_moneyline;
    const implied = where === "home" ? line?.home_implied_probability : line?.away_implied_probability;
    return h(
      "div",
      { class: `game-row${won ? " winner" : ""}${lost ? " loser" : ""}`, "data-team": s.team },
      h(
        "a",
        { class: "team-cell team-name", href: `#/teams/${encodeURIComponent(s.team)}` },
        h("span", { class: "abbr", "aria-hidden": "true" }, s.team),
        h("span", {}, s.name),
      ),
      h("span", { class: "line" }, ml === null || ml === undefined ? "" : moneyline(ml, implied)),
      h("span", { class: "score", "aria-label": s.score === null ? null : `${s.team} ${s.score}` }, s.score ?? ""),
    );
  };
  const foot = [];
  if (line) {
    if (line.home_spread !== null && line.home_spread !== undefined) {
      foot.push(`Spread ${game.home.team} ${line.home_spread > 0 ? "+" : ""}${num(line.home_spread)}`);
    }
    if (line.total !== null && line.total !== undefined) foot.push(`Total ${num(line.total)}`);
    if (line.home_no_vig_probability !== null && line.home_no_vig_probability !== undefined) {
      foot.push(`No-vig ${game.away.team} ${percent(line.away_no_vig_probability)} · ${game.home.team} ${percent(line.home_no_vig_probability)}`);
    }
  } else {
    foot.push("No odds");
  }
  return h(
    "article",
    { class: "game", "data-game-id": game.game_id, "aria-label": `${game.away.name} at ${game.home.name}` },
    h(
      "div",
      { class: "game-meta" },
      h("time", { datetime: game.tipoff_at }, tipoffTime(game.tipoff_at)),
      h(
        "span",
        {},
        game.season_type !== "regular" ? badge(SEASON_TYPES[game.season_type] || game.season_type, "void") : null,
        " ",
        badge(STATUS_LABELS[game.status] || game.status, game.status),
      ),
    ),
    side(game.away, "away"),
    side(game.home, "home"),
    h("p", { class: "game-foot", style: "margin:0" }, foot.map((f) => h("span", {}, f))),
  );
}
