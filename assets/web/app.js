// The drillsim web client: one WebSocket to the server, a seat's view or the
// facilitator's console. Everything from the server or a scenario is put on the page
// with textContent (the el() helper); no HTML is ever built from data.
"use strict";

// script errors are kept for the browser test to report
window.__errors = [];
window.addEventListener("error", (e) => window.__errors.push(String(e.message)));

const App = {
  ws: null,
  code: null,
  role: null,          // {seat: "V1"} | "facilitator" | {observer: 1}
  hello: null,
  view: null,
  pace: null,
  official: null,
  tab: null,
  nextId: 1,
  backoff: 500,
  stopped: false,
  answers: [],         // recent answers to show
  form: {},            // the order form's fields, kept across views
  kind: null,
  fac: { to: "", text: "" },
};

// el("div", {class: "x", onclick: f}, "text", child, ...)
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "class") e.className = v;
    else if (k === "value") e.value = v;
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of kids) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return e;
}

function isSeat() { return App.role && typeof App.role === "object" && "seat" in App.role; }
function isFacilitator() { return App.role === "facilitator"; }
function isObserver() { return App.role && typeof App.role === "object" && "observer" in App.role; }

function send(msg) {
  if (App.ws && App.ws.readyState === WebSocket.OPEN) {
    App.ws.send(JSON.stringify(msg));
    return true;
  }
  notice(t("connecting"), false);
  return false;
}

function request(msg) {
  msg.id = App.nextId++;
  send(msg);
  return msg.id;
}

function notice(text, ok) {
  const n = document.getElementById("notice");
  n.textContent = text;
  n.className = ok ? "ok show" : "bad show";
  clearTimeout(notice.timer);
  notice.timer = setTimeout(() => { n.className = ""; }, ok ? 4000 : 9000);
}

// ---- connection -------------------------------------------------------------

function connect() {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(proto + "//" + location.host + "/ws");
  App.ws = ws;
  setConn(false);
  ws.onopen = () => {
    ws.send(JSON.stringify({ t: "join", code: App.code }));
  };
  ws.onmessage = (ev) => {
    let m;
    try { m = JSON.parse(ev.data); } catch (e) { return; }
    onMessage(m);
  };
  ws.onclose = () => {
    setConn(false);
    if (App.stopped) return;
    setTimeout(connect, App.backoff);
    App.backoff = Math.min(App.backoff * 2, 5000);
  };
}

function setConn(ok) {
  const c = document.getElementById("conn");
  c.textContent = ok ? "● " + t("connected") : "● " + t("connecting");
  c.className = ok ? "conn ok" : "conn bad";
}

function onMessage(m) {
  switch (m.t) {
    case "hello":
      App.backoff = 500;
      App.role = m.role;
      App.hello = m.static;
      App.official = m.static && m.static.official;
      setConn(true);
      start();
      break;
    case "view":
      App.view = m.view;
      App.pace = m.pace;
      if (m.recording_error) notice(t("recording_error") + ": " + m.recording_error, false);
      render();
      break;
    case "hazard":
      DrillMap.setHazard(m.png);
      break;
    case "answer":
      onAnswer(m);
      break;
    case "error":
      // a refused code is final: stop reconnecting and say so
      App.stopped = /code|exercise|seat/.test(m.error);
      {
        const why = LANG === "zh" && m.error_zh ? m.error_zh : m.error;
        if (App.stopped) {
          showJoin(t("code_refused") + ": " + why);
        } else {
          notice(why, false);
        }
      }
      break;
  }
}

// An answer's text in the reader's language: the server sends refusals and what
// was done in English (`text`) and Chinese (`text_zh`), so a switch of language
// re-renders the answers still shown.
function answerText(a) {
  return LANG === "zh" && a.text_zh ? a.text_zh : a.text;
}

function answerLine(a) {
  if (a.code) return t("new_link") + " " + a.code;
  if (!a.ok) return t("refused") + ": " + answerText(a);
  return a.at_s !== undefined && a.at_s !== null
    ? t("sent") + " " + hms(a.at_s) + " — " + answerText(a)
    : answerText(a);
}

function onAnswer(a) {
  notice(answerLine(a), a.ok);
  if (!a.ok || a.code) {
    // refusals, and a new join link for a seat (shown to the facilitator only)
    App.answers.unshift({ answer: a, ok: a.ok, at: Date.now(), keep: !!a.code });
  }
  App.answers = App.answers.slice(0, 5);
  renderPanel();
}

// ---- layout -------------------------------------------------------------------

function showJoin(err) {
  document.getElementById("main").hidden = true;
  document.getElementById("join").hidden = false;
  document.getElementById("join-error").textContent = err || "";
}

function tabsFor() {
  if (isSeat()) return ["inbox", "orders", "log"];
  if (isFacilitator() && !App.official) return ["seats", "injects", "conditions", "objectives", "log"];
  return ["seats", "objectives", "log"];
}

function start() {
  document.getElementById("join").hidden = true;
  document.getElementById("main").hidden = false;
  DrillMap.init(document.getElementById("map"), App.hello.map);
  const tabs = tabsFor();
  if (!tabs.includes(App.tab)) App.tab = tabs[0];
  const controls = document.getElementById("controls");
  controls.hidden = !isFacilitator();
  const speed = document.getElementById("speed");
  speed.replaceChildren();
  const max = App.official ? Math.min(60, App.official.max_speed) : 60;
  for (const x of [1, 2, 5, 10, 20, 30, 60].filter((x) => x <= max).concat(
    [1, 2, 5, 10, 20, 30, 60].includes(max) ? [] : [max])) {
    speed.appendChild(el("option", { value: x }, "×" + x));
  }
  document.getElementById("step").hidden = !!App.official;
  render();
}

function render() {
  if (!App.hello) return;
  setLang(LANG);
  document.getElementById("lang").textContent = LANG === "zh" ? "English" : "中文";
  const who = document.getElementById("who");
  who.replaceChildren();
  who.appendChild(el("span", { class: "strong" }, App.hello.name));
  let role;
  if (isSeat()) role = t("seat") + " " + App.role.seat + " " + nameIn(App.hello.seat_name || "");
  else if (isFacilitator()) role = App.official ? t("referee") : t("facilitator");
  else role = t("observer") + " " + (App.role.observer || "");
  who.appendChild(el("span", { class: "role" }, role));
  if (App.official) {
    who.appendChild(el("span", { class: "official" }, t("official") + " " + App.official.round + " · " + App.official.team));
  }
  const v = App.view;
  if (v) {
    document.getElementById("clock").textContent = hms(v.clock.now_s);
    document.getElementById("level").textContent = t("level") + " " + (v.clock.response_level || "—");
    const p = App.pace || { running: false, speed: 1 };
    document.getElementById("pace").textContent = v.clock.finished
      ? t("finished")
      : (p.running ? t("running") : t("paused")) + " ×" + p.speed;
    document.getElementById("pace").className = v.clock.finished ? "bad" : (p.running ? "ok" : "warn");
    document.getElementById("run").textContent = p.running ? t("pause") : t("run");
    document.getElementById("run").disabled = v.clock.finished;
    document.getElementById("step").textContent = t("step");
    document.getElementById("step").disabled = v.clock.finished;
    setConn(App.ws && App.ws.readyState === WebSocket.OPEN);
    const sp = document.getElementById("speed");
    if (document.activeElement !== sp) sp.value = String(p.speed);
    DrillMap.draw(v);
  }
  renderTabs();
  renderPanel();
}

function renderTabs() {
  const nav = document.getElementById("tabs");
  nav.replaceChildren();
  for (const k of tabsFor()) {
    let label = t(k);
    if (k === "inbox" && App.view && App.view.inbox && App.view.inbox.length) {
      label += " (" + App.view.inbox.length + ")";
    }
    nav.appendChild(el("button", {
      type: "button", class: k === App.tab ? "tab on" : "tab", "data-tab": k,
      onclick: () => { App.tab = k; renderTabs(); renderPanel(); },
    }, label));
  }
}

function renderPanel() {
  const panel = document.getElementById("panel");
  if (!App.view) return;
  // keep the user's place while typing: do not redraw a form being edited
  const active = document.activeElement;
  if (active && panel.contains(active) && (active.tagName === "TEXTAREA" || active.tagName === "SELECT" || (active.tagName === "INPUT" && active.type !== "checkbox"))) {
    return;
  }
  const scroll = panel.scrollTop;
  panel.replaceChildren();
  // refusals stay in the panel for half a minute; a new link until the page reloads
  App.answers = App.answers.filter((a) => a.keep || Date.now() - a.at < 30000);
  for (const a of App.answers.slice(0, 3)) {
    panel.appendChild(el("div", { class: a.ok ? "answer ok" : "answer bad" }, answerLine(a.answer)));
  }
  const f = {
    inbox: seatInbox, orders: seatOrders, log: logPanel, seats: facSeats,
    injects: facInjects, conditions: facConditions, objectives: facObjectives,
  }[App.tab];
  if (f) f(panel);
  panel.scrollTop = scroll;
}

// ---- seat -----------------------------------------------------------------------

function levelClass(level) {
  return "badge lv-" + String(level || "none").toLowerCase();
}

function inboxItem(it, canAck) {
  const row = el("div", { class: "item", "data-kind": it.kind, "data-level": it.level || "" });
  const head = el("div", { class: "head" },
    el("span", { class: levelClass(it.level) }, t(it.level || it.kind)),
    el("span", { class: "mono" }, hms(it.received_s)),
    it.from ? el("span", { class: "from" }, it.from) : null);
  row.appendChild(head);
  row.appendChild(el("div", { class: "text" }, LANG === "zh" && it.text_zh ? it.text_zh : it.text));
  const meta = el("div", { class: "meta" }, t("waited") + " " + hms(it.waited_s));
  if (it.countdown_s !== null && it.countdown_s !== undefined) {
    meta.appendChild(el("span", { class: it.countdown_s < 0 ? "bad" : (it.countdown_s < 120 ? "warn" : "ok") },
      " · " + (it.countdown_s < 0 ? t("overdue") + " " + hms(-it.countdown_s) : t("target_left") + " " + hms(it.countdown_s))));
  }
  row.appendChild(meta);
  if (canAck) {
    row.appendChild(el("button", {
      type: "button", class: "primary ack",
      onclick: () => request({ t: "ack", item: it.ack }),
    }, t("acknowledge")));
  }
  return row;
}

// A bilingual name ("东湾村 Dongwan village") in the page's language: its Chinese words,
// or its other words; the whole name when it has none of that language (as
// `scenario::names::name_in` says it for the report and the GUI).
function nameIn(name) {
  if (!name) return name;
  const cjk = (w) => /[\u3400-\u9fff]/.test(w);
  const zh = LANG === "zh";
  const words = name.split(/\s+/).filter((w) => w && (zh ? cjk(w) : !cjk(w)));
  return words.length ? words.join(zh ? "" : " ") : name;
}

function seatInbox(panel) {
  const v = App.view;
  if (!v.human) panel.appendChild(el("p", { class: "warn" }, t("played_by_plan")));
  panel.appendChild(el("h3", {}, t("awaiting")));
  if (!v.inbox.length) panel.appendChild(el("p", { class: "muted" }, t("nothing_waiting")));
  for (const it of v.inbox) panel.appendChild(inboxItem(it, v.human && !v.clock.finished));
  if (v.inbox.length > 1 && v.human) {
    panel.appendChild(el("button", { type: "button", onclick: () => request({ t: "ack", item: "all" }) }, t("ack_all")));
  }
  panel.appendChild(el("h3", {}, t("my_units")));
  if (!v.units.length) panel.appendChild(el("p", { class: "muted" }, t("no_units")));
  const tb = el("table", { class: "units" });
  for (const u of v.units) {
    tb.appendChild(el("tr", {},
      el("td", {}, nameIn(u.name)), el("td", { class: "st-" + u.status }, t(u.status)),
      el("td", {}, (u.task ? t(u.task) : "") + (u.dest ? " → " + u.dest : ""))));
  }
  panel.appendChild(tb);
  if (v.queued.length) {
    panel.appendChild(el("h3", {}, t("queued")));
    for (const q of v.queued) panel.appendChild(el("div", { class: "muted" }, hms(q[0]) + " " + (LANG === "zh" && q[2] ? q[2] : q[1])));
  }
}

// A picker: `store` keeps the choice (also the first option when `value` is not
// among them); with `rerender` a change redraws the panel (fields that depend on it).
function select(name, options, value, store, rerender) {
  const s = el("select", {
    name,
    onchange: (e) => { store(e.target.value); if (rerender) renderPanel(); },
  });
  for (const o of options) {
    const [id, label] = Array.isArray(o) ? o : [o, o];
    s.appendChild(el("option", { value: id }, label));
  }
  if (value !== undefined && value !== null) s.value = value;
  if (s.value !== value) store(s.value);
  return s;
}

function field(label, input) {
  return el("label", { class: "field" }, el("span", {}, label), input);
}

function seatOrders(panel) {
  const c = App.hello.choices;
  const v = App.view;
  if (!v.human) panel.appendChild(el("p", { class: "warn" }, t("played_by_plan")));
  const F = App.form;
  if (!c.kinds.includes(App.kind)) App.kind = c.kinds[0];
  const form = el("form", { class: "orders", onsubmit: (e) => { e.preventDefault(); giveOrder(); } });
  form.appendChild(field(t("order_kind"), select("kind", c.kinds.filter((k) => k !== "acknowledge").map((k) => [k, t(k)]), App.kind, (x) => { App.kind = x; }, true)));
  const set = (k) => (x) => { F[k] = x; };
  const units = c.units.map((u) => [u[0].id, u[0].label]);
  const unitTasks = (id) => (c.units.find((u) => u[0].id === id) || [null, []])[1];
  const place = (list) => list.map((p) => [p.id, p.label]);
  switch (App.kind) {
    case "dispatch":
      form.appendChild(field(t("unit"), select("unit", units, F.unit, (x) => { F.unit = x; }, true)));
      form.appendChild(field(t("place"), select("to", place(c.places), F.to, set("to"))));
      form.appendChild(field(t("task"), select("task", unitTasks(F.unit).map((k) => [k, t(k)]), F.task, set("task"))));
      break;
    case "recall":
      form.appendChild(field(t("unit"), select("unit", units, F.unit, set("unit"))));
      break;
    case "warn": {
      form.appendChild(field(t("warning_level"), select("level", c.warning_levels.map((k) => [k, t(k)]), F.wlevel || "Orange", set("wlevel"))));
      form.appendChild(field(t("channel"), select("channel", c.channels.map((k) => [k, t(k)]), F.channel || "Phone", set("channel"))));
      const box = el("div", { class: "checks" });
      F.wplaces = F.wplaces || {};
      for (const p of c.covered) {
        const cb = el("input", { type: "checkbox", name: "place-" + p.id, onchange: (e) => { F.wplaces[p.id] = e.target.checked; } });
        cb.checked = !!F.wplaces[p.id];
        box.appendChild(el("label", {}, cb, p.label));
      }
      form.appendChild(field(t("places"), box));
      break;
    }
    case "set_level":
      form.appendChild(field(t("level"), select("rlevel", c.response_levels, F.rlevel, set("rlevel"))));
      break;
    case "evacuate":
      form.appendChild(field(t("place"), select("place", place(c.covered), F.place, set("place"))));
      form.appendChild(field(t("shelter_place"), select("shelter", place(c.shelters), F.shelter, set("shelter"))));
      break;
    case "shelter":
      form.appendChild(field(t("place"), select("place", place(c.covered), F.place, set("place"))));
      break;
    case "close_road":
      form.appendChild(field(t("road"), select("road", c.roads.map((r, i) => [String(i), r[0] + " – " + r[1]]), F.road, set("road"))));
      break;
    case "mutual_aid": {
      const box = el("div", { class: "checks" });
      F.aid = F.aid || {};
      for (const u of c.aid_units) {
        const cb = el("input", { type: "checkbox", onchange: (e) => { F.aid[u.id] = e.target.checked; } });
        cb.checked = !!F.aid[u.id];
        box.appendChild(el("label", {}, cb, u.label));
      }
      form.appendChild(field(t("units"), box));
      break;
    }
    case "message": {
      form.appendChild(field(t("to"), select("msg_to", place(c.recipients), F.msg_to, set("msg_to"))));
      const ta = el("textarea", { name: "text", rows: 3, maxlength: 2000, oninput: (e) => { F.text = e.target.value; } });
      ta.value = F.text || "";
      form.appendChild(field(t("text"), ta));
      break;
    }
  }
  form.appendChild(el("button", { type: "submit", class: "primary", disabled: !v.human || v.clock.finished }, t("give")));
  panel.appendChild(form);
}

function giveOrder() {
  const F = App.form, c = App.hello.choices;
  let order;
  switch (App.kind) {
    case "dispatch": order = { Dispatch: { unit: F.unit, to: F.to, task: F.task } }; break;
    case "recall": order = { Recall: { unit: F.unit } }; break;
    case "warn": order = { Warn: { places: Object.keys(F.wplaces || {}).filter((k) => F.wplaces[k]), level: F.wlevel || "Orange", channel: F.channel || "Phone" } }; break;
    case "set_level": order = { SetLevel: { level: F.rlevel } }; break;
    case "evacuate": order = { Evacuate: { place: F.place, to: F.shelter } }; break;
    case "shelter": order = { ShelterInPlace: { place: F.place } }; break;
    case "close_road": {
      const r = c.roads[Number(F.road || 0)] || ["", ""];
      order = { CloseRoad: { a: r[0], b: r[1] } };
      break;
    }
    case "mutual_aid": order = { RequestMutualAid: { units: Object.keys(F.aid || {}).filter((k) => F.aid[k]) } }; break;
    case "message": order = { Message: { to: F.msg_to, text: F.text || "" } }; F.text = ""; break;
    default: return;
  }
  request({ t: "order", order });
}

function logPanel(panel) {
  const v = App.view;
  for (const l of v.log) {
    panel.appendChild(el("div", { class: "log " + l.dir }, LANG === "zh" && l.text_zh ? l.text_zh : l.text));
  }
}

// ---- facilitator ----------------------------------------------------------------

function facSeats(panel) {
  const v = App.view;
  for (const s of v.seats) {
    const box = el("div", { class: "seat" });
    const head = el("div", { class: "head" },
      el("span", { class: "strong" }, nameIn(s.name)),
      el("span", { class: s.human ? "badge people" : "badge plan" }, s.human ? t("people") : t("plan")),
      el("span", { class: s.inbox.length ? "bad" : "muted" }, s.inbox.length ? s.inbox.length + " " + t("not_acked") : t("all_acked")));
    if (isFacilitator() && !App.official) {
      head.appendChild(el("button", {
        type: "button", class: "small", "data-handover": s.id,
        onclick: () => request({ t: "fac", order: { SetSeatMode: { seat: s.id, human: !s.human } } }),
      }, s.human ? t("to_plan") : t("to_people")));
    }
    if (isFacilitator()) {
      head.appendChild(el("button", { type: "button", class: "small", onclick: () => request({ t: "reissue", seat: s.id }) }, t("new_code")));
    }
    box.appendChild(head);
    for (const it of s.inbox) box.appendChild(inboxItem(it, false));
    panel.appendChild(box);
  }
  if (isObserver()) panel.appendChild(el("p", { class: "muted" }, t("observer_note")));
  if (App.official) panel.appendChild(el("p", { class: "muted" }, t("referee_note")));
}

function facInjects(panel) {
  const v = App.view;
  panel.appendChild(el("h3", {}, t("free_inject")));
  const seats = App.hello.seats.map((s) => [s[0], nameIn(s[1])]);
  if (!App.fac.to && seats.length) App.fac.to = seats[0][0];
  const ta = el("textarea", { name: "inject_text", rows: 3, maxlength: 2000, oninput: (e) => { App.fac.text = e.target.value; } });
  ta.value = App.fac.text;
  panel.appendChild(el("form", {
    class: "orders",
    onsubmit: (e) => {
      e.preventDefault();
      request({ t: "fac", order: { Message: { to: App.fac.to, text: App.fac.text } } });
      App.fac.text = "";
    },
  }, field(t("to"), select("inject_to", seats, App.fac.to, (x) => { App.fac.to = x; })), field(t("text"), ta),
  el("button", { type: "submit", class: "primary" }, t("deliver"))));
  panel.appendChild(el("h3", {}, t("msel")));
  for (const r of v.msel) {
    panel.appendChild(el("div", { class: "item" + (r.delivered ? " done" : "") },
      el("div", { class: "head" }, el("span", { class: "mono" }, hms(r.at_s)), el("span", { class: "strong" }, r.id),
        el("span", {}, "→ " + r.to), el("span", { class: "muted" }, r.delivered ? t("delivered") : t("scheduled"))),
      el("div", { class: "text" }, LANG === "zh" && r.text_zh ? r.text_zh : r.text),
      r.expected ? el("div", { class: "meta" }, LANG === "zh" && r.expected_zh ? r.expected_zh : r.expected) : null,
      // a row delivered (early or at its time) is not delivered again
      r.delivered ? null : el("button", { type: "button", class: "small", "data-inject": r.id, onclick: () => request({ t: "msel", inject: r.id }) }, t("deliver_now"))));
  }
}

function facConditions(panel) {
  const v = App.view;
  panel.appendChild(el("h3", {}, t("wind")));
  panel.appendChild(el("p", {}, t("wind_now") + ": " + v.wind[0].toFixed(1) + " " + t("m_s") + ", " + v.wind[1].toFixed(0) + "°"));
  const sp = el("input", { type: "number", min: 0, max: 60, step: 0.5, value: v.wind[0] });
  const dir = el("input", { type: "number", min: 0, max: 360, step: 5, value: v.wind[1] });
  panel.appendChild(el("form", {
    class: "orders row",
    onsubmit: (e) => { e.preventDefault(); request({ t: "fac", order: { SetWind: { wind_m_s: Number(sp.value), wind_from_deg: Number(dir.value) } } }); },
  }, field(t("m_s"), sp), field(t("from_deg"), dir), el("button", { type: "submit" }, t("set_wind"))));
  panel.appendChild(el("h3", {}, t("links")));
  const tb = el("table", { class: "links" });
  for (const l of v.links) {
    tb.appendChild(el("tr", { class: l.failed ? "bad" : "" },
      el("td", {}, l.a + " – " + l.b), el("td", {}, l.channel + " " + l.latency_s + " s"),
      el("td", {}, l.failed
        ? el("button", { type: "button", class: "small", onclick: () => request({ t: "fac", order: { RestoreLink: { a: l.a, b: l.b } } }) }, t("restore"))
        : el("button", { type: "button", class: "small", onclick: () => request({ t: "fac", order: { FailLink: { a: l.a, b: l.b } } }) }, t("fail")))));
  }
  panel.appendChild(tb);
  if (v.reserve.length) {
    panel.appendChild(el("h3", {}, t("reserve")));
    for (const u of v.reserve) {
      panel.appendChild(el("div", { class: "head" }, el("span", {}, u.label),
        el("button", { type: "button", class: "small", onclick: () => request({ t: "fac", order: { AddUnit: { unit: u.id } } }) }, t("add_unit"))));
    }
  }
}

function facObjectives(panel) {
  for (const o of App.view.objectives) {
    const st = o.status.state;
    let text = t(st);
    if (st === "pending" && o.status.left_s !== null && o.status.left_s !== undefined) {
      text += " · " + hms(o.status.left_s) + " " + t("left");
    }
    panel.appendChild(el("div", { class: "item" },
      el("div", { class: "head" }, el("span", { class: "badge obj-" + st }, text), el("span", { class: "strong" }, o.id + " " + o.title)),
      el("div", { class: "meta" }, t("target") + ": " + o.target),
      el("div", { class: "meta" }, t("value") + ": " + o.value)));
  }
}

// ---- start ------------------------------------------------------------------------

function init() {
  setLang(LANG);
  document.getElementById("lang").addEventListener("click", () => {
    setLang(LANG === "zh" ? "en" : "zh");
    // the passing notice was written in the other language: the panel keeps the
    // answers, re-rendered in the new one
    document.getElementById("notice").className = "";
    render();
  });
  document.getElementById("run").addEventListener("click", () => {
    request({ t: "control", run: !(App.pace && App.pace.running) });
  });
  document.getElementById("step").addEventListener("click", () => request({ t: "control", step: true }));
  document.getElementById("speed").addEventListener("change", (e) => request({ t: "control", speed: Number(e.target.value) }));
  document.getElementById("join-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const c = document.getElementById("join-code").value.trim();
    if (c) { location.hash = c; location.reload(); }
  });
  setInterval(() => send({ t: "ping" }), 20000);
  const code = location.hash.replace(/^#/, "");
  if (!/^[0-9a-fA-F]{32}$/.test(code)) {
    showJoin("");
    return;
  }
  App.code = code;
  connect();
}

init();
