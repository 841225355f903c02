// Shared pieces of every page: headings, loading and error states, tables, team links.

import { h, mount } from "./dom.js";
import { seconds } from "./format.js";

/** The page heading block: an h1 (focused after navigation) and an optional subtitle. */
export function pageHead(title, subtitle, ...actions) {
  return h(
    "div",
    { class: "page-head" },
    h("div", {}, h("h1", { tabindex: "-1" }, title), subtitle ? h("p", {}, subtitle) : null),
    actions.length ? h("div", { class: "toolbar" }, actions) : null,
  );
}

export function loading(text = "Loading…") {
  return h("p", { class: "loading", role: "status" }, text);
}

export function empty(text) {
  return h("p", { class: "empty" }, text);
}

/** The words shown for an API error (the server's message). */
export function errorText(error) {
  if (!error) return "";
  return error.message || String(error);
}

/** "You can try again in 14 min 59 s." from a 429's Retry-After, or "". */
export function retryText(error) {
  if (error?.status !== 429 || !error.retryAfter) return "";
  return `You can try again in ${seconds(error.retryAfter)}.`;
}

/** An alert box (role=alert) for an error; lists field errors from a 422 when present. */
export function errorBox(error, { title } = {}) {
  const fields = typeof error?.fieldErrors === "function" ? error.fieldErrors() : {};
  const entries = Object.entries(fields).filter(([, message]) => message !== error.message);
  return h(
    "div",
    { class: "alert error", role: "alert", dataset: { code: error?.code || "" } },
    title ? h("p", {}, h("strong", {}, title)) : null,
    h("p", {}, errorText(error)),
    retryText(error) ? h("p", { class: "retry-after" }, retryText(error)) : null,
    entries.length
      ? h(
          "ul",
          {},
          entries.map(([name, message]) => h("li", {}, `${label(name)}: ${message}`)),
        )
      : null,
  );
}

export function notice(text, kind = "info") {
  return h("div", { class: `alert ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

/** Show a short message at the corner of the screen (announced to screen readers). */
export function toast(text) {
  const area = document.getElementById("toasts");
  if (!area) return;
  const item = h("div", { class: "toast" }, text);
  area.append(item);
  while (area.children.length > 2) area.firstElementChild.remove();
  setTimeout(() => item.remove(), 4000);
}

/**
 * An accessible table. columns: [{ label, key | render(row), num, class, hideSm }].
 * `rowHeader` names the column rendered as <th scope=row>.
 */
export function table({ caption, columns, rows, rowHeader, rowClass, label }) {
  const head = h(
    "tr",
    {},
    columns.map((c) =>
      h(
        "th",
        { scope: "col", class: [c.num ? "num" : "", c.hideSm ? "hide-sm" : ""].join(" ").trim() || null, title: c.title || null },
        c.abbr ? h("abbr", { title: c.title || c.label }, c.label) : c.label,
      ),
    ),
  );
  const body = rows.map((row, index) =>
    h(
      "tr",
      { class: rowClass ? rowClass(row, index) : null },
      columns.map((c) => {
        const value = c.render ? c.render(row, index) : row[c.key];
        const cls = [c.num ? "num" : "", c.class || "", c.hideSm ? "hide-sm" : ""].join(" ").trim();
        const tag = rowHeader && c.key === rowHeader ? "th" : "td";
        return h(tag, { class: cls || null, scope: tag === "th" ? "row" : null }, value ?? "–");
      }),
    ),
  );
  const tableEl = h(
    "table",
    {},
    caption ? h("caption", {}, caption) : null,
    h("thead", {}, head),
    h("tbody", {}, body),
  );
  return h(
    "div",
    { class: "table-wrap", tabindex: "0", role: "region", "aria-label": label || caption || "Table" },
    tableEl,
  );
}

/** A link to a team page. */
export function teamLink(abbr, name) {
  if (!abbr) return "–";
  return h(
    "a",
    { href: `#/teams/${encodeURIComponent(abbr)}`, class: "team-cell" },
    h("span", { class: "abbr", "aria-hidden": name ? "true" : null }, abbr),
    name ? h("span", {}, name) : null,
  );
}

export function badge(text, kind) {
  return h("span", { class: `badge ${kind || String(text).toLowerCase()}` }, text);
}

/** Render `promise`'s outcome into `container`: a loading state, then content or error. */
export async function load(container, promise, renderContent) {
  mount(container, loading());
  try {
    const data = await promise;
    mount(container, renderContent(data));
    return data;
  } catch (error) {
    mount(container, errorBox(error));
    return null;
  }
}

/** A season select, from the latest loaded season back. */
export function seasonOptions(latest, count = 18) {
  const start = Number(String(latest || "").slice(0, 4));
  if (!Number.isFinite(start) || !start) return [];
  const out = [];
  for (let year = start; year > start - count && year >= 2007; year -= 1) {
    out.push(`${year}-${String((year + 1) % 100).padStart(2, "0")}`);
  }
  return out;
}

/** "max_stake" -> "Max stake". */
export function label(name) {
  const text = String(name).replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
