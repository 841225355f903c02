// The API client: same-origin `/v1` calls, the bearer token, and one error type.
// Errors from the API come as {"error": {"code", "message", "details"}}; they become an
// ApiError carrying the status, that code and message, the details and Retry-After.

const TOKEN_KEY = "courtside.token";
export const API_BASE = "/v1";

export class ApiError extends Error {
  constructor(status, code, message, details = null, retryAfter = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }

  /** Field-level messages from a 422: { fieldName: message }. */
  fieldErrors() {
    const out = {};
    const details = this.details;
    const entries = Array.isArray(details)
      ? details
      : Array.isArray(details?.errors)
        ? details.errors
        : details && typeof details === "object" && details.field
          ? [details]
          : [];
    for (const entry of entries) {
      if (!entry || typeof entry !== "object") continue;
      const name = String(entry.field || entry.name || entry.setting || "")
        .split(".")
        .pop();
      if (name && !out[name]) out[name] = entry.message || entry.msg || this.message;
    }
    return out;
  }
}

export function getToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage disabled: the session lasts as long as the page.
  }
}

let unauthorizedHandler = null;

/** Called when an authenticated call answers 401 (token expired or revoked). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

function buildUrl(path, query) {
  const url = new URL(API_BASE + path, window.location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value === null || value === undefined || value === "") continue;
    if (Array.isArray(value)) value.forEach((v) => url.searchParams.append(key, v));
    else url.searchParams.set(key, String(value));
  }
  return url;
}

async function toError(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const err = body?.error || {};
  const retryAfter = response.headers.get("Retry-After");
  const message =
    err.message ||
    (typeof body?.message === "string" ? body.message : null) ||
    `The server answered ${response.status} ${response.statusText || ""}`.trim();
  return new ApiError(
    response.status,
    err.code || `http_${response.status}`,
    message,
    err.details ?? null,
    retryAfter === null ? null : Number(retryAfter),
  );
}

/**
 * One API call. Options: query, json (body), form (urlencoded body), auth (send the
 * token; default when one is stored), raw (return the Response), fresh (bypass the
 * browser's HTTP cache).
 */
export async function request(method, path, options = {}) {
  const { query, json, form, raw = false } = options;
  const headers = { Accept: "application/json" };
  const token = getToken();
  const auth = options.auth ?? Boolean(token);
  if (auth && token) headers.Authorization = `Bearer ${token}`;

  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(form).toString();
  }

  let response;
  try {
    // `fresh` skips the browser's HTTP cache (public reads send Cache-Control max-age).
    const cache = options.fresh ? "no-cache" : "default";
    response = await fetch(buildUrl(path, query), { method, headers, body, cache });
  } catch {
    throw new ApiError(0, "network_error", "Could not reach the server. Check your connection.");
  }

  if (!response.ok) {
    const error = await toError(response);
    if (response.status === 401 && auth && token && unauthorizedHandler) {
      unauthorizedHandler(error);
    }
    throw error;
  }
  if (raw) return response;
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  return type.includes("json") ? response.json() : response.text();
}

export const api = {
  get: (path, query, options = {}) => request("GET", path, { ...options, query }),
  post: (path, json, options = {}) => request("POST", path, { ...options, json }),
  put: (path, json, options = {}) => request("PUT", path, { ...options, json }),
  patch: (path, json, options = {}) => request("PATCH", path, { ...options, json }),
  del: (path, options = {}) => request("DELETE", path, options),
  form: (path, form, options = {}) => request("POST", path, { ...options, form }),
};

/** All items of a paginated list ({items, next_cursor}), up to `max` items. */
export async function getAll(path, query = {}, max = 2000) {
  const items = [];
  let cursor = null;
  do {
    const page = await api.get(path, { ...query, cursor, limit: query.limit || 500 });
    const pageItems = Array.isArray(page) ? page : page.items || [];
    items.push(...pageItems);
    cursor = Array.isArray(page) ? null : page.next_cursor;
  } while (cursor && items.length < max);
  return items;
}

/** Items of a list response, whether it is a page envelope or a bare array. */
export function itemsOf(response) {
  if (Array.isArray(response)) return response;
  return response?.items || [];
}

/**
 * Download an authenticated file (e.g. the bets CSV): fetch with the token, then save
 * the blob under the server's filename.
 */
export async function download(path, fallbackName) {
  const response = await request("GET", path, { raw: true, auth: true });
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return name;
}

/** Field messages of any error ({} unless it is an ApiError with field details). */
export function fieldErrorsOf(error) {
  return error instanceof ApiError ? error.fieldErrors() : {};
}
