// A cumulative-profit line chart drawn as inline SVG (no chart library).

import { h, svg } from "./dom.js";
import { calendarDate, signedMoney } from "./format.js";

const WIDTH = 560;
const HEIGHT = 240;
const PAD = { top: 14, right: 14, bottom: 28, left: 70 };

function niceStep(range, ticks) {
  const raw = range / Math.max(1, ticks);
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  const n = raw / power;
  const step = n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10;
  return step * power;
}

/**
 * points: [{ date: "YYYY-MM-DD", value: number }] in date order (cumulative profit).
 * Returns a <figure> with the SVG, a caption and a visually hidden data table.
 */
export function profitChart(daily, { title = "Cumulative profit" } = {}) {
  if (!daily.length) {
    return h("p", { class: "empty" }, "The chart appears once a bet has settled.");
  }
  // The line starts from zero before the first settled day.
  const points = [{ date: daily[0].date, value: 0, start: true }, ...daily];
  const values = points.map((p) => p.value);
  let min = Math.min(0, ...values);
  let max = Math.max(0, ...values);
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const step = niceStep(max - min, 4);
  min = Math.floor(min / step) * step;
  max = Math.ceil(max / step) * step;

  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i) => PAD.left + (points.length === 1 ? innerW / 2 : (i / (points.length - 1)) * innerW);
  const y = (v) => PAD.top + ((max - v) / (max - min)) * innerH;

  const grid = [];
  for (let v = min; v <= max + step / 2; v += step) {
    grid.push(
      svg("line", { class: v === 0 ? "zero" : "grid-line", x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v) }),
      svg("text", { x: PAD.left - 8, y: y(v) + 4, "text-anchor": "end", text: signedMoney(v) }),
    );
  }

  const path = points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const labelIdx = [...new Set([0, Math.floor((points.length - 1) / 2), points.length - 1])];
  const xLabels = labelIdx.map((i) =>
    svg("text", {
      x: x(i),
      y: HEIGHT - 8,
      "text-anchor": points.length === 1 ? "middle" : i === 0 ? "start" : i === points.length - 1 ? "end" : "middle",
      text: points[i].start ? "Start" : calendarDate(points[i].date, "short"),
    }),
  );
  const last = points[points.length - 1];
  const description = `${title} from ${calendarDate(daily[0].date)} to ${calendarDate(last.date)}: `
    + `ends at ${signedMoney(last.value)}, lowest ${signedMoney(Math.min(...values))}, `
    + `highest ${signedMoney(Math.max(...values))}.`;

  const chart = svg(
    "svg",
    { class: "chart", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": description },
    svg("title", { text: title }),
    grid,
    svg("line", { class: "axis", x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: HEIGHT - PAD.bottom }),
    svg("path", { class: "series", d: path }),
    points.length <= 60
      ? points.slice(1).map((p, i) => svg("circle", { class: "dot", cx: x(i + 1), cy: y(p.value), r: 3.5 }, svg("title", { text: `${calendarDate(p.date)}: ${signedMoney(p.value)}` })))
      : svg("circle", { class: "dot", cx: x(points.length - 1), cy: y(last.value), r: 4 }),
    xLabels,
  );

  return h(
    "figure",
    { class: "chart-figure", style: "margin:0" },
    chart,
    h("figcaption", { class: "visually-hidden" }, description),
  );
}
