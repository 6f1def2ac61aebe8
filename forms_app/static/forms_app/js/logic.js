// Conditional questions in the browser: the twin of forms_app/logic.py (same rules, same answers,
// checked against the same table: tests/forms_app/logic_cases.json). Progressive enhancement
// only: without it every question shows with its condition written beside it, and the server
// asks the newly relevant ones after "Continue". No eval, no inline script (CSP).
(function () {
  "use strict";

  var NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

  function text(value) {
    return value === null || value === undefined ? "" : String(value).trim();
  }

  function texts(answer) {
    var values = Array.isArray(answer) ? answer : [answer];
    return values.map(text).filter(function (t) { return t !== ""; });
  }

  function number(value) {
    var t = text(value).replace(/[\s\u00a0\u202f$]/g, "");
    if (t.indexOf(",") !== -1 && t.indexOf(".") !== -1) {
      t = t.replace(/,/g, "");
    } else if (t.indexOf(",") !== -1) {
      t = t.replace(/,/g, ".");
    }
    return NUMBER.test(t) ? parseFloat(t) : null;
  }

  function same(a, b) {
    return text(a).toLowerCase() === text(b).toLowerCase();
  }

  function holds(condition, answers) {
    var name = condition.field;
    if (typeof name !== "string" || !Object.prototype.hasOwnProperty.call(answers, name)) {
      return false;
    }
    var operator = condition.operator;
    var value = condition.value;
    var given = texts(answers[name]);
    switch (operator) {
      case "is_answered":
        return given.length > 0;
      case "is":
        return given.length === 1 && same(given[0], value);
      case "is_not":
        return !(given.length === 1 && same(given[0], value));
      case "is_one_of":
        var options = texts(value);
        return given.some(function (g) { return options.some(function (o) { return same(g, o); }); });
      case "contains":
        var wanted = text(value).toLowerCase();
        if (!wanted) { return false; }
        if (Array.isArray(answers[name])) {
          return given.some(function (g) { return same(g, wanted); });
        }
        return given.some(function (g) { return g.toLowerCase().indexOf(wanted) !== -1; });
      case "more_than":
      case "less_than":
        var limit = number(value);
        var answer = given.length === 1 ? number(given[0]) : null;
        if (limit === null || answer === null) { return false; }
        return operator === "more_than" ? answer > limit : answer < limit;
      default:
        return false;
    }
  }

  function conditions(rule) {
    var found = rule && typeof rule === "object" ? rule.conditions : null;
    if (!Array.isArray(found)) { return []; }
    return found.filter(function (c) { return c && typeof c === "object" && !Array.isArray(c); });
  }

  function evaluate(rule, answers) {
    var found = conditions(rule);
    if (found.length === 0) { return true; }
    var results = found.map(function (c) { return holds(c, answers); });
    return rule.combine === "any"
      ? results.some(function (r) { return r; })
      : results.every(function (r) { return r; });
  }

  function byPosition(answer, choices) {
    if (!choices || choices.length === 0) { return answer; }
    var folded = choices.map(function (c) { return text(c).toLowerCase(); });
    function position(value) {
      var index = folded.indexOf(text(value).toLowerCase());
      return index === -1 ? text(value) : String(index + 1);
    }
    if (Array.isArray(answer)) { return answer.map(position); }
    return text(answer) ? position(answer) : "";
  }

  // known: answers the rules read that are asked elsewhere (an earlier section), as the server
  // read them.
  function visibleNames(fields, answers, known) {
    var shown = [];
    var seen = {};
    Object.keys(known || {}).forEach(function (name) { seen[name] = known[name]; });
    fields.forEach(function (field) {
      if (evaluate(field.show_if || {}, seen)) {
        shown.push(field.name);
        var answer = Object.prototype.hasOwnProperty.call(answers, field.name) ? answers[field.name] : "";
        seen[field.name] = byPosition(answer, field.choices || []);
      }
    });
    return shown;
  }

  window.OpenReportLogic = { evaluate: evaluate, visibleNames: visibleNames, number: number };

  // The page: each question's wrapper carries its name, its rule and its choices.
  function parse(json, fallback) {
    try { return JSON.parse(json || ""); } catch (error) { return fallback; }
  }

  function readAnswer(form, question) {
    var inputs = form.querySelectorAll("[name=\"" + CSS.escape(question.input) + "\"]");
    if (inputs.length === 0) { return ""; }
    var first = inputs[0];
    if (first.tagName === "SELECT" && first.multiple) {
      return Array.prototype.filter.call(first.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; });
    }
    if (first.type === "radio") {
      var checked = Array.prototype.filter.call(inputs, function (i) { return i.checked; });
      return checked.length ? checked[0].value : "";
    }
    if (first.type === "checkbox") {
      var ticked = Array.prototype.filter.call(inputs, function (i) { return i.checked; });
      if (question.multiple) { return ticked.map(function (i) { return i.value; }); }
      return ticked.length ? (ticked[0].getAttribute("value") || "on") : "";
    }
    return first.value;
  }

  function setShown(wrapper, shown) {
    wrapper.hidden = !shown;
    wrapper.querySelectorAll("input, select, textarea, button").forEach(function (control) {
      control.disabled = !shown;
    });
  }

  function bind(form) {
    var status = form.querySelector("[data-logic-status]");
    var shownInput = form.querySelector("[data-logic-shown]");
    var questions = Array.prototype.map.call(form.querySelectorAll("[data-logic-name]"), function (wrapper) {
      return {
        wrapper: wrapper,
        name: wrapper.getAttribute("data-logic-name"),
        input: wrapper.getAttribute("data-logic-input") || wrapper.getAttribute("data-logic-name"),
        multiple: wrapper.hasAttribute("data-logic-multiple"),
        show_if: parse(wrapper.getAttribute("data-logic-rule"), {}),
        choices: parse(wrapper.getAttribute("data-logic-choices"), [])
      };
    });
    if (questions.length === 0) { return; }
    // With the questions shown and hidden here, their written conditions are not needed.
    form.querySelectorAll("[data-logic-hint]").forEach(function (hint) { hint.hidden = true; });
    var shownBefore = null;
    var known = parse(form.getAttribute("data-logic-known"), {});

    function update(event) {
      var answers = {};
      questions.forEach(function (q) { answers[q.name] = readAnswer(form, q); });
      var shown = visibleNames(questions, answers, known);
      var added = 0;
      var removed = 0;
      questions.forEach(function (q) {
        var now = shown.indexOf(q.name) !== -1;
        if (shownBefore !== null) {
          var before = shownBefore.indexOf(q.name) !== -1;
          if (now && !before) { added += 1; }
          if (!now && before) { removed += 1; }
        }
        setShown(q.wrapper, now);
      });
      shownBefore = shown;
      // The focus stays where it was; had it been inside a question now hidden, it goes back
      // to the control whose answer hid it, never to the top of the page.
      var active = document.activeElement;
      if (active && active.closest && active.closest("[data-logic-name][hidden]") && event && event.target.focus) {
        event.target.focus();
      }
      // Tell the server which conditional questions the citizen has seen (forms_app.steps).
      if (shownInput) {
        shownInput.value = questions.filter(function (q) {
          return conditions(q.show_if).length > 0 && shown.indexOf(q.name) !== -1;
        }).map(function (q) { return q.name; }).join(" ");
      }
      if (status && (added || removed)) {
        var message = added
          ? (added === 1 ? status.getAttribute("data-one-more") : status.getAttribute("data-more")).replace("{n}", added)
          : status.getAttribute("data-removed");
        // A new text each time, so screen readers read it again.
        status.textContent = "";
        window.setTimeout(function () { status.textContent = message; }, 50);
      }
    }

    form.addEventListener("change", update);
    form.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("form[data-logic]").forEach(bind);
})();
