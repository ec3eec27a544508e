/*
 * agent-feedback widget: thumbs up/down, an optional 1-5 star score and comment box for one
 * answer, posted with a signed feedback token. Plain JavaScript, no build step, no third-party
 * code, no cookies (fetch with credentials "omit"), no inline styles or scripts (works under
 * a strict Content-Security-Policy). Licensed under Apache-2.0 with agent-feedback.
 *
 * Use, one element per answer:
 *   <link rel="stylesheet" href="/agent-feedback/feedback-widget.css">
 *   <script src="/agent-feedback/feedback-widget.js" defer></script>
 *   <div data-agent-feedback data-session="chat-1" data-message="m-7" data-token="..."
 *        data-stars data-comment></div>
 * Optional: data-api (default "/api"), the base path of the endpoints. Elements added to the
 * page later (answers of a chat arriving) start as they are added. The controls are disabled
 * until the stored vote is shown (so that no click posts a vote without the stored score or
 * comment). One post at a time: clicks made while one is under way are sent together after it,
 * as one post of the latest choice; a click that changes nothing posts nothing. A refused or
 * failed post leaves the stored vote shown (the typed comment stays in its box) and says why
 * in words a user can act on. The element's data-state says "ready" once the current vote is
 * shown, "saved" or "error" after a save, and data-saves counts the saves answered.
 */
(function () {
  "use strict";

  var LABELS = { up: "Helpful", down: "Not helpful" };

  function el(tag, attributes, text) {
    var e = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      e.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function Widget(root) {
    this.root = root;
    this.token = root.getAttribute("data-token") || "";
    var api = (root.getAttribute("data-api") || "/api").replace(/\/+$/, "");
    this.url =
      api +
      "/sessions/" +
      encodeURIComponent(root.getAttribute("data-session") || "") +
      "/messages/" +
      encodeURIComponent(root.getAttribute("data-message") || "") +
      "/vote";
    this.state = { rating: null, score: null, comment: "" };
    this.stored = { rating: null, score: null, comment: "" };
    this.saves = 0;
    this.busy = false;
    this.queued = false;
    this.render();
    this.enable(false);
    this.load();
  }

  Widget.prototype.render = function () {
    var self = this;
    var root = this.root;
    root.classList.add("af-widget");
    root.textContent = "";

    var thumbs = el("div", { class: "af-thumbs", role: "group", "aria-label": "Rate this answer" });
    this.thumbs = {};
    ["up", "down"].forEach(function (rating) {
      var b = el("button", {
        type: "button",
        class: "af-thumb af-" + rating,
        "aria-label": LABELS[rating],
        "aria-pressed": "false",
        "data-rating": rating
      });
      b.appendChild(el("span", { class: "af-icon", "aria-hidden": "true" }, rating === "up" ? "\u25B2" : "\u25BC"));
      b.appendChild(document.createTextNode(" " + LABELS[rating]));
      b.addEventListener("click", function () {
        self.state.rating = rating;
        self.save();
      });
      self.thumbs[rating] = b;
      thumbs.appendChild(b);
    });
    root.appendChild(thumbs);

    if (root.hasAttribute("data-stars")) {
      var stars = el("div", { class: "af-stars", role: "radiogroup", "aria-label": "Score from 1 to 5 stars" });
      this.stars = [];
      for (var i = 1; i <= 5; i++) {
        (function (value) {
          var s = el("button", {
            type: "button",
            role: "radio",
            class: "af-star",
            "aria-checked": "false",
            "aria-label": value + (value === 1 ? " star" : " stars") + " of 5",
            "data-score": String(value),
            tabindex: value === 1 ? "0" : "-1"
          }, "\u2606");
          s.addEventListener("click", function () {
            self.state.score = value;
            self.save();
          });
          s.addEventListener("keydown", function (event) {
            var next = null;
            if (event.key === "ArrowRight" || event.key === "ArrowUp") next = Math.min(5, value + 1);
            if (event.key === "ArrowLeft" || event.key === "ArrowDown") next = Math.max(1, value - 1);
            if (event.key === "Home") next = 1;
            if (event.key === "End") next = 5;
            if (next !== null) {
              event.preventDefault();
              self.stars[next - 1].focus();
              self.state.score = next;
              self.save();
            }
          });
          self.stars.push(s);
          stars.appendChild(s);
        })(i);
      }
      root.appendChild(stars);
    }

    if (root.hasAttribute("data-comment")) {
      var id = "af-comment-" + Math.random().toString(36).slice(2);
      var box = el("div", { class: "af-comment" });
      box.appendChild(el("label", { for: id }, "Comment (optional)"));
      this.comment = el("textarea", { id: id, rows: "2", maxlength: "5000" });
      box.appendChild(this.comment);
      var send = el("button", { type: "button", class: "af-send" }, "Send comment");
      send.addEventListener("click", function () {
        self.state.comment = self.comment.value;
        self.save();
      });
      box.appendChild(send);
      root.appendChild(box);
    }

    this.status = el("p", { class: "af-status", role: "status", "aria-live": "polite" });
    root.appendChild(this.status);
  };

  Widget.prototype.show = function () {
    var state = this.state;
    var self = this;
    ["up", "down"].forEach(function (rating) {
      self.thumbs[rating].setAttribute("aria-pressed", String(state.rating === rating));
    });
    if (this.stars) {
      this.stars.forEach(function (s, index) {
        var value = index + 1;
        var checked = state.score === value;
        s.setAttribute("aria-checked", String(checked));
        s.setAttribute("tabindex", checked || (state.score === null && value === 1) ? "0" : "-1");
        s.textContent = state.score !== null && value <= state.score ? "\u2605" : "\u2606";
      });
    }
    if (this.comment && document.activeElement !== this.comment) {
      this.comment.value = state.comment;
    }
  };

  Widget.prototype.say = function (text, isError) {
    this.status.textContent = text;
    this.status.classList.toggle("af-error", Boolean(isError));
  };

  Widget.prototype.request = function (method, body) {
    var init = {
      method: method,
      credentials: "omit",
      cache: "no-store",
      headers: { "Feedback-Token": this.token, Accept: "application/json" }
    };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(this.url, init).then(function (response) {
      return response.text().then(function (text) {
        var json = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch (e) {
          json = null;
        }
        if (!response.ok) {
          throw new Failure(response.status, json, response.headers.get("Retry-After"));
        }
        return json;
      });
    });
  };

  /* The vote as the server holds it becomes what is stored and what is shown. */
  Widget.prototype.adopt = function (vote) {
    var stored = { rating: null, score: null, comment: "" };
    if (vote) {
      stored.rating = vote.rating === "up" || vote.rating === "down" ? vote.rating : null;
      var value = vote.score && vote.score.scale === "stars_5" ? Math.round(vote.score.value) : null;
      stored.score = value >= 1 && value <= 5 ? value : null;
      stored.comment = typeof vote.comment === "string" ? vote.comment : "";
    }
    this.stored = stored;
    this.state = { rating: stored.rating, score: stored.score, comment: stored.comment };
  };

  Widget.prototype.enable = function (on) {
    var controls = this.root.querySelectorAll("button, textarea");
    for (var i = 0; i < controls.length; i++) {
      controls[i].disabled = !on;
    }
  };

  Widget.prototype.describe = function () {
    var parts = [];
    if (this.state.rating) parts.push(LABELS[this.state.rating].toLowerCase());
    if (this.state.score !== null) parts.push(this.state.score + " of 5 stars");
    if (this.state.comment) parts.push("with a comment");
    return parts.length ? "Your feedback: " + parts.join(", ") + "." : "";
  };

  Widget.prototype.load = function () {
    var self = this;
    this.request("GET")
      .then(function (json) {
        self.adopt(json && json.vote);
        self.show();
        self.enable(true);
        self.say(self.describe());
        self.root.setAttribute("data-state", "ready");
      })
      .catch(function (e) {
        self.show();
        self.say("Feedback is unavailable: " + explain(e), true);
        self.root.setAttribute("data-state", "error");
      });
  };

  /* data-state and data-saves tell scripts and tests where the widget is. */
  Widget.prototype.saved = function (state) {
    this.saves += 1;
    this.root.setAttribute("data-saves", String(this.saves));
    this.root.setAttribute("data-state", state);
  };

  Widget.prototype.save = function () {
    if (this.comment) {
      this.state.comment = this.comment.value; // typed text goes with any click
    }
    this.show();
    if (!this.busy && same(this.state, this.stored)) {
      this.say(this.describe()); // nothing changed (a double click's second click): no post
      this.root.setAttribute("data-state", "saved");
      return;
    }
    this.say("Saving\u2026");
    if (this.busy) {
      this.queued = true; // sent when the post under way is answered
      return;
    }
    this.send();
  };

  Widget.prototype.send = function () {
    var self = this;
    var state = this.state;
    var body = { rating: state.rating, comment: state.comment, created_at: new Date().toISOString() };
    if (state.score !== null) {
      body.score = { value: state.score, scale: "stars_5" };
    }
    this.busy = true;
    this.queued = false;
    this.request("POST", body).then(
      function (json) {
        self.busy = false;
        var choice = self.state;
        self.adopt(json && json.vote);
        if (self.queued && !same(choice, self.stored)) {
          self.state = choice; // a later click: send it, show its choice meanwhile
          self.send();
          return;
        }
        self.queued = false;
        self.show();
        self.say(self.describe() + " Thank you!");
        self.saved("saved");
      },
      function (e) {
        self.busy = false;
        if (self.queued) {
          self.send(); // the latest click gets its own try
          return;
        }
        // Show what is stored, not the choice that was not; keep the typed comment.
        self.state.rating = self.stored.rating;
        self.state.score = self.stored.score;
        self.show();
        self.say("Not saved: " + explain(e), true);
        self.saved("error");
      }
    );
  };

  function same(a, b) {
    return a.rating === b.rating && a.score === b.score && a.comment === b.comment;
  }

  /* A refused or failed request: the HTTP status, the problem's body, the Retry-After value. */
  function Failure(status, problem, retryAfter) {
    this.status = status;
    this.problem = problem || {};
    this.retryAfter = retryAfter;
  }

  /* Seconds until a retry, from a Retry-After of seconds or of an HTTP date; null if none. */
  function seconds(retryAfter) {
    if (!retryAfter) return null;
    var n = /^\s*\d+\s*$/.test(retryAfter) ? Number(retryAfter) : (Date.parse(retryAfter) - Date.now()) / 1000;
    return isFinite(n) ? Math.max(1, Math.ceil(n)) : null;
  }

  function later(retryAfter) {
    var n = seconds(retryAfter);
    return n === null ? "later" : "in " + n + (n === 1 ? " second" : " seconds");
  }

  /* What went wrong, in words a user can act on. */
  function explain(e) {
    if (!(e instanceof Failure)) {
      return "the server could not be reached. Check the connection and try again.";
    }
    var status = e.status, problem = e.problem;
    if (status === 401) {
      return problem.code === "expired"
        ? "this page is too old to take feedback. Reload it to vote."
        : "this page's feedback link is not valid. Reload the page to vote.";
    }
    if (status === 403) return "this page's feedback link is for another answer.";
    if (status === 429) return "too many votes. Try again " + later(e.retryAfter) + ".";
    if (status === 503) return "the feedback service is busy. Try again " + later(e.retryAfter) + ".";
    if (status >= 500) return "the feedback service failed. Try again later.";
    var errors = Array.isArray(problem.errors) ? problem.errors : [];
    if (errors.some(function (v) { return v && v.field === "created_at"; })) {
      return "this device's clock is off by more than a few minutes. Correct it and try again.";
    }
    var detail = typeof problem.detail === "string" && problem.detail ? problem.detail : "HTTP " + status;
    return detail.length > 300 ? detail.slice(0, 300) + "\u2026" : detail;
  }

  var SELECTOR = "[data-agent-feedback]";

  function startIn(node) {
    var roots = node.matches && node.matches(SELECTOR) ? [node] : [];
    if (node.querySelectorAll) {
      roots = roots.concat(Array.prototype.slice.call(node.querySelectorAll(SELECTOR)));
    }
    roots.forEach(function (root) {
      if (!root.classList.contains("af-widget")) {
        new Widget(root);
      }
    });
  }

  /* The elements on the page now, then each one added later (answers arriving in a chat). */
  function start() {
    startIn(document);
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        for (var i = 0; i < record.addedNodes.length; i++) {
          if (record.addedNodes[i].nodeType === 1) {
            startIn(record.addedNodes[i]);
          }
        }
      });
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
