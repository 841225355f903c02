// Community: what users picked on each game of a day, and the season leaderboard.

import { api, itemsOf } from "../api.js";
import { field, h, mount } from "../dom.js";
import { calendarDate, money, percent, signedMoney, signedPercent, tipoffTime } from "../format.js";
import { navigate } from "../router.js";
import { featureOn, state } from "../session.js";
import { badge, empty, errorBox, loading, notice, pageHead, table } from "../ui.js";
import { defaultGameDate, knownSeasons, STATUS_LABELS } from "./common.js";
import { dateToolbar } from "./games.js";

export async function render(root, ctx) {
  ctx.setTitle("Community");
  const date = ctx.params.get("date") || (await defaultGameDate());
  const season = ctx.params.get("season") || state.latestSeason || "";
  const by = ctx.params.get("by") === "accuracy" ? "accuracy" : "profit";

  const picksArea = h("div", {}, loading());
  const boardArea = h("div", {}, featureOn("leaderboard") ? loading() : null);
  const params = { date, season, by };
  const go = (changes) => navigate("community", { ...params, ...changes });


  mount(
    root,
    pageHead("Community", "What Courtside users picked, and who is doing best."),
    h(
      "section",
      { "aria-labelledby": "picks-title" },
      h("h2", { id: "picks-title" }, "Community picks"),
      dateToolbar("community", date, { season, by }),
      picksArea,
    ),
    featureOn("leaderboard") ? leaderboardSection(boardArea, season, by, go) : null,
  );

  await Promise.all([drawPicks(picksArea, date, ctx), featureOn("leaderboard") ? drawBoard(boardArea, season, by) : null]);
}

async function drawPicks(area, date, ctx) {
  let games;
  try {
    games = itemsOf(await api.get("/games", { date, limit: 100 }));
  } catch (error) {
    mount(area, errorBox(error));
    return;
  }
  if (!games.length) {
    mount(area, empty(`No games on ${calendarDate(date)}.`));
    return;
  }
  const results = await Promise.all(
    games.map((g) => api.get(`/predictions/games/${encodeURIComponent(g.game_id)}`).catch((error) => ({ error }))),
  );
  if (!ctx.isCurrent()) return;
  mount(
    area,
    h(
      "div",
      { class: "games" },
      games.map((game, i) => predictionCard(game, results[i])),
    ),
  );
}

function predictionCard(game, prediction) {
  const away = game.away;
  const home = game.home;
  const card = h("article", { class: "game", "data-game-id": game.game_id, "aria-label": `${away.name} at ${home.name}` });
  const meta = h(
    "div",
    { class: "game-meta" },
    h("time", { datetime: game.tipoff_at }, tipoffTime(game.tipoff_at)),
    badge(STATUS_LABELS[game.status] || game.status, game.status),
  );
  if (prediction.error) {
    mount(card, meta, errorBox(prediction.error));
    return card;
  }
  const picks = (team) =>
    prediction.sides.find((s) => s.team === team) || { users: 0, stake: "0.00", stake_share: null };
  const awayPicks = picks(away.team);
  const homePicks = picks(home.team);
  const row = (side, p) =>
    h(
      "div",
      { class: `game-row${game.winner === side.team ? " winner" : ""}`, "data-team": side.team },
      h(
        "a",
        { class: "team-cell team-name", href: `#/teams/${encodeURIComponent(side.team)}` },
        h("span", { class: "abbr", "aria-hidden": "true" }, side.team),
        h("span", {}, side.name),
      ),
      h("span", { class: "line" }, `${p.users} ${p.users === 1 ? "pick" : "picks"}`),
      h("span", { class: "line" }, money(p.stake), h("br"), h("span", { class: "muted" }, percent(p.stake_share, 0))),
    );
  const awayShare = Number(awayPicks.stake_share ?? 0);
  const homeShare = Number(homePicks.stake_share ?? 0);
  mount(
    card,
    meta,
    row(away, awayPicks),
    row(home, homePicks),
    prediction.users
      ? h(
          "div",
          {
            class: "prob-bar",
            role: "img",
            "aria-label": `Stake share: ${away.team} ${percent(awayShare, 0)}, ${home.team} ${percent(homeShare, 0)}`,
          },
          h("span", { style: `width:${awayShare * 100}%` }),
          h("span", { style: `width:${homeShare * 100}%` }),
        )
      : h("p", { class: "muted small", style: "margin:0" }, "No picks on this game yet."),
    game.status === "final"
      ? h("p", { class: "game-foot", style: "margin:0" }, `Final: ${away.team} ${away.score}, ${home.team} ${home.score}`)
      : null,
  );
  return card;
}

function leaderboardSection(area, season, by, go) {
  const seasons = knownSeasons(season);
  const seasonField = field({ label: "Season", name: "season", value: season, options: seasons.map((s) => ({ value: s, label: s })) });
  seasonField.input.addEventListener("change", () => go({ season: seasonField.input.value }));
  const order = h(
    "div",
    { class: "segmented", role: "group", "aria-label": "Rank by" },
    ["profit", "accuracy"].map((key) =>
      h("button", { type: "button", "aria-pressed": String(key === by), onclick: () => go({ by: key }) }, key === "profit" ? "Profit" : "Accuracy"),
    ),
  );
  return h(
    "section",
    { "aria-labelledby": "board-title" },
    h("h2", { id: "board-title" }, "Leaderboard"),
    h("div", { class: "toolbar" }, seasonField.wrapper, h("div", { class: "field" }, h("span", { class: "label" }, "Rank by"), order)),
    area,
  );
}

async function drawBoard(area, season, by) {
  let rows = [];
  const more = h("div", { class: "form-actions" });
  const list = h("div");
  mount(area, list, more);

  async function fetchPage(cursor) {
    try {
      const page = await api.get("/predictions/leaderboard", { season, by, cursor, limit: 50 });
      rows = cursor ? rows.concat(page.items) : page.items;
      const note = h("p", { class: "muted small" }, `Users with at least ${page.min_bets} settled bets in ${page.season || "the season"}.`);
      mount(
        list,
        rows.length
          ? [
              note,
              table({
                caption: `Leaderboard by ${by}`,
                columns: [
                  { label: "#", key: "rank", num: true },
                  { label: "User", render: (r) => h("strong", {}, r.username) },
                  { label: "W-L", render: (r) => `${r.won}-${r.lost}`, num: true },
                  { label: "Accuracy", render: (r) => percent(r.accuracy), num: true },
                  { label: "Staked", render: (r) => money(r.staked), num: true, hideSm: true },
                  { label: "Profit", render: (r) => h("span", { class: Number(r.profit) > 0 ? "pos" : Number(r.profit) < 0 ? "neg" : "" }, signedMoney(r.profit)), num: true },
                  { label: "ROI", render: (r) => signedPercent(r.roi), num: true },
                ],
                rows,
              }),
            ]
          : [empty("Nobody qualifies for the leaderboard yet."), note],
      );
      mount(more, page.next_cursor ? h("button", { type: "button", onclick: () => fetchPage(page.next_cursor) }, "Show more") : null);
    } catch (error) {
      mount(list, error.status === 404 ? notice("The leaderboard is switched off.", "info") : errorBox(error));
    }
  }
  await fetchPage(null);
}
