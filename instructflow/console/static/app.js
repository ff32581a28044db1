// instructflow annotation console. Plain JS, no framework, no CDN.
// Prompt text is untrusted: it is only ever put into the page with textContent (never
// innerHTML), so "<script>" in a prompt shows as those characters and runs nothing.
"use strict";

const API = "/console/api";
const $ = (id) => document.getElementById(id);
const state = { me: null, item: null, rating: 0, usedDraft: false, reviews: [], reviewIndex: 0, reviewRating: 0,
                view: "" };

function el(tag, props = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function notify(message, error = false) {
  const box = el("div", error ? { class: "error" } : {}, message);
  $("notice").append(box);
  setTimeout(() => box.remove(), error ? 6000 : 2500);
}

async function call(method, path, body) {
  const opts = { method, headers: {}, credentials: "same-origin" };
  if (method !== "GET") {
    opts.headers["X-CSRF-Token"] = state.me ? state.me.csrf : "";
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body || {});
  }
  const resp = await fetch(API + path, opts);
  if (resp.status === 401) { window.location.href = "/console/login"; throw new Error("signed out"); }
  const data = await resp.json().catch(() => ({}));
  if (!resp.ok) throw new Error(data.error || ("HTTP " + resp.status));
  return data;
}

// ---- views ----------------------------------------------------------------------------------
const VIEWS = [
  ["annotate", "Annotate", "annotate"], ["review", "Review", "review"], ["stats", "Stats", "stats"],
  ["flagged", "Flagged", "admin"], ["users", "Users", "admin"],
];

function buildTabs() {
  const nav = $("tabs");
  for (const [id, label, perm] of VIEWS) {
    if (!state.me.permissions.includes(perm)) continue;
    const b = el("button", { id: "tab-" + id, type: "button" }, label);
    b.addEventListener("click", () => show(id));
    nav.append(b);
  }
}

function show(id) {
  state.view = id;
  for (const [v] of VIEWS) {
    const section = $("view-" + v);
    section.hidden = v !== id;
    const tab = $("tab-" + v);
    if (tab) tab.setAttribute("aria-current", v === id ? "page" : "false");
  }
  if (id === "review") loadReviews();
  if (id === "stats") loadStats();
  if (id === "flagged") loadFlagged();
  if (id === "users") loadUsers();
  if (id === "annotate") loadMyStats();
}

function renderConversation(container, item) {
  container.replaceChildren();
  const turns = item.messages.length ? item.messages
    : [{ role: "user", content: [item.instruction, item.input].filter(Boolean).join("\n\n") }];
  for (const m of turns) {
    const box = el("div", { class: "msg " + m.role, lang: item.lang || "und" });
    box.append(el("span", { class: "role" }, m.role));
    box.append(document.createTextNode(m.content));
    container.append(box);
  }
}

function ratingButtons(fieldset, name, onPick) {
  for (let i = 1; i <= 5; i++) {
    const label = el("label");
    const input = el("input", { type: "radio", name, value: String(i), id: name + "-" + i });
    input.addEventListener("change", () => onPick(i));
    label.append(input, document.createTextNode(String(i)));
    fieldset.append(label);
  }
}

function setRating(name, value) {
  for (let i = 1; i <= 5; i++) $(name + "-" + i).checked = i === value;
}

// ---- annotate -----------------------------------------------------------------------------------
let leaseTimer = null;

function showItem(item, counts) {
  state.item = item;
  state.usedDraft = false;
  if (counts) $("queue-counts").textContent =
    `queue: ${counts.pending} waiting · ${counts.claimed} in progress · ${counts.submitted} in review`;
  $("task").hidden = !item;
  $("empty").hidden = !!item;
  clearInterval(leaseTimer);
  $("lease").textContent = "";
  if (!item) { $("empty").textContent = "Nothing to annotate right now. Press N to look again."; return; }
  renderConversation($("conversation"), item);
  $("task-lang").textContent = item.lang || "?";
  $("task-quality").textContent = item.quality != null ? `quality ${item.quality.toFixed(2)}` : "";
  $("sent-back").hidden = !item.review_comment;
  $("sent-back-comment").textContent = item.review_comment || "";
  $("answer").value = item.answer || "";
  state.rating = item.rating || 0;
  setRating("rate", state.rating);
  $("draft").hidden = !item.draft_available;
  if (item.lease_until) {
    const tick = () => {
      const left = Math.max(0, Math.round(item.lease_until - Date.now() / 1000));
      $("lease").textContent = `claim expires in ${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    };
    tick();
    leaseTimer = setInterval(tick, 1000);
  }
}

async function next() {
  try {
    const data = await call("POST", "/claim");
    showItem(data.item, data.counts);
    if (data.item) $("answer").focus();
  } catch (e) { notify(e.message, true); }
}

async function submit() {
  if (!state.item) return;
  const answer = $("answer").value;
  if (!answer.trim()) { notify("Write an answer first.", true); return; }
  try {
    const data = await call("POST", `/items/${encodeURIComponent(state.item.item_id)}/submit`,
      { answer, rating: state.rating, used_draft: state.usedDraft });
    notify(`Submitted (${Math.round(data.seconds)} s). Press N for the next prompt.`);
    showItem(null);
    $("empty").textContent = "Submitted. Press N for the next prompt.";
    loadMyStats();
  } catch (e) { notify(e.message, true); }
}

async function skip() {
  if (!state.item) return;
  try {
    await call("POST", `/items/${encodeURIComponent(state.item.item_id)}/skip`);
    notify("Skipped.");
    await next();
  } catch (e) { notify(e.message, true); }
}

async function flag() {
  if (!state.item) return;
  const reason = $("flag-reason").value;
  try {
    await call("POST", `/items/${encodeURIComponent(state.item.item_id)}/flag`, { reason, note: $("answer").value });
    notify(`Flagged (${reason}).`);
    showItem(null);
    $("empty").textContent = "Flagged. Press N for the next prompt.";
  } catch (e) { notify(e.message, true); }
}

async function draft() {
  if (!state.item || $("draft").hidden) return;
  $("draft").disabled = true;
  try {
    const data = await call("POST", `/items/${encodeURIComponent(state.item.item_id)}/draft`);
    $("answer").value = data.draft;
    state.usedDraft = true;
    $("answer").focus();
  } catch (e) { notify(e.message, true); } finally { $("draft").disabled = false; }
}

async function loadMyStats() {
  if (!state.me.permissions.includes("annotate")) return;
  try {
    const { me } = await call("GET", "/my-stats");
    $("my-stats").textContent = me ? `You: ${me.submitted} submitted (${me.submitted_last_hour} in the last hour), `
      + `${me.accepted} accepted, ${me.sent_back} sent back.` : "";
  } catch (e) { /* stats are a nicety */ }
}

// ---- review ---------------------------------------------------------------------------------------
async function loadReviews() {
  try {
    const { items } = await call("GET", "/reviews");
    state.reviews = items;
    state.reviewIndex = Math.min(state.reviewIndex, Math.max(0, items.length - 1));
    const list = $("review-list");
    list.replaceChildren();
    items.forEach((item, i) => {
      const first = item.messages.find((m) => m.role === "user");
      const li = el("li", { "data-item": item.item_id, lang: item.lang || "und" },
        first ? first.content : item.instruction);
      li.addEventListener("click", () => selectReview(i));
      list.append(li);
    });
    $("review-empty").hidden = items.length > 0;
    $("review-detail").hidden = items.length === 0;
    if (items.length) selectReview(state.reviewIndex);
  } catch (e) { notify(e.message, true); }
}

function selectReview(i) {
  state.reviewIndex = i;
  const item = state.reviews[i];
  [...$("review-list").children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
  renderConversation($("review-conversation"), item);
  $("review-lang").textContent = item.lang || "?";
  $("review-annotator").textContent = item.annotator;
  $("review-meta").textContent = `· rated ${item.rating || "–"}/5 · ${Math.round(item.seconds)} s`
    + (item.used_draft ? " · edited an LLM draft" : "") + (item.rounds > 1 ? ` · round ${item.rounds}` : "");
  const answer = $("review-answer");
  answer.lang = item.lang || "und";
  answer.textContent = item.answer;
  $("review-comment").value = "";
  state.reviewRating = 0;
  setRating("rrate", 0);
}

async function verdict(kind) {
  const item = state.reviews[state.reviewIndex];
  if (!item) return;
  const comment = $("review-comment").value;
  if (kind === "send_back" && !comment.trim()) { notify("Say what to change in the comment.", true); return; }
  try {
    await call("POST", `/items/${encodeURIComponent(item.item_id)}/${kind}`, { comment, rating: state.reviewRating });
    notify(kind === "accept" ? "Accepted: on its way to the pool." : "Sent back to " + item.annotator + ".");
    await loadReviews();
  } catch (e) { notify(e.message, true); }
}

// ---- stats, flagged, users ---------------------------------------------------------------------------
function table(node, headers, rows) {
  node.replaceChildren();
  const head = el("tr");
  headers.forEach((h) => head.append(el("th", {}, h)));
  node.append(head);
  for (const r of rows) {
    const tr = el("tr");
    r.forEach((c) => tr.append(el("td", {}, c === null || c === undefined ? "–" : c)));
    node.append(tr);
  }
}

const pct = (x) => (x === null || x === undefined ? "–" : `${Math.round(x * 100)}%`);

async function loadStats() {
  try {
    const data = await call("GET", "/stats");
    table($("counts-table"), Object.keys(data.counts), [Object.values(data.counts)]);
    table($("annotators-table"),
      ["annotator", "submitted", "last hour", "accepted", "sent back", "acceptance", "median s", "rated pairs",
       "rating exact", "rating ±1"],
      data.annotators.map((a) => [a.annotator, a.submitted, a.submitted_last_hour, a.accepted, a.sent_back,
        pct(a.acceptance_rate), a.median_seconds, a.rated_pairs, pct(a.rating_exact), pct(a.rating_within_one)]));
  } catch (e) { notify(e.message, true); }
}

async function loadFlagged() {
  try {
    const { items } = await call("GET", "/flagged");
    const box = $("flagged-list");
    box.replaceChildren();
    if (!items.length) box.append(el("p", { class: "muted" }, "Nothing flagged."));
    for (const item of items) {
      const card = el("div", { class: "flagged" });
      card.append(el("div", { class: "muted" },
        item.flags.map((f) => `${f.reason} by ${f.by}${f.note ? ": " + f.note : ""}`).join(" · ")));
      const conv = el("div", { class: "conversation" });
      renderConversation(conv, item);
      card.append(conv);
      box.append(card);
    }
  } catch (e) { notify(e.message, true); }
}

async function loadUsers() {
  try {
    const { users } = await call("GET", "/users");
    table($("users-table"), ["name", "role", "disabled"], users.map((u) => [u.name, u.role, u.disabled ? "yes" : ""]));
  } catch (e) { notify(e.message, true); }
}

// ---- keyboard ----------------------------------------------------------------------------------------
function typing(target) {
  return target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.tagName === "SELECT");
}

function onKey(e) {
  const ctrlEnter = e.key === "Enter" && (e.ctrlKey || e.metaKey);
  if (e.key === "Escape" && typing(e.target)) { e.target.blur(); return; }
  if (state.view === "annotate") {
    if (ctrlEnter) { e.preventDefault(); submit(); return; }
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === "n") { e.preventDefault(); next(); }
    else if (k === "s") { e.preventDefault(); skip(); }
    else if (k === "f") { e.preventDefault(); flag(); }
    else if (k === "d") { e.preventDefault(); draft(); }
    else if (k === "a" && state.item) { e.preventDefault(); $("answer").focus(); }
    else if (/^[1-5]$/.test(k) && state.item) { state.rating = Number(k); setRating("rate", state.rating); }
  } else if (state.view === "review") {
    if (ctrlEnter) { e.preventDefault(); verdict("accept"); return; }
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === "j" && state.reviewIndex + 1 < state.reviews.length) selectReview(state.reviewIndex + 1);
    else if (k === "k" && state.reviewIndex > 0) selectReview(state.reviewIndex - 1);
    else if (k === "c") { e.preventDefault(); $("review-comment").focus(); }
    else if (k === "b") { e.preventDefault(); verdict("send_back"); }
    else if (/^[1-5]$/.test(k)) { state.reviewRating = Number(k); setRating("rrate", state.reviewRating); }
  }
}

// ---- start ----------------------------------------------------------------------------------------------
async function start() {
  state.me = await call("GET", "/me");
  $("who").textContent = `${state.me.user} (${state.me.role})`;
  $("logout-csrf").value = state.me.csrf;
  ratingButtons($("rating"), "rate", (i) => { state.rating = i; });
  ratingButtons($("review-rating"), "rrate", (i) => { state.reviewRating = i; });
  for (const reason of state.me.flag_reasons) $("flag-reason").append(el("option", { value: reason }, reason));
  $("next").addEventListener("click", next);
  $("submit").addEventListener("click", submit);
  $("skip").addEventListener("click", skip);
  $("flag").addEventListener("click", flag);
  $("draft").addEventListener("click", draft);
  $("accept").addEventListener("click", () => verdict("accept"));
  $("send-back").addEventListener("click", () => verdict("send_back"));
  $("user-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await call("POST", "/users", { name: $("user-name").value, role: $("user-role").value,
                                     password: $("user-password").value });
      $("user-password").value = "";
      notify("Saved.");
      loadUsers();
    } catch (err) { notify(err.message, true); }
  });
  document.addEventListener("keydown", onKey);
  buildTabs();
  const first = VIEWS.find(([, , perm]) => state.me.permissions.includes(perm));
  show(first ? first[0] : "annotate");
  document.body.dataset.ready = "true";
}

start().catch((e) => notify(e.message, true));
