// Who is signed in, and which features are on. Both are small shared state that the
// header and the views read; listeners re-render when they change.

import { api, getToken, setToken } from "./api.js";

const listeners = new Set();

export const state = {
  user: null, // GET /v1/me: {user_id, username, role, balance, ...}
  flags: {}, // name -> enabled
  flagsLoaded: false,
  latestSeason: null,
  seasons: [], // every season loaded, when the API lists them
};

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify() {
  for (const listener of listeners) listener(state);
}

/** Whether a feature flag is on; unknown flags count as on (the server decides). */
export function featureOn(name) {
  return state.flags[name] !== false;
}

export async function loadFlags() {
  try {
    const flags = await api.get("/feature-flags", null, { auth: false, fresh: true });
    const list = Array.isArray(flags) ? flags : flags.items || [];
    state.flags = Object.fromEntries(list.map((f) => [f.name, Boolean(f.enabled)]));
  } catch {
    state.flags = {};
  }
  state.flagsLoaded = true;
  notify();
}

export async function loadHealth() {
  try {
    const health = await api.get("/health", null, { auth: false });
    state.latestSeason = health.latest_season || null;
    state.seasons = Array.isArray(health.seasons) ? health.seasons : [];
  } catch {
    state.latestSeason = null;
  }
}

export function isSignedIn() {
  return Boolean(getToken());
}

export function isAdmin() {
  return state.user?.role === "Admin";
}

/** Load the signed-in user (GET /v1/me); clears a token the API no longer accepts. */
export async function loadUser() {
  if (!getToken()) {
    state.user = null;
    notify();
    return null;
  }
  try {
    state.user = await api.get("/me", null, { auth: true });
  } catch (error) {
    if (error.status === 401 || error.status === 403) setToken(null);
    state.user = null;
  }
  notify();
  return state.user;
}

/** Log in with the OAuth2 password form; keeps the token in sessionStorage. */
export async function logIn(username, password) {
  const answer = await api.form("/token", { username, password }, { auth: false });
  setToken(answer.access_token);
  return loadUser();
}

/** Log out on the server (revokes tokens) and forget the token either way. */
export async function logOut() {
  try {
    if (getToken()) await api.post("/logout", undefined, { auth: true });
  } catch {
    // The token is dropped locally regardless.
  }
  setToken(null);
  state.user = null;
  notify();
}

/** Forget a token the server refused (expired, revoked). */
export function dropSession() {
  setToken(null);
  state.user = null;
  notify();
}

/** Update the cached balance after a bet or a cancellation. */
export function setBalance(balance) {
  if (state.user && balance !== undefined && balance !== null) {
    state.user = { ...state.user, balance };
    notify();
  }
}

export { notify as refreshSession };
