/* The decision form of a task screen shows only the fields of the chosen decision.
 *
 * The form names them: data-decision-fields='{"reject": ["incident_type", "rejection_reason", ...]}'.
 * Before a decision is chosen, only the fields every decision has are shown. Without this script
 * every field is shown and the server ignores those of another decision. (An external file: the
 * task screens' Content-Security-Policy allows no inline script.)
 */
(function () {
  "use strict";

  var FORM = "form[data-decision-fields]";

  function fieldsOf(form) {
    try {
      return JSON.parse(form.getAttribute("data-decision-fields")) || {};
    } catch (error) {
      return {};
    }
  }

  function chosen(form) {
    var checked = form.querySelector('input[name="decision"]:checked');
    if (checked) {
      return checked.value;
    }
    // Before viewflow's field has drawn its radio buttons: the value the server rendered.
    var field = form.querySelector('[name="decision"]:not(input)');
    return field ? field.getAttribute("value") || "" : "";
  }

  function cellOf(form, name) {
    var field = form.querySelector('[name="' + name + '"]');
    return field ? field.closest(".mdc-layout-grid__cell") || field : null;
  }

  function show(form, decision) {
    var lists = fieldsOf(form);
    var decisions = Object.keys(lists);
    var all = {};
    decisions.forEach(function (key) {
      lists[key].forEach(function (name) {
        all[name] = (all[name] || 0) + 1;
      });
    });
    var wanted = lists[decision] || null;
    Object.keys(all).forEach(function (name) {
      var cell = cellOf(form, name);
      if (!cell) {
        return;
      }
      var visible = wanted ? wanted.indexOf(name) !== -1 : all[name] === decisions.length;
      cell.hidden = !visible;
    });
  }

  function start() {
    document.querySelectorAll(FORM).forEach(function (form) {
      show(form, chosen(form));
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || target.name !== "decision" || !target.closest) {
      return;
    }
    var form = target.closest(FORM);
    if (form) {
      show(form, target.value);
    }
  });
  // Viewflow moves between its pages with Turbo: start again on each.
  document.addEventListener("turbo:load", start);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
