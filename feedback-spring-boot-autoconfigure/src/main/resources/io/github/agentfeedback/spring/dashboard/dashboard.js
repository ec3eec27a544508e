/*
 * agent-feedback dashboard: reads the analytics endpoints beside this page and draws them as
 * inline SVG and tables. No third-party code, no inline script or style. The page's query
 * parameters (from, to, granularity, zone, group_by, compare_by, a, b) preselect the pickers;
 * dates are days in the chosen zone. Licensed under Apache-2.0 with agent-feedback.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var base = location.pathname.replace(/\/feedback\/dashboard\/?$/, "");
  var main = document.getElementById("dashboard");
  var form = document.getElementById("period");
  var compareForm = document.getElementById("compare");
  var status = document.getElementById("status");
  var query = new URLSearchParams(location.search);
  var METHODS = {
    score: "score test",
    fisher_exact: "Fisher's exact test",
    cluster_robust: "z-test with session-clustered standard errors"
  };

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

  function signed(v) {
    return v === null || v === undefined ? "\u2013" : (v > 0 ? "+" : "") + number(v);
  }

  function interval(ci) {
    return ci ? "[" + number(ci.lower) + ", " + number(ci.upper) + "]" : "\u2013";
  }

  function pValue(p) {
    if (p === null || p === undefined) return "\u2013";
    return p < 0.001 ? "< 0.001" : p.toFixed(3);
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

  /* Today's date in a zone, as YYYY-MM-DD; the browser's own date for an unknown zone. */
  function today(zone) {
    var now = new Date();
    try {
      var parts = {};
      new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
        .formatToParts(now).forEach(function (p) { parts[p.type] = p.value; });
      return parts.year + "-" + parts.month + "-" + parts.day;
    } catch (e) {
      return now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" + String(now.getDate()).padStart(2, "0");
    }
  }

  function addDays(date, days) {
    var d = new Date(date + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  function preset() {
    var zone = query.get("zone") || (Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
    var to = addDays(today(zone), 1);
    form.elements.from.value = query.get("from") || addDays(to, -7);
    form.elements.to.value = query.get("to") || to;
    form.elements.granularity.value = query.get("granularity") || "day";
    form.elements.zone.value = zone;
    form.elements.group_by.value = query.get("group_by") || "model";
    compareForm.elements.by.value = query.get("compare_by") || form.elements.group_by.value;
  }

  function get(path, params) {
    var q = new URLSearchParams();
    Object.keys(params).forEach(function (k) { if (params[k]) q.set(k, params[k]); });
    // location.origin, not a relative URL: a page opened with user:password@ in its address
    // resolves relative URLs with the credentials, which fetch refuses.
    return fetch(location.origin + base + path + "?" + q.toString(), {
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

  /* The period of the pickers, as the analytics' filters (bare dates in the zone). */
  function period() {
    return { since: form.elements.from.value, until: form.elements.to.value, zone: form.elements.zone.value };
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

  /* A small line chart of one figure per trend point; a circle where the period has it. */
  function sparkline(points, value, low, high, label) {
    var width = 240, height = 70, pad = 6;
    var step = points.length ? (width - 2 * pad) / points.length : 0;
    var chart = svg("svg", {
      class: "sparkline", width: width, height: height, viewBox: "0 0 " + width + " " + height,
      role: "img", "data-points": points.length, "aria-label": label + " per period, from " + number(low) + " to " + number(high)
    });
    chart.appendChild(svg("line", { class: "axis", x1: pad, y1: height - pad, x2: width - pad, y2: height - pad }));
    var line = [];
    var circles = [];
    points.forEach(function (p, i) {
      var v = value(p.summary);
      if (v === null || v === undefined) return;
      var cx = pad + i * step + step / 2;
      var cy = height - pad - (height - 2 * pad) * (v - low) / (high - low);
      line.push(cx.toFixed(1) + "," + cy.toFixed(1));
      var c = svg("circle", { class: "point", r: 3, cx: cx.toFixed(1), cy: cy.toFixed(1) });
      c.appendChild(svg("title", {}, p.period + ": " + label + " " + number(v)));
      circles.push(c);
    });
    if (line.length > 1) chart.appendChild(svg("polyline", { class: "line", points: line.join(" ") }));
    circles.forEach(function (c) { chart.appendChild(c); });
    return chart;
  }

  function scaleOf(summary, name) {
    return (summary.scales || []).filter(function (s) { return s.scale === name; })[0] || null;
  }

  /* NPS, CSAT and CES tiles for the scales read so, each with its change and a trend line. */
  function scores(report, trend) {
    var changes = {};
    (report.changes || []).forEach(function (c) { changes[c.figure] = c; });
    var tiles = [];
    (report.current.scales || []).forEach(function (s) {
      var name = s.scale;
      if (s.nps) {
        tiles.push({ kind: "nps", label: "NPS", scale: name, value: s.nps.score, text: number(s.nps.score), n: s.count,
          detail: number(s.nps.promoters) + "% promoters, " + number(s.nps.detractors) + "% detractors",
          change: name === "nps" ? changes.nps : null, low: -100, high: 100,
          of: function (summary) { var x = scaleOf(summary, name); return x && x.nps ? x.nps.score : null; } });
      }
      if (s.csat !== null) {
        tiles.push({ kind: "csat", label: "CSAT", scale: name, value: s.csat, text: number(s.csat) + "%", n: s.count,
          detail: "scores in the top two points", change: name === "csat" ? changes.csat : null, low: 0, high: 100,
          of: function (summary) { var x = scaleOf(summary, name); return x ? x.csat : null; } });
      }
      if (s.ces !== null) {
        var of = function (summary) { var x = scaleOf(summary, name); return x ? x.ces : null; };
        var values = (trend.points || []).map(function (p) { return of(p.summary); }).filter(function (v) { return v !== null; });
        values.push(s.ces);
        var low = Math.floor(Math.min.apply(null, values)), high = Math.ceil(Math.max.apply(null, values));
        tiles.push({ kind: "ces", label: "CES", scale: name, value: s.ces, text: s.ces.toFixed(2), n: s.count,
          detail: "mean effort score", change: changes["score." + name + ".mean"], low: low, high: high > low ? high : low + 1, of: of });
      }
    });
    if (!tiles.length) return null;
    var order = ["nps", "csat", "ces"];
    tiles.sort(function (x, y) { return order.indexOf(x.kind) - order.indexOf(y.kind) || (x.scale < y.scale ? -1 : 1); });
    var box = el("div", { class: "tiles" });
    tiles.forEach(function (t) {
      var tile = el("div", { class: "tile", "data-figure": t.kind, "data-scale": t.scale });
      tile.appendChild(el("div", { class: "tile-label" }, t.label + " (scale " + t.scale + ")"));
      tile.appendChild(el("div", { class: "tile-value", "data-value": t.value }, t.text));
      tile.appendChild(el("div", { class: "tile-n", "data-n": t.n }, "n = " + t.n + "; " + t.detail));
      var c = t.change;
      tile.appendChild(el("div", { class: "tile-change" }, !c || c.change === null ? "no change to show against the previous period"
        : signed(c.change) + " against the previous period" + (c.interval ? ", " + Math.round(c.interval.level * 100) + "% interval " + interval(c.interval) + ", p " + pValue(c.p_value) : " (not tested)")));
      tile.appendChild(sparkline(trend.points || [], t.of, t.low, t.high, t.label));
      box.appendChild(tile);
    });
    return box;
  }

  function groups(report) {
    var g = report.groups;
    if (!g) return el("p", {}, "No grouping chosen.");
    var rows = [];
    function add(label, r) { rows.push([label, r.key === null ? "(none)" : r.key, r.value, interval(r.interval), r.sample_size]); }
    (g.best || []).forEach(function (r) { add("best", r); });
    (g.worst || []).forEach(function (r) { add("worst", r); });
    (g.insufficient || []).forEach(function (r) { add("too few to rank", r); });
    if (!rows.length) return el("p", {}, "No feedback in any group.");
    var box = el("div");
    box.appendChild(el("p", {}, "By " + g.key.label + ", " + g.metric + " (groups of at least " + g.min_sample_size + "):"));
    box.appendChild(table(["", "group", g.metric, "interval", "sample size"], rows));
    return box;
  }

  /* The difference b − a and its interval, on an axis symmetric around zero. */
  function intervalBar(test) {
    var width = 560, height = 64, pad = 24;
    var ci = test.interval;
    var reach = Math.max(Math.abs(ci.lower), Math.abs(ci.upper), Math.abs(test.difference), 1) * 1.15;
    function x(v) { return pad + (v + reach) / (2 * reach) * (width - 2 * pad); }
    var mid = 30;
    var chart = svg("svg", {
      class: "interval", width: width, height: height, viewBox: "0 0 " + width + " " + height, role: "img",
      "data-difference": test.difference, "data-lower": ci.lower, "data-upper": ci.upper,
      "aria-label": "Difference " + signed(test.difference) + " points, " + Math.round(ci.level * 100) + "% interval from " + number(ci.lower) + " to " + number(ci.upper)
    });
    chart.appendChild(svg("line", { class: "axis", x1: pad, y1: mid, x2: width - pad, y2: mid }));
    chart.appendChild(svg("line", { class: "zero", x1: x(0).toFixed(1), y1: 8, x2: x(0).toFixed(1), y2: height - 16 }));
    chart.appendChild(svg("line", { class: "interval-bar", x1: x(ci.lower).toFixed(1), y1: mid, x2: x(ci.upper).toFixed(1), y2: mid }));
    [ci.lower, ci.upper].forEach(function (v) {
      chart.appendChild(svg("line", { class: "interval-end", x1: x(v).toFixed(1), y1: mid - 8, x2: x(v).toFixed(1), y2: mid + 8 }));
    });
    var dot = svg("circle", { class: "estimate", r: 5, cx: x(test.difference).toFixed(1), cy: mid });
    dot.appendChild(svg("title", {}, "difference " + signed(test.difference) + " points"));
    chart.appendChild(dot);
    chart.appendChild(svg("text", { x: x(0).toFixed(1), y: height - 4, "text-anchor": "middle" }, "0"));
    chart.appendChild(svg("text", { x: pad, y: height - 4, "text-anchor": "start" }, "\u2212" + number(reach)));
    chart.appendChild(svg("text", { x: width - pad, y: height - 4, "text-anchor": "end" }, "+" + number(reach)));
    return chart;
  }

  /* Why a test was withheld, with the two sides' sample sizes. */
  function withheldText(reason, c, what, na, nb) {
    var sizes = c.a + " has " + na + ", " + c.b + " has " + nb + ".";
    if (reason === "too_few") {
      return "Too few to test: each side needs at least " + c.min_sample_size + " " + what + "; " + sizes;
    }
    if (reason === "no_data") return "No data to test: a side has no " + what + "; " + sizes;
    return "No variation to test: every value of both sides is the same; " + sizes;
  }

  var ADJUSTMENTS = { holm: "Holm's method", benjamini_hochberg: "the Benjamini-Hochberg method" };

  function comparison(c) {
    var box = el("div");
    var s = c.satisfaction;
    box.appendChild(table(["side", c.key.label, "satisfaction", "up", "down", "n (up + down)"], [
      ["A", c.a, s.a.percent === null ? "\u2013" : number(s.a.percent) + "%", s.a.successes, s.a.trials - s.a.successes, s.a.trials],
      ["B", c.b, s.b.percent === null ? "\u2013" : number(s.b.percent) + "%", s.b.successes, s.b.trials - s.b.successes, s.b.trials]
    ]));
    if (s.withheld) {
      box.appendChild(el("p", { class: "withheld", "data-withheld": s.withheld },
        withheldText(s.withheld, c, "up or down votes", s.a.trials, s.b.trials)));
    } else {
      box.appendChild(el("p", { class: "difference" }, "Difference (B \u2212 A): " + signed(s.difference) + " points, "
        + Math.round(s.interval.level * 100) + "% interval " + interval(s.interval) + "."));
      box.appendChild(intervalBar(s));
      box.appendChild(el("p", { class: s.significant ? "test significant" : "test", "data-p": s.p_value, "data-method": s.method },
        "p = " + pValue(s.p_value) + " (" + (METHODS[s.method] || s.method)
        + (ADJUSTMENTS[c.adjustment] ? "; adjusted by " + ADJUSTMENTS[c.adjustment] + " over the comparison's tests: " + pValue(s.adjusted_p_value) : "")
        + "), " + (s.significant ? "significant" : "not significant") + " at \u03b1 = " + c.alpha + "."));
    }
    if ((c.scores || []).length) {
      box.appendChild(el("p", {}, "Mean scores (Welch's t-test):"));
      box.appendChild(table(["scale", "mean A (n)", "mean B (n)", "difference", "interval", "p"], c.scores.map(function (t) {
        return [t.scale, number(t.a.mean) + " (" + t.a.count + ")", number(t.b.mean) + " (" + t.b.count + ")", signed(t.difference),
          t.withheld ? withheldText(t.withheld, c, "scores", t.a.count, t.b.count) : interval(t.interval),
          pValue(t.p_value)];
      })));
    }
    return box;
  }

  function compareState(state, content) {
    var box = document.getElementById("comparison");
    box.setAttribute("data-state", state);
    fill("comparison", content);
  }

  function runComparison() {
    var a = compareForm.elements.a.value, b = compareForm.elements.b.value;
    if (!a || !b || a === b) {
      compareState("empty", el("p", {}, "Pick two different values to compare."));
      return Promise.resolve();
    }
    var params = period();
    params.by = compareForm.elements.by.value;
    params.a = a;
    params.b = b;
    compareState("loading", el("p", {}, "Loading\u2026"));
    return get("/feedback/compare", params).then(function (c) {
      compareState("ready", comparison(c));
    }, function (e) {
      compareState("error", el("p", { class: "error" }, "Could not compare: " + e.message));
    });
  }

  /* The values of the comparison's field, from its group breakdown, largest sample first. */
  function loadValues(preferA, preferB) {
    var params = period();
    params.by = compareForm.elements.by.value;
    params.min_sample_size = "1";
    params.limit = "100";
    ["a", "b"].forEach(function (k) { compareForm.elements[k].textContent = ""; });
    if (!params.by) {
      compareState("empty", el("p", {}, "Name a field to compare its values."));
      return Promise.resolve();
    }
    return get("/feedback/groups", params).then(function (g) {
      var rows = (g.best || []).concat(g.worst || [], g.insufficient || []).filter(function (r) { return r.key !== null; });
      rows.sort(function (x, y) { return y.sample_size - x.sample_size || (x.key < y.key ? -1 : 1); });
      ["a", "b"].forEach(function (k) {
        rows.forEach(function (r) {
          compareForm.elements[k].appendChild(el("option", { value: r.key }, r.key + " (n = " + r.sample_size + ")"));
        });
      });
      var keys = rows.map(function (r) { return r.key; });
      var a = keys.indexOf(preferA) >= 0 ? preferA : keys[0];
      var b = keys.indexOf(preferB) >= 0 && preferB !== a ? preferB : keys.filter(function (k) { return k !== a; })[0];
      if (a) compareForm.elements.a.value = a;
      if (b) compareForm.elements.b.value = b;
      if (keys.length < 2) {
        compareState("empty", el("p", {}, "Fewer than two values of " + params.by + " in this period."));
        return null;
      }
      return runComparison();
    }, function (e) {
      compareState("error", el("p", { class: "error" }, "Could not list the values: " + e.message));
    });
  }

  function show(first) {
    var p = period();
    var params = { from: p.since, to: p.until, zone: p.zone, group_by: form.elements.group_by.value };
    main.setAttribute("data-state", "loading");
    status.className = "";
    status.textContent = "Loading\u2026";
    Promise.all([
      get("/feedback/report", params),
      get("/feedback/trend", { since: p.since, until: p.until, zone: p.zone, granularity: form.elements.granularity.value })
    ]).then(function (results) {
      var report = results[0], trend = results[1];
      fill("trend", trendChart(trend));
      fill("figures", table(["figure", "this period", "previous", "change", "interval", "p"], (report.changes || []).map(function (c) {
        return [c.figure, c.current, c.previous, c.change, interval(c.interval), pValue(c.p_value)];
      })));
      var tiles = scores(report, trend);
      document.getElementById("scores-section").hidden = !tiles;
      if (tiles) fill("scores", tiles); else document.getElementById("scores").textContent = "";
      fill("groups", groups(report));
      var rising = (report.problems && report.problems.rising) || [];
      fill("rising", rising.length ? table(["term", "this period", "previous"], rising.map(function (t) { return [t.term, t.count, t.previous_count]; })) : el("p", {}, "No rising terms."));
      var sessions = report.negative_sessions || [];
      fill("sessions", sessions.length ? table(["session", "down", "total"], sessions.map(function (s) { return [s.key, s.down, s.total]; })) : el("p", {}, "No negative feedback."));
      status.textContent = "From " + p.since + " to " + p.until + " (exclusive) in " + report.zone + ", against the "
        + Math.round((Date.parse(p.until) - Date.parse(p.since)) / 86400000) + " days before.";
      return loadValues(first ? query.get("a") : compareForm.elements.a.value, first ? query.get("b") : compareForm.elements.b.value);
    }).then(function () {
      main.setAttribute("data-state", "ready");
    }).catch(function (e) {
      // Nothing of an earlier period may stay on the page as if it were this one's.
      ["trend", "figures", "scores", "groups", "rising", "sessions", "comparison"].forEach(function (id) {
        document.getElementById(id).textContent = "";
      });
      document.getElementById("scores-section").hidden = true;
      document.getElementById("comparison").setAttribute("data-state", "empty");
      ["a", "b"].forEach(function (k) { compareForm.elements[k].textContent = ""; });
      status.className = "error";
      status.textContent = "Could not load the analytics: " + e.message;
      main.setAttribute("data-state", "error");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(false);
  });
  compareForm.addEventListener("submit", function (event) {
    event.preventDefault();
    runComparison();
  });
  compareForm.elements.by.addEventListener("change", function () {
    loadValues(null, null);
  });
  preset();
  show(true);
})();
