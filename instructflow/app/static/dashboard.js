// The pool dashboard: fetches every chart's rows ([x, series, y]) from /dashboard/api/charts
// and draws them as SVG. Written for this page (no library, no CDN) so it works offline.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const PALETTE = ["#2680c2", "#f0b429", "#3ebd93", "#ef4e4e", "#9446ed", "#f7d070", "#40c3f7", "#e668a7",
                 "#7b8794", "#8eedc7"];
const W = 460, H = 260, M = { top: 10, right: 12, bottom: 58, left: 56 };
const REFRESH_MS = 10000;

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function uniq(values) { return [...new Set(values)]; }

// Round numbers for the y axis: 0 .. a "nice" maximum in about 5 steps.
function niceTicks(max) {
  if (!(max > 0)) return [0, 1];
  const raw = max / 5, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map(f => f * mag).find(s => s >= raw);
  const ticks = [];
  for (let v = 0; v <= max + step * 0.999; v += step) ticks.push(+v.toPrecision(12));
  return ticks;
}

function fmt(v, percent) {
  if (percent) return (v * 100).toFixed(v < 0.1 && v > 0 ? 1 : 0) + "%";
  if (Math.abs(v) >= 1e6) return (v / 1e6).toFixed(1) + "M";
  if (Math.abs(v) >= 1e3) return (v / 1e3).toFixed(1) + "k";
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) < 1 ? String(+v.toPrecision(2)) : v.toFixed(2);
}

function yAxis(svg, ticks, y, percent) {
  const g = el("g", { class: "axis" }, svg);
  for (const t of ticks) {
    el("line", { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t) }, g);
    const label = el("text", { x: M.left - 6, y: y(t) + 4, "text-anchor": "end", class: "ylabel" }, g);
    label.textContent = fmt(t, percent);
  }
}

function xLabel(svg, x, text, rotate) {
  const label = el("text", { class: "axis xlabel", "text-anchor": rotate ? "end" : "middle",
    transform: `translate(${x},${H - M.bottom + 14})` + (rotate ? " rotate(-45)" : "") }, svg);
  label.textContent = text;
  label.setAttribute("fill", "#616e7c");
  label.setAttribute("font-size", "11");
  const tip = el("title", {}, label);  // the full text, whatever the axis had room for
  tip.textContent = text;
  return label;
}

function inside(inner, outer) {
  return inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 &&
         inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;
}

function overlaps(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

// Fit the x labels into the chart, measured in the page (fonts differ): a label that pokes out is
// anchored inward (upright labels) or shortened with "…" (its tooltip keeps the whole text); then,
// left to right, a label that would touch the last one kept (or a y-axis label) is dropped, so the
// axis shows every k-th category and never a pile of text. The marks keep their own tooltips.
function fitXLabels(svg, labels) {
  const box = svg.getBoundingClientRect();
  const yLabels = [...svg.querySelectorAll("text.ylabel")].map(t => t.getBoundingClientRect());
  const hitsY = r => yLabels.some(y => overlaps(r, y));
  for (const label of labels) {
    const full = label.firstChild.nodeValue;
    if (!inside(label.getBoundingClientRect(), box) && label.getAttribute("text-anchor") === "middle") {
      const r = label.getBoundingClientRect();
      label.setAttribute("text-anchor", r.left < box.left ? "start" : "end");
    }
    for (let n = full.length - 1; n > 1 && !inside(label.getBoundingClientRect(), box); n--) {
      label.firstChild.nodeValue = full.slice(0, n) + "…";
    }
    if (hitsY(label.getBoundingClientRect()) && label.getAttribute("text-anchor") === "middle") {
      label.setAttribute("text-anchor", "start");  // the first time label, beside the y axis's 0
    }
    if (!inside(label.getBoundingClientRect(), box)) label.remove();
  }
  let last = null;
  for (const label of labels) {
    if (!label.isConnected) continue;
    const r = label.getBoundingClientRect();
    if ((last && overlaps(r, last)) || hitsY(r)) { label.remove(); continue; }
    last = r;
  }
}

// Bars: one group per category; series stacked (counts) or side by side (shares).
function drawBars(svg, chart, colors) {
  const cats = uniq(chart.rows.map(r => r[0]).map(String));
  const series = uniq(chart.rows.map(r => r[1]));
  const value = new Map(chart.rows.map(r => [String(r[0]) + "\u0000" + r[1], Number(r[2])]));
  const stacked = !chart.percent && series.length > 1;
  const totals = cats.map(c => series.reduce((a, s) => stacked ? a + (value.get(c + "\u0000" + s) || 0)
                                                              : Math.max(a, value.get(c + "\u0000" + s) || 0), 0));
  const ticks = niceTicks(Math.max(...totals));
  const top = ticks[ticks.length - 1];
  const y = v => H - M.bottom - (v / top) * (H - M.top - M.bottom);
  yAxis(svg, ticks, y, chart.percent);
  const band = (W - M.left - M.right) / cats.length, pad = Math.min(12, band * 0.2);
  let marks = 0;
  const labels = [];
  cats.forEach((c, i) => {
    const x0 = M.left + i * band + pad / 2, bw = band - pad;
    let base = 0;
    series.forEach((s, j) => {
      const v = value.get(c + "\u0000" + s);
      if (v === undefined) return;
      const w = stacked ? bw : bw / series.length, x = stacked ? x0 : x0 + j * w;
      const y1 = y(stacked ? base + v : v), y0 = y(stacked ? base : 0);
      const rect = el("rect", { x, y: y1, width: Math.max(1, w - 1), height: Math.max(v > 0 ? 1 : 0, y0 - y1),
                                fill: colors.get(s), class: "mark" }, svg);
      el("title", {}, rect).textContent = `${c} · ${s}: ${fmt(v, chart.percent)}`;
      if (stacked) base += v;
      marks += 1;
    });
    labels.push(xLabel(svg, x0 + bw / 2, c, cats.length > 4));
  });
  fitXLabels(svg, labels);
  return marks;
}

// Lines: x is time; one polyline (and a dot per point) per series.
function drawLines(svg, chart, colors) {
  const times = uniq(chart.rows.map(r => Date.parse(r[0]))).sort((a, b) => a - b);
  const t0 = times[0], t1 = times[times.length - 1] === t0 ? t0 + 60000 : times[times.length - 1];
  const ticks = niceTicks(Math.max(...chart.rows.map(r => Number(r[2]))));
  const top = ticks[ticks.length - 1];
  const x = t => M.left + ((t - t0) / (t1 - t0)) * (W - M.left - M.right);
  const y = v => H - M.bottom - (v / top) * (H - M.top - M.bottom);
  yAxis(svg, ticks, y, chart.percent);
  let marks = 0;
  for (const s of uniq(chart.rows.map(r => r[1]))) {
    const pts = chart.rows.filter(r => r[1] === s).map(r => [Date.parse(r[0]), Number(r[2])]).sort((a, b) => a[0] - b[0]);
    el("polyline", { points: pts.map(([t, v]) => `${x(t)},${y(v)}`).join(" "), fill: "none",
                     stroke: colors.get(s), "stroke-width": 2, class: "mark" }, svg);
    for (const [t, v] of pts) {
      const dot = el("circle", { cx: x(t), cy: y(v), r: 3, fill: colors.get(s) }, svg);
      el("title", {}, dot).textContent = `${new Date(t).toISOString().slice(11, 16)} · ${s}: ${fmt(v)}`;
    }
    marks += 1;
  }
  const labels = times.length > 6 ? [t0, t0 + (t1 - t0) / 2, t1] : times;
  fitXLabels(svg, labels.map(t => xLabel(svg, x(t), new Date(t).toISOString().slice(11, 16), false)));
  return marks;
}

function draw(card, chart) {
  const svg = card.querySelector("svg"), legend = card.querySelector(".legend");
  svg.replaceChildren();
  legend.replaceChildren();
  if (!chart.rows.length) {
    el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, svg).textContent = "no data yet";
    card.dataset.drawn = "empty";
    card.dataset.marks = "0";
    return;
  }
  const colors = new Map(uniq(chart.rows.map(r => r[1])).map((s, i) => [s, PALETTE[i % PALETTE.length]]));
  const marks = chart.kind === "line" ? drawLines(svg, chart, colors) : drawBars(svg, chart, colors);
  for (const [s, c] of colors) {
    const item = document.createElement("span");
    const swatch = document.createElement("i");
    swatch.style.background = c;
    item.append(swatch, s);
    legend.appendChild(item);
  }
  card.dataset.drawn = "chart";
  card.dataset.marks = String(marks);
}

function cardFor(chart) {
  let card = document.getElementById("chart-" + chart.name);
  if (card) return card;
  card = document.createElement("section");
  card.className = "card";
  card.id = "chart-" + chart.name;
  const h = document.createElement("h2");
  h.textContent = chart.title;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": chart.title });
  const legend = document.createElement("div");
  legend.className = "legend";
  card.append(h, svg, legend);
  document.getElementById("charts").appendChild(card);
  return card;
}

async function refresh() {
  const status = document.getElementById("status");
  try {
    const resp = await fetch("/dashboard/api/charts", { cache: "no-store" });
    const body = await resp.json();
    if (!resp.ok) throw new Error(body.error || resp.statusText);
    for (const chart of body.charts) draw(cardFor(chart), chart);
    status.textContent = `pool ${body.database} · updated ${new Date().toLocaleTimeString()}`;
    status.classList.remove("error");
    document.body.dataset.loaded = "1";
  } catch (e) {
    status.textContent = "could not load charts: " + e.message;
    status.classList.add("error");
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
