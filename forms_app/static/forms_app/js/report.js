// Progressive enhancement only: every step works without JavaScript.
(function () {
  "use strict";
  // Move focus to the error summary, so screen-reader and keyboard users hear the problems first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  // "Leave this site quickly": replace this page in the history, so Back does not return to it.
  document.querySelectorAll("[data-quick-exit]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      document.body.innerHTML = "";
      window.location.replace(link.href);
    });
  });
  // Stop a second press of "Send report" from sending again while the first one is on its way.
  document.querySelectorAll("[data-prevent-double-submit]").forEach(function (button) {
    button.form.addEventListener("submit", function () {
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
})();
