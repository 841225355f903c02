// Hash routes: `#/path/segments?query`. Any static host (S3 included) serves the one
// page without rewrite rules, and `/v1/*` stays the API on the same origin.

/** The current route: path segments and query parameters from `#/path?query`. */
export function currentRoute() {
  const raw = window.location.hash.replace(/^#/, "");
  const [pathPart, queryPart = ""] = raw.split("?");
  const segments = pathPart.split("/").filter(Boolean).map(decodeURIComponent);
  return { segments, params: new URLSearchParams(queryPart) };
}

/** `#/path?params`, leaving out empty values. */
export function hashFor(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, value);
  }
  const q = query.toString();
  return `#/${path}${q ? `?${q}` : ""}`;
}

/** Go to `#/path?params` (a new history entry; the view renders on hashchange). */
export function navigate(path, params = {}) {
  const hash = hashFor(path, params);
  if (window.location.hash === hash) {
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    window.location.hash = hash;
  }
}

/** Change the query of the current route without rendering again (keeps focus). */
export function replaceParams(params) {
  const { segments } = currentRoute();
  history.replaceState(null, "", hashFor(segments.join("/"), params));
}
