// Placeholder until the view is built.
import { mount } from "../dom.js";
import { pageHead } from "../ui.js";

export async function render(root) {
  mount(root, pageHead("teams"));
}
