// Progressive enhancement only: every step works without JavaScript.
(function () {
  "use strict";
  // Move focus to the error summary, so screen-reader and keyboard users hear the problems first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  // Stop a second press of "Send report" from sending again while the first one is on its way.
  document.querySelectorAll("[data-prevent-double-submit]").forEach(function (button) {
    button.form.addEventListener("submit", function () {
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
})();
