/*
 * agent-feedback dashboard: reads the analytics endpoints beside this page and draws them as
 * inline SVG and tables. No third-party code, no inline script or style. The page's query
 * parameters (from, to, granularity, zone, group_by) preselect the period picker.
 * Licensed under Apache-2.0 with agent-feedback.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var base = location.pathname.replace(/\/feedback\/dashboard\/?$/, "");
  var main = document.getElementById("dashboard");
  var form = document.getElementById("period");
  var status = document.getElementById("status");

  function el(tag, attributes, text) {
    var e = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (k) { e.setAttribute(k, attributes[k]); });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function svg(tag, attributes, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (k) { e.setAttribute(k, String(attributes[k])); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function number(v) {
    if (v === null || v === undefined) return "\u2013";
    return Math.round(v) === v ? String(v) : v.toFixed(1);
  }

  function table(headers, rows) {
    var t = el("table");
    var head = el("tr");
    headers.forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    t.appendChild(head);
    rows.forEach(function (row) {
      var tr = el("tr");
      row.forEach(function (cell) {
        tr.appendChild(el("td", typeof cell === "number" || cell === null ? { class: "n" } : {}, typeof cell === "number" ? number(cell) : cell === null ? "\u2013" : cell));
      });
      t.appendChild(tr);
    });
    return t;
  }

  function fill(id, content) {
    var box = document.getElementById(id);
    box.textContent = "";
    box.appendChild(content);
  }

  function isoDate(d) {
    return d.toISOString().slice(0, 10);
  }

  function preset() {
    var q = new URLSearchParams(location.search);
    var today = new Date();
    var to = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1));
    var from = new Date(to.getTime() - 7 * 86400000);
    form.elements.from.value = q.get("from") || isoDate(from);
    form.elements.to.value = q.get("to") || isoDate(to);
    form.elements.granularity.value = q.get("granularity") || "day";
    form.elements.zone.value = q.get("zone") || (Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
    form.elements.group_by.value = q.get("group_by") || "model";
  }

  function get(path, params) {
    var query = new URLSearchParams();
    Object.keys(params).forEach(function (k) { if (params[k]) query.set(k, params[k]); });
    // location.origin, not a relative URL: a page opened with user:password@ in its address
    // resolves relative URLs with the credentials, which fetch refuses.
    return fetch(location.origin + base + path + "?" + query.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (r) {
      return r.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (!r.ok) throw new Error((json && json.detail) || "HTTP " + r.status);
        return json;
      });
    });
  }

  /* Stacked bars of volume by rating, and the satisfaction line, one step per period. */
  function trendChart(trend) {
    var points = trend.points || [];
    var width = 760, height = 260, pad = 36;
    var most = 1;
    points.forEach(function (p) { most = Math.max(most, p.summary.ratings.total); });
    var step = points.length ? (width - 2 * pad) / points.length : 0;
    var plot = height - 2 * pad;
    var chart = svg("svg", {
      width: width, height: height, viewBox: "0 0 " + width + " " + height, role: "img",
      "data-points": points.length,
      "aria-label": "Feedback per " + trend.granularity + ": bars by rating up to " + most + ", line satisfaction in percent"
    });
    chart.appendChild(svg("line", { class: "axis", x1: pad, y1: height - pad, x2: width - pad, y2: height - pad }));
    chart.appendChild(svg("text", { x: 2, y: pad - 4 }, String(most)));
    chart.appendChild(svg("text", { x: width - pad + 2, y: pad + 4 }, "100%"));
    var line = [];
    var circles = [];
    points.forEach(function (p, i) {
      var r = p.summary.ratings;
      var x = pad + i * step;
      var y = height - pad;
      [["up", r.up], ["neutral", r.neutral], ["down", r.down]].forEach(function (part) {
        var h = plot * part[1] / most;
        y -= h;
        if (part[1] > 0) {
          var bar = svg("rect", { class: "bar-" + part[0], x: (x + step * 0.15).toFixed(1), y: y.toFixed(1), width: (step * 0.7).toFixed(1), height: h.toFixed(1) });
          bar.appendChild(svg("title", {}, p.period + ": " + part[1] + " " + part[0]));
          chart.appendChild(bar);
        }
      });
      if (r.satisfaction !== null) {
        var cx = x + step / 2, cy = height - pad - plot * r.satisfaction / 100;
        line.push(cx.toFixed(1) + "," + cy.toFixed(1));
        var c = svg("circle", { class: "point", r: 3.5, cx: cx.toFixed(1), cy: cy.toFixed(1) });
        c.appendChild(svg("title", {}, p.period + ": " + number(r.satisfaction) + "% satisfied of " + r.total));
        circles.push(c);
      }
      if (i === 0 || i === points.length - 1 || points.length <= 12) {
        chart.appendChild(svg("text", { x: (x + 2).toFixed(1), y: height - pad + 14 }, p.period));
      }
    });
    if (line.length > 1) chart.appendChild(svg("polyline", { class: "line", points: line.join(" ") }));
    circles.forEach(function (c) { chart.appendChild(c); });
    var box = el("div");
    box.appendChild(chart);
    box.appendChild(el("p", { class: "legend" }, "Bars: up (green), neutral (grey), down (red) per period. Line: satisfaction, up of up and down, in percent."));
    return box;
  }

  function groups(report) {
    var g = report.groups;
    if (!g) return el("p", {}, "No grouping chosen.");
    var rows = [];
    (g.best || []).forEach(function (r) { rows.push(["best", r.key === null ? "(none)" : r.key, r.value, r.sample_size]); });
    (g.worst || []).forEach(function (r) { rows.push(["worst", r.key === null ? "(none)" : r.key, r.value, r.sample_size]); });
    (g.insufficient || []).forEach(function (r) { rows.push(["too few to rank", r.key === null ? "(none)" : r.key, r.value, r.sample_size]); });
    if (!rows.length) return el("p", {}, "No feedback in any group.");
    var box = el("div");
    box.appendChild(el("p", {}, "By " + g.key.label + ", " + g.metric + " (groups of at least " + g.min_sample_size + "):"));
    box.appendChild(table(["", "group", g.metric, "sample size"], rows));
    return box;
  }

  function show() {
    var params = {
      from: form.elements.from.value,
      to: form.elements.to.value,
      zone: form.elements.zone.value,
      group_by: form.elements.group_by.value
    };
    main.setAttribute("data-state", "loading");
    status.className = "";
    status.textContent = "Loading\u2026";
    Promise.all([
      get("/feedback/report", params),
      get("/feedback/trend", { since: params.from, until: params.to, zone: params.zone, granularity: form.elements.granularity.value })
    ]).then(function (results) {
      var report = results[0], trend = results[1];
      fill("trend", trendChart(trend));
      fill("figures", table(["figure", "this period", "previous", "change"], (report.changes || []).map(function (c) {
        return [c.figure, c.current, c.previous, c.change];
      })));
      fill("groups", groups(report));
      var rising = (report.problems && report.problems.rising) || [];
      fill("rising", rising.length ? table(["term", "this period", "previous"], rising.map(function (t) { return [t.term, t.count, t.previous_count]; })) : el("p", {}, "No rising terms."));
      var sessions = report.negative_sessions || [];
      fill("sessions", sessions.length ? table(["session", "down", "total"], sessions.map(function (s) { return [s.key, s.down, s.total]; })) : el("p", {}, "No negative feedback."));
      status.textContent = report.period.label + " (" + report.zone + "), against " + report.previous_period.label + ".";
      main.setAttribute("data-state", "ready");
    }).catch(function (e) {
      status.className = "error";
      status.textContent = "Could not load the analytics: " + e.message;
      main.setAttribute("data-state", "error");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show();
  });
  preset();
  show();
})();
