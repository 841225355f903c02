// Sign up, log in and the account page (email and password).
// Errors from the API are shown as the server words them: 409 for a taken name,
// 422 with a message per field, 429 with the time to wait (Retry-After).

import { api, setToken } from "../api.js";
import { field, h, mount, setFieldError } from "../dom.js";
import { dateOnly, money } from "../format.js";
import { navigate } from "../router.js";
import { featureOn, isSignedIn, loadUser, logIn, state } from "../session.js";
import { errorBox, notice, pageHead, toast } from "../ui.js";

export async function render(root, ctx) {
  if (ctx.path === "signup") return renderSignup(root, ctx);
  if (ctx.path === "account") return renderAccount(root, ctx);
  return renderLogin(root, ctx);
}

/** Apply a 422's per-field messages to the form's fields; returns whether any matched. */
function showFieldErrors(error, fields) {
  const messages = typeof error.fieldErrors === "function" ? error.fieldErrors() : {};
  let matched = false;
  for (const [name, f] of Object.entries(fields)) {
    if (messages[name]) {
      setFieldError(f, messages[name]);
      matched = true;
    }
  }
  return matched;
}

function clearErrors(fields, alertArea) {
  for (const f of Object.values(fields)) setFieldError(f, "");
  mount(alertArea);
}

function afterLogin(ctx) {
  const next = ctx.params.get("next");
  if (next && !["login", "signup"].includes(next.split("/")[0])) navigate(next);
  else navigate(featureOn("betting") ? "bet" : "standings");
}

function renderLogin(root, ctx) {
  ctx.setTitle("Log in");
  const alertArea = h("div");
  const fields = {
    username: field({ label: "Username", name: "username", autocomplete: "username", required: true }),
    password: field({ label: "Password", name: "password", type: "password", autocomplete: "current-password", required: true }),
  };
  const submit = h("button", { type: "submit", class: "primary" }, "Log in");

  const form = h(
    "form",
    {
      class: "card form-card",
      "aria-labelledby": "login-title",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        clearErrors(fields, alertArea);
        const username = fields.username.input.value.trim();
        const password = fields.password.input.value;
        if (!username) setFieldError(fields.username, "Enter your username.");
        if (!password) setFieldError(fields.password, "Enter your password.");
        if (!username || !password) return;
        submit.disabled = true;
        try {
          await logIn(username, password);
          toast(`Welcome back, ${state.user?.username || username}.`);
          afterLogin(ctx);
        } catch (error) {
          showFieldErrors(error, fields);
          mount(alertArea, errorBox(error, { title: error.status === 429 ? "Too many attempts" : "Could not log in" }));
          alertArea.querySelector('[role="alert"]')?.focus?.();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h("h1", { id: "login-title", tabindex: "-1" }, "Log in"),
    ctx.params.get("next") ? notice("Log in to continue.") : null,
    alertArea,
    fields.username.wrapper,
    fields.password.wrapper,
    h(
      "div",
      { class: "form-actions" },
      submit,
      featureOn("signups") ? h("span", { class: "muted" }, "No account? ", h("a", { href: "#/signup" }, "Sign up")) : null,
    ),
  );
  mount(root, form);
}

function renderSignup(root, ctx) {
  ctx.setTitle("Sign up");
  if (!featureOn("signups")) {
    mount(
      root,
      h(
        "div",
        { class: "card form-card" },
        h("h1", { tabindex: "-1" }, "Sign up"),
        notice("Sign-ups are closed at the moment. Existing users can still log in.", "warn"),
        h("a", { class: "button", href: "#/login" }, "Log in"),
      ),
    );
    return;
  }

  const alertArea = h("div");
  const fields = {
    username: field({
      label: "Username",
      name: "username",
      autocomplete: "username",
      required: true,
      hint: "3 to 32 characters: letters, digits, _ . or -",
    }),
    email: field({ label: "Email (optional)", name: "email", type: "email", autocomplete: "email" }),
    password: field({
      label: "Password",
      name: "password",
      type: "password",
      autocomplete: "new-password",
      required: true,
      hint: "At least 8 characters (at most 72 bytes).",
    }),
    confirm: field({ label: "Repeat password", name: "confirm", type: "password", autocomplete: "new-password", required: true }),
  };
  const submit = h("button", { type: "submit", class: "primary" }, "Create account");

  const form = h(
    "form",
    {
      class: "card form-card",
      "aria-labelledby": "signup-title",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        clearErrors(fields, alertArea);
        const username = fields.username.input.value.trim();
        const email = fields.email.input.value.trim();
        const password = fields.password.input.value;
        if (password !== fields.confirm.input.value) {
          setFieldError(fields.confirm, "The passwords do not match.");
          fields.confirm.input.focus();
          return;
        }
        submit.disabled = true;
        try {
          await api.post("/users", { username, password, email: email || null }, { auth: false });
        } catch (error) {
          if (error.status === 409) setFieldError(fields.username, error.message);
          else showFieldErrors(error, fields);
          mount(alertArea, errorBox(error, { title: "Could not create the account" }));
          submit.disabled = false;
          return;
        }
        try {
          await logIn(username, password);
          toast(`Welcome to Courtside, ${username}.`);
          afterLogin(ctx);
        } catch (error) {
          mount(alertArea, notice("Your account is ready. Log in to continue.", "success"));
          navigate("login");
        } finally {
          submit.disabled = false;
        }
      },
    },
    h("h1", { id: "signup-title", tabindex: "-1" }, "Sign up"),
    h("p", { class: "muted" }, "Get a simulated bankroll and bet on upcoming games. No real money."),
    alertArea,
    fields.username.wrapper,
    fields.email.wrapper,
    fields.password.wrapper,
    fields.confirm.wrapper,
    h(
      "div",
      { class: "form-actions" },
      submit,
      h("span", { class: "muted" }, "Have an account? ", h("a", { href: "#/login" }, "Log in")),
    ),
  );
  mount(root, form);
}

async function renderAccount(root, ctx) {
  ctx.setTitle("Your account");
  if (!isSignedIn()) {
    navigate("login", { next: "account" });
    return;
  }
  const user = state.user || (await loadUser());
  if (!user) {
    navigate("login", { next: "account" });
    return;
  }

  const emailAlert = h("div");
  const email = field({ label: "Email", name: "email", type: "email", value: user.email || "", autocomplete: "email" });
  const emailForm = h(
    "form",
    {
      class: "card",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        setFieldError(email, "");
        mount(emailAlert);
        try {
          const value = email.input.value.trim();
          await api.patch("/me", { email: value || null });
          await loadUser();
          mount(emailAlert, notice("Email saved.", "success"));
        } catch (error) {
          showFieldErrors(error, { email });
          mount(emailAlert, errorBox(error));
        }
      },
    },
    h("h2", {}, "Email"),
    emailAlert,
    email.wrapper,
    h("button", { type: "submit" }, "Save email"),
  );

  const passwordAlert = h("div");
  const pw = {
    current_password: field({ label: "Current password", name: "current_password", type: "password", autocomplete: "current-password" }),
    new_password: field({ label: "New password", name: "new_password", type: "password", autocomplete: "new-password", hint: "At least 8 characters. Other sessions are logged out." }),
  };
  const passwordForm = h(
    "form",
    {
      class: "card",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        clearErrors(pw, passwordAlert);
        try {
          const answer = await api.post("/me/password", {
            current_password: pw.current_password.input.value,
            new_password: pw.new_password.input.value,
          });
          if (answer?.access_token) setToken(answer.access_token);
          pw.current_password.input.value = "";
          pw.new_password.input.value = "";
          mount(passwordAlert, notice("Password changed. Other sessions have been logged out.", "success"));
        } catch (error) {
          if (error.code === "wrong_password") setFieldError(pw.current_password, error.message);
          else showFieldErrors(error, pw);
          mount(passwordAlert, errorBox(error));
        }
      },
    },
    h("h2", {}, "Password"),
    passwordAlert,
    h("input", { type: "text", name: "username", autocomplete: "username", value: user.username, hidden: true }),
    pw.current_password.wrapper,
    pw.new_password.wrapper,
    h("button", { type: "submit" }, "Change password"),
  );

  mount(
    root,
    pageHead("Your account", `Signed in as ${user.username}`),
    h(
      "dl",
      { class: "stats" },
      h("div", { class: "stat" }, h("dt", {}, "Role"), h("dd", {}, user.role)),
      h("div", { class: "stat" }, h("dt", {}, "Balance"), h("dd", {}, money(user.balance))),
      h("div", { class: "stat" }, h("dt", {}, "Member since"), h("dd", {}, dateOnly(user.created_at))),
    ),
    h("div", { class: "grid-2" }, emailForm, passwordForm),
  );
}
