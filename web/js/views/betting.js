// Betting: games open for betting with their moneylines, a bet slip per game (pick,
// stake, potential payout), cancelling before tip-off, and the balance.

import { api } from "../api.js";
import { h, mount, uid } from "../dom.js";
import { calendarDate, dateTime, money, odds, percent, potentialProfit, tipoffTime, untilText } from "../format.js";
import { navigate } from "../router.js";
import { featureOn, isSignedIn, loadUser, setBalance, state } from "../session.js";
import { badge, empty, errorBox, loading, notice, pageHead, toast } from "../ui.js";
import { teamsByAbbr } from "./common.js";

export async function render(root, ctx) {
  ctx.setTitle("Bet");
  if (!isSignedIn()) {
    navigate("login", { next: "bet" });
    return;
  }
  if (!state.user) await loadUser();

  const balance = h("strong", { "data-testid": "bet-balance" }, money(state.user?.balance));
  const list = h("div", {}, loading());
  const more = h("div", { class: "form-actions" });
  mount(
    root,
    pageHead(
      "Bet on upcoming games",
      h("span", {}, "Your balance: ", balance, ". Odds are locked when you place a bet; betting closes at tip-off."),
    ),
    featureOn("betting")
      ? null
      : notice("Betting is paused at the moment. You can still cancel open bets from My bets.", "warn"),
    list,
    more,
  );
  const updateBalance = (value) => {
    setBalance(value);
    balance.textContent = money(value);
  };

  const teams = await teamsByAbbr();
  const teamName = (abbr) => teams.get(abbr)?.name || abbr;
  let games = [];
  async function fetchPage(cursor) {
    try {
      const page = await api.get("/bets/open", { cursor, limit: 50 });
      games = cursor ? games.concat(page.items) : page.items;
      draw();
      mount(more, page.next_cursor ? h("button", { type: "button", onclick: () => fetchPage(page.next_cursor) }, "Show later games") : null);
    } catch (error) {
      mount(list, errorBox(error));
    }
  }

  function draw() {
    if (!games.length) {
      mount(list, empty("No games are open for betting right now. Check back when new odds arrive."));
      return;
    }
    const byDate = new Map();
    for (const game of games) {
      const key = game.game_date;
      if (!byDate.has(key)) byDate.set(key, []);
      byDate.get(key).push(game);
    }
    mount(
      list,
      [...byDate.entries()].map(([day, dayGames]) =>
        h(
          "section",
          { "aria-label": calendarDate(day) },
          h("h2", {}, calendarDate(day)),
          h("div", { class: "games" }, dayGames.map((g) => betCard(g, teamName, updateBalance, () => fetchPage(null)))),
        ),
      ),
    );
  }

  await fetchPage(null);
}

/** One open game with its bet slip (or the caller's existing bet). */
function betCard(game, teamName, updateBalance, reload) {
  const away = teamName(game.away_team);
  const home = teamName(game.home_team);
  const card = h("article", { class: "game", "data-game-id": game.game_id, "aria-label": `${away} at ${home}` });
  const alertArea = h("div");
  const sides = [
    { team: game.away_team, line: game.odds.away_moneyline, prob: game.odds.away_implied_probability, where: "Away" },
    { team: game.home_team, line: game.odds.home_moneyline, prob: game.odds.home_implied_probability, where: "Home" },
  ];
  const head = h(
    "div",
    { class: "game-meta" },
    h("span", {}, h("time", { datetime: game.tipoff_at }, tipoffTime(game.tipoff_at)), " · ", untilText(game.tipoff_at)),
    game.season_type !== "regular" ? badge(game.season_type.replace("_", " "), "open") : badge("Open", "open"),
  );
  const title = h("h3", { style: "margin:0" }, `${away} at ${home}`);

  if (game.my_bet) {
    const bet = game.my_bet;
    mount(
      card,
      head,
      title,
      alertArea,
      h(
        "p",
        { style: "margin:0" },
        "Your bet: ",
        h("strong", {}, `${bet.pick} ${money(bet.stake)} at ${odds(bet.odds)}`),
        `, pays ${money(bet.potential_payout)} if ${bet.pick} wins.`,
      ),
      h(
        "div",
        { class: "form-actions" },
        h(
          "button",
          {
            type: "button",
            class: "danger",
            onclick: async (event) => {
              event.currentTarget.disabled = true;
              try {
                const answer = await api.del(`/bets/${encodeURIComponent(bet.bet_id)}`);
                updateBalance(answer.balance);
                toast(`Bet cancelled: ${money(answer.refund)} refunded.`);
                reload();
              } catch (error) {
                mount(alertArea, errorBox(error));
                event.currentTarget.disabled = false;
              }
            },
          },
          "Cancel bet",
        ),
        h("span", { class: "muted small" }, `Closes ${dateTime(game.betting_closes_at)}`),
      ),
    );
    return card;
  }

  let pick = null;
  const stakeId = uid("stake");
  const stake = h("input", {
    id: stakeId,
    name: "stake",
    type: "number",
    inputmode: "decimal",
    min: "0.01",
    step: "0.01",
    placeholder: "10.00",
    "aria-describedby": `${stakeId}-payout`,
  });
  const payout = h("p", { class: "small muted", id: `${stakeId}-payout`, "aria-live": "polite", style: "margin:0" }, "Pick a side and a stake to see the payout.");
  const submit = h("button", { type: "submit", class: "primary", disabled: !featureOn("betting") }, "Place bet");

  const pickButtons = sides.map((side) =>
    h(
      "button",
      {
        type: "button",
        class: "pick",
        "aria-pressed": "false",
        "data-pick": side.team,
        onclick: () => {
          pick = side;
          pickButtons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.pick === side.team)));
          updatePayout();
        },
      },
      h("span", {}, `${side.where} ${side.team}`),
      h("strong", {}, odds(side.line)),
      h("span", { class: "small" }, percent(side.prob)),
    ),
  );

  function updatePayout() {
    const profit = pick ? potentialProfit(stake.value, pick.line) : null;
    if (!pick || profit === null) {
      payout.textContent = pick ? `Enter a stake to bet on ${pick.team} at ${odds(pick.line)}.` : "Pick a side and a stake to see the payout.";
      return;
    }
    const total = Math.round((Number(stake.value) + profit) * 100) / 100;
    payout.textContent = `${pick.team} at ${odds(pick.line)}: a win pays ${money(total)} (profit ${money(profit)}).`;
  }
  stake.addEventListener("input", updatePayout);

  const form = h(
    "form",
    {
      novalidate: true,
      "aria-label": `Bet on ${away} at ${home}`,
      onsubmit: async (event) => {
        event.preventDefault();
        mount(alertArea);
        if (!pick) {
          mount(alertArea, notice("Pick a team first.", "error"));
          return;
        }
        if (!stake.value) {
          mount(alertArea, notice("Enter a stake.", "error"));
          stake.focus();
          return;
        }
        submit.disabled = true;
        try {
          const answer = await api.post("/bets", { game_id: game.game_id, pick: pick.team, stake: stake.value });
          updateBalance(answer.balance);
          toast(`Bet placed: ${answer.bet.pick} ${money(answer.bet.stake)} at ${odds(answer.bet.odds)}, pays ${money(answer.bet.potential_payout)}.`);
          reload();
        } catch (error) {
          mount(alertArea, errorBox(error, { title: "The bet was not placed" }));
          submit.disabled = !featureOn("betting");
        }
      },
    },
    h("div", { class: "pick-row", role: "group", "aria-label": "Pick a team" }, pickButtons),
    h(
      "div",
      { class: "stake-row" },
      h("label", { for: stakeId }, "Stake"),
      stake,
      submit,
    ),
    payout,
  );

  mount(card, head, title, alertArea, form, h("p", { class: "game-foot", style: "margin:0" }, `Odds: ${game.odds.source}, ${dateTime(game.odds.captured_at)}`));
  return card;
}
