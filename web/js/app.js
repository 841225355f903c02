// The single-page app: hash routes (so any static host, S3 included, serves it without
// rewrite rules), the header navigation, and the signed-in user's corner.

import { onUnauthorized } from "./api.js";
import { h, mount } from "./dom.js";
import { money } from "./format.js";
import {
  dropSession,
  featureOn,
  isAdmin,
  isSignedIn,
  loadFlags,
  loadHealth,
  loadUser,
  logOut,
  state,
  subscribe,
} from "./session.js";
import { currentRoute, navigate } from "./router.js";
import { errorBox, toast } from "./ui.js";
import * as admin from "./views/admin.js";
import * as auth from "./views/auth.js";
import * as betting from "./views/betting.js";
import * as community from "./views/community.js";
import * as games from "./views/games.js";
import * as myBets from "./views/mybets.js";
import * as odds from "./views/odds.js";
import * as players from "./views/players.js";
import * as standings from "./views/standings.js";
import * as teams from "./views/teams.js";

/** Routes: first path segment -> view. `when` hides a route from the navigation. */
const ROUTES = [
  { path: "standings", label: "Standings", view: standings },
  { path: "games", label: "Games", view: games },
  { path: "teams", label: "Teams", view: teams },
  { path: "players", label: "Players", view: players },
  { path: "odds", label: "Odds", view: odds },
  { path: "community", label: "Community", view: community },
  { path: "bet", label: "Bet", view: betting, when: () => isSignedIn() && featureOn("betting") },
  { path: "my-bets", label: "My bets", view: myBets, when: () => isSignedIn() },
  { path: "admin", label: "Admin", view: admin, when: () => isAdmin() },
  { path: "login", view: auth, hidden: true },
  { path: "signup", view: auth, hidden: true },
  { path: "account", view: auth, hidden: true },
];

const DEFAULT_PATH = "standings";
let renderCount = 0;
let firstRender = true;

function renderNav() {
  const { segments } = currentRoute();
  const active = segments[0] || DEFAULT_PATH;
  const links = ROUTES.filter((r) => !r.hidden && (!r.when || r.when())).map((r) =>
    h(
      "li",
      {},
      h(
        "a",
        { href: `#/${r.path}`, "aria-current": r.path === active ? "page" : null },
        r.label,
      ),
    ),
  );
  mount(document.getElementById("nav-links"), links);
  renderAccount();
}

function renderAccount() {
  const corner = document.getElementById("account");
  if (state.user) {
    mount(
      corner,
      h("a", { class: "who", href: "#/account", title: "Your account" }, state.user.username),
      state.user.role === "Admin" ? h("span", { class: "badge admin" }, "Admin") : null,
      state.user.balance !== undefined
        ? h(
            "span",
            { class: "balance", title: "Your balance", "data-testid": "balance" },
            h("span", { class: "visually-hidden" }, "Balance "),
            money(state.user.balance),
          )
        : null,
      h(
        "button",
        {
          type: "button",
          class: "small",
          onclick: async () => {
            await logOut();
            toast("You are logged out.");
            navigate("standings");
          },
        },
        "Log out",
      ),
    );
  } else if (isSignedIn()) {
    mount(corner);
  } else {
    mount(
      corner,
      h("a", { class: "button small", href: "#/login" }, "Log in"),
      featureOn("signups") ? h("a", { class: "button small primary", href: "#/signup" }, "Sign up") : null,
    );
  }
}

async function render() {
  const { segments, params } = currentRoute();
  const path = segments[0] || DEFAULT_PATH;
  const route = ROUTES.find((r) => r.path === path);
  const main = document.getElementById("main");
  const token = ++renderCount;
  renderNav();
  closeMenu();

  const container = h("div", { class: "view", "data-view": path });
  mount(main, container);

  if (!route) {
    mount(container, h("h1", { tabindex: "-1" }, "Page not found"), h("p", {}, h("a", { href: "#/" }, "Back to the standings")));
    document.title = "Not found · Courtside";
    focusHeading(container);
    return;
  }

  const context = {
    path,
    segments,
    params,
    isCurrent: () => token === renderCount,
    setTitle: (title) => {
      document.title = title ? `${title} · Courtside` : "Courtside";
    },
  };
  context.setTitle(route.label || "");
  try {
    await route.view.render(container, context);
  } catch (error) {
    if (token === renderCount) mount(container, errorBox(error));
  }
  if (token === renderCount) focusHeading(container);
}

function focusHeading(container) {
  if (firstRender) {
    firstRender = false;
    return;
  }
  const heading = container.querySelector("h1");
  if (heading && !container.contains(document.activeElement)) heading.focus({ preventScroll: false });
}

function closeMenu() {
  const nav = document.getElementById("site-nav");
  const toggle = document.querySelector(".nav-toggle");
  nav?.classList.remove("open");
  toggle?.setAttribute("aria-expanded", "false");
}

function setupChrome() {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("site-nav");
  toggle.addEventListener("click", () => {
    const open = !nav.classList.contains("open");
    nav.classList.toggle("open", open);
    toggle.setAttribute("aria-expanded", String(open));
  });
  document.querySelector("[data-skip]").addEventListener("click", (event) => {
    event.preventDefault();
    const main = document.getElementById("main");
    (main.querySelector("h1") || main).focus();
  });
}

async function start() {
  setupChrome();
  onUnauthorized(() => {
    dropSession();
    toast("Your session has ended. Please log in again.");
    if (currentRoute().segments[0] !== "login") navigate("login", { next: currentRoute().segments.join("/") });
  });
  subscribe(() => renderNav());
  window.addEventListener("hashchange", (event) => {
    // The skip link and in-page anchors are not routes.
    if (!window.location.hash.startsWith("#/") && window.location.hash !== "") {
      return;
    }
    render(event);
  });
  await Promise.all([loadFlags(), loadHealth(), loadUser()]);
  if (!window.location.hash.startsWith("#/")) history.replaceState(null, "", `#/${DEFAULT_PATH}`);
  await render();
  document.documentElement.dataset.ready = "true";
}

start();
