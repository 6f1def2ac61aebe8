// The editor's "show only if" lists: show the answers of the question chosen only, and the typed
// value only where the question has no choices. Without this script every list shows.
(function () {
  "use strict";

  function refresh(row) {
    var field = row.querySelector("[data-show-if-field]");
    var operator = row.querySelector("[data-show-if-operator]");
    var chosen = field.value;
    var hasChoices = false;
    row.querySelectorAll("[data-show-if-choices]").forEach(function (group) {
      var mine = group.getAttribute("data-show-if-choices") === chosen;
      hasChoices = hasChoices || mine;
      group.hidden = !mine || operator.value === "is_answered";
    });
    row.querySelector("[data-show-if-text]").hidden = !chosen || hasChoices || operator.value === "is_answered";
    operator.disabled = !chosen;
  }

  function bind(root) {
    root.querySelectorAll("[data-show-if-row]").forEach(function (row) {
      if (row.hasAttribute("data-show-if-bound")) { return; }
      row.setAttribute("data-show-if-bound", "");
      row.addEventListener("change", function () { refresh(row); });
      refresh(row);
    });
  }

  bind(document);
  // Rows added to the inline panel ("Add form field") bring their own lists.
  new MutationObserver(function () { bind(document); }).observe(document.body, { childList: true, subtree: true });
})();
