// Odds of a day: each game's latest moneylines with implied and no-vig probabilities,
// spread and total, and every snapshot of a game on request.

import { api, getAll } from "../api.js";
import { h, mount } from "../dom.js";
import { calendarDate, dateTime, num, odds, percent, tipoffTime } from "../format.js";
import { replaceParams } from "../router.js";
import { badge, empty, errorBox, loading, pageHead, table } from "../ui.js";
import { defaultGameDate, STATUS_LABELS } from "./common.js";
import { dateToolbar } from "./games.js";

export async function render(root, ctx) {
  ctx.setTitle("Odds");
  const body = h("div", {}, loading());
  const toolbarSlot = h("div");
  mount(
    root,
    pageHead(
      "Odds",
      "Moneylines are bookmaker averages. Implied probabilities include the bookmaker's margin; no-vig ones remove it.",
    ),
    toolbarSlot,
    body,
  );

  const date = ctx.params.get("date") || (await defaultGameDate());
  if (!ctx.isCurrent()) return;
  if (!ctx.params.get("date")) replaceParams({ date });
  mount(toolbarSlot, dateToolbar("odds", date));

  let games;
  try {
    games = await getAll("/odds", { date });
  } catch (error) {
    mount(body, errorBox(error));
    return;
  }
  if (!ctx.isCurrent()) return;
  if (!games.length) {
    mount(body, empty(`No games on ${calendarDate(date)}.`));
    return;
  }

  const sideCell = (ml, implied, noVig) =>
    ml === null || ml === undefined
      ? "–"
      : h(
          "span",
          { class: "nowrap" },
          h("strong", {}, odds(ml)),
          h("br"),
          h("span", { class: "muted small" }, `${percent(implied)} · no-vig ${percent(noVig)}`),
        );

  mount(
    body,
    table({
      caption: `Odds for ${calendarDate(date)}`,
      columns: [
        { label: "Tip-off", class: "nowrap", render: (g) => h("time", { datetime: g.tipoff_at }, tipoffTime(g.tipoff_at)) },
        { label: "Game", class: "nowrap", render: (g) => h("span", {}, h("a", { href: `#/teams/${g.away_team}` }, g.away_team), " at ", h("a", { href: `#/teams/${g.home_team}` }, g.home_team)) },
        { label: "Status", render: (g) => badge(STATUS_LABELS[g.status] || g.status, g.status) },
        { label: "Away ML", render: (g) => sideCell(g.odds?.away_moneyline, g.odds?.away_implied_probability, g.odds?.away_no_vig_probability), num: true },
        { label: "Home ML", render: (g) => sideCell(g.odds?.home_moneyline, g.odds?.home_implied_probability, g.odds?.home_no_vig_probability), num: true },
        { label: "Spread", render: (g) => (g.odds?.home_spread === null || g.odds?.home_spread === undefined ? "–" : `${g.home_team} ${g.odds.home_spread > 0 ? "+" : ""}${num(g.odds.home_spread)}`), num: true },
        { label: "Total", render: (g) => num(g.odds?.total), num: true },
        { label: "Snapshots", render: (g) => snapshots(g) },
      ],
      rows: games,
    }),
  );
}

/** A disclosure that loads every odds snapshot of a game when opened. */
function snapshots(game) {
  const content = h("div");
  let loaded = false;
  const details = h(
    "details",
    {
      ontoggle: async () => {
        if (!details.open || loaded) return;
        loaded = true;
        mount(content, loading());
        try {
          const page = await api.get(`/games/${encodeURIComponent(game.game_id)}/odds`, { limit: 100 });
          mount(
            content,
            page.items.length
              ? h(
                  "ul",
                  { class: "snapshots" },
                  page.items.map((o) =>
                    h("li", {}, `${dateTime(o.captured_at)} (${o.source}): ${game.away_team} ${odds(o.away_moneyline)}, ${game.home_team} ${odds(o.home_moneyline)}`),
                  ),
                )
              : h("p", { class: "muted" }, "No snapshots."),
          );
        } catch (error) {
          loaded = false;
          mount(content, errorBox(error));
        }
      },
    },
    h("summary", {}, "History", h("span", { class: "visually-hidden" }, ` of ${game.away_team} at ${game.home_team}`)),
    content,
  );
  return details;
}
