// My bets: the summary (record, accuracy, profit, ROI, streak), the cumulative profit
// chart, a per-team breakdown, the filtered history, and the CSV export.

import { api, download } from "../api.js";
import { field, h, mount } from "../dom.js";
import { calendarDate, dateTime, money, odds, percent, signedMoney, signedPercent } from "../format.js";
import { profitChart } from "../chart.js";
import { navigate, replaceParams } from "../router.js";
import { isSignedIn, setBalance } from "../session.js";
import { badge, empty, errorBox, loading, pageHead, table, toast } from "../ui.js";
import { knownSeasons } from "./common.js";

const STATUSES = [
  { value: "", label: "Any status" },
  { value: "pending", label: "Pending" },
  { value: "won", label: "Won" },
  { value: "lost", label: "Lost" },
  { value: "void", label: "Void" },
  { value: "cancelled", label: "Cancelled" },
];

export async function render(root, ctx) {
  ctx.setTitle("My bets");
  if (!isSignedIn()) {
    navigate("login", { next: "my-bets" });
    return;
  }

  const summaryArea = h("div", {}, loading());
  const historyArea = h("div", {}, loading());
  const more = h("div", { class: "form-actions" });
  const exportStatus = h("span", { class: "muted small", role: "status" });
  const exportButton = h(
    "button",
    {
      type: "button",
      onclick: async () => {
        exportButton.disabled = true;
        mount(exportStatus, "Preparing the CSV…");
        try {
          const name = await download("/bets/export.csv", "courtside-bets.csv");
          mount(exportStatus, `Downloaded ${name}.`);
        } catch (error) {
          mount(exportStatus, errorBox(error));
        } finally {
          exportButton.disabled = false;
        }
      },
    },
    "Export CSV",
  );

  const p = ctx.params;
  const filters = {
    status: field({ label: "Status", name: "status", value: p.get("status") || "", options: STATUSES }),
    season: field({
      label: "Season",
      name: "season",
      value: p.get("season") || "",
      options: [{ value: "", label: "All seasons" }, ...knownSeasons(p.get("season")).map((s) => ({ value: s, label: s }))],
    }),
    from: field({ label: "Placed from", name: "from", type: "date", value: p.get("from") || "" }),
    to: field({ label: "Placed to", name: "to", type: "date", value: p.get("to") || "" }),
  };
  const filterValues = () => Object.fromEntries(Object.entries(filters).map(([k, f]) => [k, f.input.value]));
  const filterForm = h(
    "form",
    {
      class: "toolbar",
      "aria-label": "Filter your bets",
      onsubmit: (event) => {
        event.preventDefault();
        refreshHistory();
      },
    },
    Object.values(filters).map((f) => f.wrapper),
    h("button", { type: "submit" }, "Apply"),
  );
  for (const f of Object.values(filters)) f.input.addEventListener("change", () => refreshHistory());

  mount(
    root,
    pageHead("My bets", "Your simulated betting record.", exportButton, exportStatus),
    summaryArea,
    h("h2", {}, "History"),
    filterForm,
    historyArea,
    more,
  );

  let rows = [];
  async function fetchPage(cursor) {
    const values = filterValues();
    if (!cursor) replaceParams(values);
    try {
      const page = await api.get("/bets", { ...values, cursor, limit: 50 });
      rows = cursor ? rows.concat(page.items) : page.items;
      drawHistory();
      mount(more, page.next_cursor ? h("button", { type: "button", onclick: () => fetchPage(page.next_cursor) }, "Load more bets") : null);
    } catch (error) {
      mount(historyArea, errorBox(error));
      mount(more);
    }
  }
  function refreshHistory() {
    mount(historyArea, loading());
    return fetchPage(null);
  }

  async function cancel(bet, button) {
    button.disabled = true;
    try {
      const answer = await api.del(`/bets/${encodeURIComponent(bet.bet_id)}`);
      setBalance(answer.balance);
      toast(`Bet cancelled: ${money(answer.refund)} refunded.`);
      await Promise.all([refreshHistory(), loadSummary()]);
    } catch (error) {
      button.disabled = false;
      historyArea.prepend(errorBox(error, { title: "The bet was not cancelled" }));
    }
  }

  function drawHistory() {
    if (!rows.length) {
      mount(historyArea, empty("No bets match these filters."));
      return;
    }
    const now = Date.now();
    mount(
      historyArea,
      table({
        caption: "Your bets",
        columns: [
          { label: "Placed", render: (b) => dateTime(b.placed_at) },
          {
            label: "Game",
            render: (b) =>
              h(
                "span",
                {},
                `${b.game.away_team} at ${b.game.home_team}`,
                h("br"),
                h("span", { class: "muted small" }, calendarDate(b.game.game_date), b.game.status === "final" ? ` · ${b.game.away_score}-${b.game.home_score}` : ""),
              ),
          },
          { label: "Pick", render: (b) => h("strong", {}, b.pick) },
          { label: "Odds", render: (b) => odds(b.odds), num: true },
          { label: "Stake", render: (b) => money(b.stake), num: true },
          { label: "Status", render: (b) => badge(b.status) },
          {
            label: "Payout",
            render: (b) => (b.status === "pending" ? h("span", { class: "muted" }, `pays ${money(b.potential_payout)}`) : money(b.payout)),
            num: true,
          },
          {
            label: "Profit",
            render: (b) => (b.profit === null || b.profit === undefined ? "–" : h("span", { class: Number(b.profit) > 0 ? "pos" : Number(b.profit) < 0 ? "neg" : "" }, signedMoney(b.profit))),
            num: true,
          },
          {
            label: "",
            render: (b) =>
              b.status === "pending" && new Date(b.game.tipoff_at).getTime() > now
                ? h(
                    "button",
                    {
                      type: "button",
                      class: "small danger",
                      "aria-label": `Cancel the bet on ${b.pick} (${b.game.away_team} at ${b.game.home_team})`,
                      onclick: (event) => cancel(b, event.currentTarget),
                    },
                    "Cancel",
                  )
                : "",
          },
        ],
        rows,
      }),
    );
  }

  async function loadSummary() {
    try {
      const summary = await api.get("/bets/summary");
      setBalance(summary.balance);
      mount(summaryArea, summaryView(summary));
    } catch (error) {
      mount(summaryArea, errorBox(error));
    }
  }

  await Promise.all([loadSummary(), refreshHistory()]);
}

function streakText(streak) {
  if (!streak || !streak.result || !streak.length) return "–";
  return `${streak.result === "won" ? "W" : "L"}${streak.length}`;
}

function summaryView(s) {
  const stat = (label, value, cls) => h("div", { class: "stat" }, h("dt", {}, label), h("dd", { class: cls || null }, value));
  const tone = (v) => (Number(v) > 0 ? "pos" : Number(v) < 0 ? "neg" : null);
  const points = (s.daily || []).map((d) => ({ date: d.day, value: Number(d.cumulative_profit) }));
  return h(
    "div",
    {},
    h(
      "dl",
      { class: "stats", "aria-label": "Summary" },
      stat("Balance", money(s.balance)),
      stat("Record", `${s.won}-${s.lost}${s.voided ? ` (${s.voided} void)` : ""}`),
      stat("Accuracy", percent(s.accuracy)),
      stat("Staked", money(s.staked)),
      stat("Profit", signedMoney(s.profit), tone(s.profit)),
      stat("ROI", signedPercent(s.roi), tone(s.roi)),
      stat("Streak", streakText(s.streak)),
      stat("Pending", `${s.pending} · ${money(s.pending_stake)}`),
      s.biggest_win
        ? stat("Biggest win", [signedMoney(s.biggest_win.profit), " ", h("span", { class: "small muted" }, `${s.biggest_win.pick} ${odds(s.biggest_win.odds)}`)], "pos")
        : null,
    ),
    h(
      "div",
      { class: "grid-2" },
      h("section", { class: "card", "aria-labelledby": "chart-title" }, h("h2", { id: "chart-title", style: "margin-top:0" }, "Cumulative profit"), profitChart(points)),
      h(
        "section",
        { "aria-labelledby": "teams-title" },
        h("h2", { id: "teams-title", class: "visually-hidden" }, "By team"),
        s.teams?.length
          ? table({
              caption: "By team picked",
              columns: [
                { label: "Team", key: "team" },
                { label: "W-L", render: (t) => `${t.won}-${t.lost}`, num: true },
                { label: "Accuracy", render: (t) => percent(t.accuracy), num: true },
                { label: "Staked", render: (t) => money(t.staked), num: true },
                { label: "Profit", render: (t) => h("span", { class: tone(t.profit) || "" }, signedMoney(t.profit)), num: true },
                { label: "ROI", render: (t) => signedPercent(t.roi), num: true },
              ],
              rows: s.teams,
            })
          : empty("Settled bets appear here by team."),
      ),
    ),
  );
}
