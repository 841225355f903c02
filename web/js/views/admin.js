// The admin dashboard (role Admin only): overview, feature flags, settings, users,
// results runs and the audit log. The API enforces the role; this page only hides
// itself from others.

import { api, fieldErrorsOf } from "../api.js";
import { field, h, mount, setFieldError, uid } from "../dom.js";
import { dateTime, money, signedMoney } from "../format.js";
import { navigate, replaceParams } from "../router.js";
import { isAdmin, isSignedIn, loadFlags, loadUser, state } from "../session.js";
import { badge, empty, errorBox, loading, notice, pageHead, table, toast } from "../ui.js";

const TABS = [
  { id: "overview", label: "Overview", render: renderOverview },
  { id: "flags", label: "Feature flags", render: renderFlags },
  { id: "settings", label: "Settings", render: renderSettings },
  { id: "users", label: "Users", render: renderUsers },
  { id: "results", label: "Results", render: renderResults },
  { id: "audit", label: "Audit log", render: renderAudit },
];

export async function render(root, ctx) {
  ctx.setTitle("Admin");
  if (!isSignedIn()) {
    navigate("login", { next: "admin" });
    return;
  }
  if (!state.user) await loadUser();
  if (!isAdmin()) {
    mount(
      root,
      h("h1", { tabindex: "-1" }, "Admin"),
      notice("This page is for administrators. Your account does not have the Admin role.", "warn"),
    );
    return;
  }

  let current = TABS.find((t) => t.id === ctx.params.get("tab")) || TABS[0];
  const panel = h("div", { role: "tabpanel", id: "admin-panel", tabindex: "0" });
  const buttons = TABS.map((tab) =>
    h(
      "button",
      {
        type: "button",
        role: "tab",
        id: `tab-${tab.id}`,
        "aria-controls": "admin-panel",
        "aria-selected": String(tab === current),
        tabindex: tab === current ? "0" : "-1",
        onclick: () => select(tab, false),
      },
      tab.label,
    ),
  );
  const tablist = h(
    "div",
    {
      class: "tabs",
      role: "tablist",
      "aria-label": "Admin sections",
      onkeydown: (event) => {
        const index = TABS.indexOf(current);
        const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: TABS.length - 1 - index };
        if (!(event.key in moves)) return;
        event.preventDefault();
        const next = TABS[(index + moves[event.key] + TABS.length) % TABS.length];
        select(next, true);
      },
    },
    buttons,
  );

  function select(tab, focus) {
    current = tab;
    buttons.forEach((b, i) => {
      const on = TABS[i] === tab;
      b.setAttribute("aria-selected", String(on));
      b.tabIndex = on ? 0 : -1;
    });
    if (focus) buttons[TABS.indexOf(tab)].focus();
    panel.setAttribute("aria-labelledby", `tab-${tab.id}`);
    replaceParams({ tab: tab.id });
    tab.render(panel);
  }

  mount(root, pageHead("Admin", "Project-wide settings and features. Every change is audited."), tablist, panel);
  select(current, false);
}

// ------------------------------------------------------------------------ overview

async function renderOverview(panel) {
  mount(panel, loading());
  let o;
  try {
    o = await api.get("/admin/overview");
  } catch (error) {
    mount(panel, errorBox(error));
    return;
  }
  const stat = (label, value) => h("div", { class: "stat" }, h("dt", {}, label), h("dd", {}, value));
  const run = o.last_results_run;
  const latest = o.data?.latest_final_game;
  mount(
    panel,
    h("h2", {}, "Users"),
    h(
      "dl",
      { class: "stats" },
      stat("Total", o.users.total),
      stat("New this week", o.users.new_this_week),
      stat("Admins", o.users.admins),
      stat("Disabled", o.users.disabled),
    ),
    h("h2", {}, "Bets"),
    h(
      "dl",
      { class: "stats" },
      stat("Open", o.bets.open),
      stat("Open stake", money(o.bets.open_stake)),
      stat("Settled", o.bets.settled),
      stat("Cancelled", o.bets.cancelled),
      stat("Volume", money(o.bets.volume)),
    ),
    h(
      "div",
      { class: "grid-2" },
      h(
        "section",
        { class: "card", "aria-labelledby": "ov-data" },
        h("h2", { id: "ov-data", style: "margin-top:0" }, "Data freshness"),
        h(
          "dl",
          { class: "kv" },
          h("dt", {}, "Latest final game"),
          h("dd", {}, latest ? `${latest.away_team} at ${latest.home_team}, ${dateTime(latest.tipoff_at)}` : "–"),
          h("dt", {}, "Last scheduled tip-off"),
          h("dd", {}, dateTime(o.data?.last_scheduled_tipoff)),
          h("dt", {}, "Games updated"),
          h("dd", {}, dateTime(o.data?.games_updated_at)),
          h("dt", {}, "Latest odds captured"),
          h("dd", {}, dateTime(o.data?.latest_odds_captured_at)),
          h("dt", {}, "Staged results pending"),
          h("dd", {}, String(o.data?.staged_results_pending ?? "–")),
        ),
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "ov-run" },
        h("h2", { id: "ov-run", style: "margin-top:0" }, "Last results run"),
        run
          ? h(
              "dl",
              { class: "kv" },
              h("dt", {}, "Started"),
              h("dd", {}, dateTime(run.started_at)),
              h("dt", {}, "Trigger"),
              h("dd", {}, `${run.trigger}${run.triggered_by ? ` by ${run.triggered_by}` : ""}`),
              h("dt", {}, "Games finalised"),
              h("dd", {}, String(run.games_finalised)),
              h("dt", {}, "Bets settled"),
              h("dd", {}, String(run.bets_settled)),
              h("dt", {}, "Duration"),
              h("dd", {}, run.duration_ms === null ? "–" : `${run.duration_ms} ms`),
            )
          : h("p", { class: "muted" }, "No run yet."),
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "ov-flags" },
        h("h2", { id: "ov-flags", style: "margin-top:0" }, "Flags"),
        h(
          "ul",
          { style: "margin:0;padding-left:1.2rem" },
          (o.flags || []).map((f) => h("li", {}, `${f.name}: `, badge(f.enabled ? "on" : "off", f.enabled ? "enabled" : "disabled"))),
        ),
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "ov-settings" },
        h("h2", { id: "ov-settings", style: "margin-top:0" }, "Settings"),
        h(
          "dl",
          { class: "kv" },
          Object.entries(o.settings || {}).map(([k, v]) => [h("dt", {}, humanize(k)), h("dd", {}, String(v))]),
        ),
      ),
    ),
  );
}

// --------------------------------------------------------------------- feature flags

async function renderFlags(panel) {
  const alertArea = h("div");
  const list = h("div", {}, loading());
  const nameField = field({ label: "Name", name: "name", placeholder: "lowercase-name", autocomplete: "off" });
  const descField = field({ label: "Description", name: "description", autocomplete: "off" });
  const enabledId = uid("enabled");
  const enabledBox = h("input", { type: "checkbox", id: enabledId, name: "enabled" });
  const createForm = h(
    "form",
    {
      class: "card",
      "aria-labelledby": "flag-create-title",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        setFieldError(nameField, "");
        setFieldError(descField, "");
        mount(alertArea);
        try {
          const flag = await api.post("/admin/feature-flags", {
            name: nameField.input.value.trim(),
            description: descField.input.value.trim(),
            enabled: enabledBox.checked,
          });
          toast(`Flag ${flag.name} created.`);
          nameField.input.value = "";
          descField.input.value = "";
          enabledBox.checked = false;
          await refresh();
          await loadFlags();
        } catch (error) {
          const fields = fieldErrorsOf(error);
          if (fields.name || error.status === 409) setFieldError(nameField, fields.name || error.message);
          if (fields.description) setFieldError(descField, fields.description);
          mount(alertArea, errorBox(error));
        }
      },
    },
    h("h2", { id: "flag-create-title", style: "margin-top:0" }, "Add a flag"),
    h("div", { class: "toolbar" }, nameField.wrapper, descField.wrapper,
      h("div", { class: "field" }, h("label", { class: "switch", for: enabledId }, enabledBox, "Enabled")),
      h("button", { type: "submit", class: "primary" }, "Add flag")),
  );

  async function refresh() {
    let flags;
    try {
      flags = await api.get("/admin/feature-flags");
    } catch (error) {
      mount(list, errorBox(error));
      return;
    }
    mount(
      list,
      table({
        caption: "Feature flags",
        columns: [
          { label: "Name", render: (f) => h("code", {}, f.name) },
          { label: "Description", key: "description" },
          {
            label: "Enabled",
            render: (f) => {
              const id = uid("flag");
              const box = h("input", {
                type: "checkbox",
                id,
                checked: f.enabled,
                "data-flag": f.name,
                onchange: async () => {
                  box.disabled = true;
                  mount(alertArea);
                  try {
                    const updated = await api.patch(`/admin/feature-flags/${encodeURIComponent(f.name)}`, { enabled: box.checked });
                    toast(`${updated.name} is now ${updated.enabled ? "on" : "off"}.`);
                    await loadFlags();
                    await refresh();
                  } catch (error) {
                    box.checked = !box.checked;
                    mount(alertArea, errorBox(error));
                  } finally {
                    box.disabled = false;
                  }
                },
              });
              return h("label", { class: "switch", for: id }, box, h("span", {}, f.enabled ? "On" : "Off"), h("span", { class: "visually-hidden" }, ` ${f.name}`));
            },
          },
          { label: "Kind", render: (f) => (f.builtin ? badge("built-in", "admin") : badge("added", "open")) },
          { label: "Updated", render: (f) => (f.updated_at ? `${dateTime(f.updated_at)}${f.updated_by ? ` by ${f.updated_by}` : ""}` : "–"), hideSm: true },
          {
            label: "Actions",
            render: (f) =>
              f.builtin
                ? h("span", { class: "muted small" }, "Cannot be deleted")
                : h(
                    "button",
                    {
                      type: "button",
                      class: "small danger",
                      "aria-label": `Delete flag ${f.name}`,
                      onclick: async () => {
                        if (!window.confirm(`Delete the flag ${f.name}?`)) return;
                        mount(alertArea);
                        try {
                          await api.del(`/admin/feature-flags/${encodeURIComponent(f.name)}`);
                          toast(`Flag ${f.name} deleted.`);
                          await refresh();
                          await loadFlags();
                        } catch (error) {
                          mount(alertArea, errorBox(error));
                        }
                      },
                    },
                    "Delete",
                  ),
          },
        ],
        rows: flags,
      }),
    );
  }

  mount(panel, alertArea, list, h("div", { style: "margin-top:1rem" }, createForm));
  await refresh();
}

// ---------------------------------------------------------------------------- settings

function humanize(name) {
  const text = name.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function renderSettings(panel) {
  mount(panel, loading());
  let view;
  try {
    view = await api.get("/admin/settings");
  } catch (error) {
    mount(panel, errorBox(error));
    return;
  }
  const alertArea = h("div");
  const inputs = {};

  function rangeText(f) {
    const parts = [];
    if (f.minimum !== null && f.minimum !== undefined) parts.push(`${f.exclusive_minimum ? "over" : "at least"} ${f.minimum}`);
    if (f.maximum !== null && f.maximum !== undefined) parts.push(`at most ${f.maximum}`);
    return parts.join(", ");
  }

  const rows = view.fields.map((f) => {
    const value = view.values[f.name];
    const hint = [f.description, rangeText(f), `default ${view.defaults[f.name]}`].filter(Boolean).join(" · ");
    const input = field({
      label: humanize(f.name),
      name: f.name,
      type: "number",
      value: String(value),
      step: f.type === "money" ? "0.01" : "1",
      inputmode: f.type === "money" ? "decimal" : "numeric",
      hint,
    });
    inputs[f.name] = input;
    const restore = f.overridden
      ? h(
          "button",
          {
            type: "button",
            class: "small",
            "aria-label": `Restore the default of ${humanize(f.name)}`,
            onclick: () => save({ [f.name]: null }),
          },
          "Restore default",
        )
      : null;
    return h(
      "div",
      { class: "setting" },
      input.wrapper,
      h(
        "p",
        { class: "small muted", style: "margin:-.5rem 0 .85rem" },
        f.overridden ? `Changed${f.updated_by ? ` by ${f.updated_by}` : ""}${f.updated_at ? ` on ${dateTime(f.updated_at)}` : ""}. ` : "Default value. ",
        restore,
      ),
    );
  });

  async function save(changes) {
    for (const f of Object.values(inputs)) setFieldError(f, "");
    mount(alertArea);
    if (!Object.keys(changes).length) {
      mount(alertArea, notice("Nothing changed."));
      return;
    }
    try {
      await api.put("/admin/settings", changes);
      toast("Settings saved.");
      await renderSettings(panel);
      panel.querySelector(".alert-slot")?.append(notice(`Saved: ${Object.keys(changes).map(humanize).join(", ")}.`, "success"));
    } catch (error) {
      const fields = fieldErrorsOf(error);
      let first = null;
      for (const [name, message] of Object.entries(fields)) {
        if (inputs[name]) {
          setFieldError(inputs[name], message);
          first = first || inputs[name].input;
        }
      }
      mount(alertArea, errorBox(error, { title: "The settings were not saved" }));
      (first || alertArea).focus?.();
    }
  }

  const form = h(
    "form",
    {
      class: "card",
      novalidate: true,
      "aria-labelledby": "settings-title",
      onsubmit: (event) => {
        event.preventDefault();
        const changes = {};
        for (const f of view.fields) {
          const raw = inputs[f.name].input.value.trim();
          if (raw === String(view.values[f.name])) continue;
          if (raw === "") {
            changes[f.name] = raw;
            continue;
          }
          const n = Number(raw);
          // Money goes as a string so no float rounding happens on the way; bad input is
          // sent as typed so the server names it.
          changes[f.name] = f.type === "money" ? raw : Number.isFinite(n) ? n : raw;
        }
        save(changes);
      },
    },
    h("h2", { id: "settings-title", style: "margin-top:0" }, "Project settings"),
    h("p", { class: "muted" }, "Changes apply across the service within 30 seconds."),
    h("div", { class: "alert-slot" }),
    alertArea,
    h("div", { class: "grid-2" }, rows),
    h("div", { class: "form-actions" }, h("button", { type: "submit", class: "primary" }, "Save settings")),
  );
  mount(panel, form);
}

// ------------------------------------------------------------------------------ users

async function renderUsers(panel) {
  const alertArea = h("div");
  const q = field({ label: "Search", name: "q", type: "search", placeholder: "Username or email", autocomplete: "off" });
  const role = field({ label: "Role", name: "role", options: [{ value: "", label: "Any" }, { value: "Admin", label: "Admin" }, { value: "Consumer", label: "Consumer" }] });
  const disabled = field({ label: "Status", name: "disabled", options: [{ value: "", label: "Any" }, { value: "false", label: "Active" }, { value: "true", label: "Disabled" }] });
  const list = h("div", {}, loading());
  const more = h("div", { class: "form-actions" });
  let rows = [];

  async function fetchPage(cursor) {
    mount(alertArea);
    try {
      const page = await api.get("/admin/users", {
        q: q.input.value.trim(),
        role: role.input.value,
        disabled: disabled.input.value,
        cursor,
        limit: 50,
      });
      rows = cursor ? rows.concat(page.items) : page.items;
      draw();
      mount(
        more,
        page.next_cursor ? h("button", { type: "button", onclick: () => fetchPage(page.next_cursor) }, "Load more users") : null,
      );
    } catch (error) {
      mount(list, errorBox(error));
    }
  }

  async function change(user, patch, control) {
    control.disabled = true;
    mount(alertArea);
    try {
      const updated = await api.patch(`/admin/users/${encodeURIComponent(user.user_id)}`, patch);
      rows = rows.map((r) => (r.user_id === updated.user_id ? updated : r));
      toast(`${updated.username}: ${updated.role}, ${updated.disabled ? "disabled" : "active"}.`);
      draw();
    } catch (error) {
      mount(alertArea, errorBox(error, { title: `Could not change ${user.username}` }));
      draw();
    }
  }

  function draw() {
    if (!rows.length) {
      mount(list, empty("No users match."));
      return;
    }
    mount(
      list,
      table({
        caption: "Users",
        columns: [
          { label: "Username", render: (u) => h("strong", {}, u.username) },
          { label: "Email", render: (u) => u.email || "–", hideSm: true },
          {
            label: "Role",
            render: (u) => {
              const id = uid("role");
              const select = h(
                "select",
                { id, "aria-label": `Role of ${u.username}`, "data-user": u.username, onchange: () => change(u, { role: select.value }, select) },
                ["Consumer", "Admin"].map((r) => h("option", { value: r, selected: r === u.role }, r)),
              );
              return select;
            },
          },
          {
            label: "Access",
            render: (u) => {
              const id = uid("disabled");
              const box = h("input", {
                type: "checkbox",
                id,
                checked: u.disabled,
                onchange: () => change(u, { disabled: box.checked }, box),
              });
              return h("label", { class: "switch", for: id }, box, u.disabled ? "Disabled" : "Active", h("span", { class: "visually-hidden" }, ` (${u.username})`));
            },
          },
          { label: "Bets", key: "bet_count", num: true },
          { label: "Profit", render: (u) => h("span", { class: Number(u.profit) > 0 ? "pos" : Number(u.profit) < 0 ? "neg" : "" }, signedMoney(u.profit)), num: true },
          { label: "Balance", render: (u) => money(u.balance), num: true },
          { label: "Joined", render: (u) => dateTime(u.created_at), hideSm: true },
        ],
        rows,
      }),
    );
  }

  const form = h(
    "form",
    { class: "toolbar", "aria-label": "Filter users", onsubmit: (e) => { e.preventDefault(); fetchPage(null); } },
    q.wrapper,
    role.wrapper,
    disabled.wrapper,
    h("button", { type: "submit" }, "Filter"),
  );
  role.input.addEventListener("change", () => fetchPage(null));
  disabled.input.addEventListener("change", () => fetchPage(null));
  mount(panel, form, alertArea, list, more);
  await fetchPage(null);
}

// ---------------------------------------------------------------------------- results

async function renderResults(panel) {
  const outcomeArea = h("div");
  const runsArea = h("div", {}, loading());
  const runButton = h(
    "button",
    {
      type: "button",
      class: "primary",
      onclick: async () => {
        runButton.disabled = true;
        mount(outcomeArea, loading("Processing results…"));
        try {
          const outcome = await api.post("/admin/results/run");
          const report = outcome.report || {};
          mount(
            outcomeArea,
            h(
              "div",
              { class: "alert success", role: "status" },
              h("p", {}, h("strong", {}, "Results processed"), ` (${outcome.ran_in}).`),
              h(
                "dl",
                { class: "kv", style: "margin-top:.5rem" },
                Object.entries(report)
                  .filter(([, v]) => v === null || typeof v !== "object")
                  .map(([k, v]) => [
                    h("dt", {}, humanize(k)),
                    h("dd", {}, k.endsWith("_at") && v ? dateTime(v) : String(v ?? "–")),
                  ]),
              ),
            ),
          );
          await drawRuns();
        } catch (error) {
          mount(outcomeArea, errorBox(error));
        } finally {
          runButton.disabled = false;
        }
      },
    },
    "Run results now",
  );

  async function drawRuns() {
    try {
      const page = await api.get("/admin/results/runs", { limit: 50 });
      mount(
        runsArea,
        page.items.length
          ? table({
              caption: "Results runs",
              columns: [
                { label: "Run", key: "run_id", num: true },
                { label: "Started", render: (r) => dateTime(r.started_at) },
                { label: "Trigger", render: (r) => `${r.trigger}${r.triggered_by ? ` (${r.triggered_by})` : ""}` },
                { label: "Games finalised", key: "games_finalised", num: true },
                { label: "Bets settled", key: "bets_settled", num: true },
                { label: "Duration", render: (r) => (r.duration_ms === null ? "–" : `${r.duration_ms} ms`), num: true },
              ],
              rows: page.items,
            })
          : empty("No results run yet."),
      );
    } catch (error) {
      mount(runsArea, errorBox(error));
    }
  }

  mount(
    panel,
    h(
      "div",
      { class: "card" },
      h("p", { style: "margin-top:0" }, "Results processing moves staged final scores onto games and settles every pending bet of finished games. It also runs on a schedule."),
      runButton,
    ),
    h("div", { style: "margin-top:1rem" }, outcomeArea),
    runsArea,
  );
  await drawRuns();
}

// ------------------------------------------------------------------------------ audit

async function renderAudit(panel) {
  const actor = field({ label: "Actor", name: "actor", placeholder: "Username", autocomplete: "off" });
  const kind = field({ label: "Kind", name: "kind", placeholder: "flag, settings.update", autocomplete: "off" });
  const list = h("div", {}, loading());
  const more = h("div", { class: "form-actions" });
  let rows = [];

  const json = (value) => (value === null || value === undefined ? "–" : h("pre", { class: "json" }, JSON.stringify(value, null, 1)));

  async function fetchPage(cursor) {
    try {
      const page = await api.get("/admin/audit", { actor: actor.input.value.trim(), kind: kind.input.value.trim(), cursor, limit: 50 });
      rows = cursor ? rows.concat(page.items) : page.items;
      mount(
        list,
        rows.length
          ? table({
              caption: "Audit log",
              columns: [
                { label: "When", render: (r) => dateTime(r.created_at) },
                { label: "Actor", key: "actor" },
                { label: "Kind", render: (r) => h("code", {}, r.kind) },
                { label: "Target", render: (r) => r.target || "–" },
                { label: "Before", render: (r) => json(r.before) },
                { label: "After", render: (r) => json(r.after) },
              ],
              rows,
            })
          : empty("No audit entries match."),
      );
      mount(more, page.next_cursor ? h("button", { type: "button", onclick: () => fetchPage(page.next_cursor) }, "Load more entries") : null);
    } catch (error) {
      mount(list, errorBox(error));
    }
  }

  mount(
    panel,
    h("form", { class: "toolbar", "aria-label": "Filter the audit log", onsubmit: (e) => { e.preventDefault(); fetchPage(null); } }, actor.wrapper, kind.wrapper, h("button", { type: "submit" }, "Filter")),
    list,
    more,
  );
  await fetchPage(null);
}
