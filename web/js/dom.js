// Small DOM helpers: build elements from data without ever parsing HTML strings,
// so values from the API can never inject markup.

/**
 * Create an element. `props` keys: `class`, `text`, `style`, `on<Event>` handlers,
 * `dataset`, boolean attributes (true/false), any other attribute. There is no `html`
 * on purpose.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    // Through the CSSOM, so a Content-Security-Policy without 'unsafe-inline' allows it.
    else if (key === "style") el.style.cssText = value;
    else if (key === "value" && "value" in el) el.value = value;
    else if (key === "checked" || key === "selected") el[key] = Boolean(value);
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/** Append children (strings, numbers, nodes, nested arrays; null and false are skipped). */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replace every child of `parent`. */
export function mount(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** SVG element with attributes (for the inline chart). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) continue;
    if (key === "text") el.textContent = value;
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child) el.append(child);
  }
  return el;
}

let idCounter = 0;

/** A unique id for label/input pairs. */
export function uid(prefix = "f") {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A labelled form field: returns { wrapper, input, error } elements. */
export function field({ label, name, type = "text", value = "", hint, options, ...rest }) {
  const id = uid(name);
  let input;
  if (options) {
    input = h(
      "select",
      { id, name, ...rest },
      options.map((o) =>
        h("option", { value: o.value, selected: String(o.value) === String(value) }, o.label),
      ),
    );
  } else {
    input = h("input", { id, name, type, value, ...rest });
  }
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  input.setAttribute("aria-describedby", [hintId, errorId].filter(Boolean).join(" "));
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const wrapper = h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    input,
    hint ? h("p", { class: "field-hint", id: hintId }, hint) : null,
    error,
  );
  return { wrapper, input, error };
}

/** Show (or clear, with an empty message) a field's error message. */
export function setFieldError(f, message) {
  f.error.textContent = message || "";
  f.error.hidden = !message;
  if (message) f.input.setAttribute("aria-invalid", "true");
  else f.input.removeAttribute("aria-invalid");
}
