// The address import's progress bar (templates/website/admin/address_import.html): asks the
// import's progress every two seconds and shows it; once the import has finished, the page is
// read again for its results. Without JavaScript, "Show the progress now" does the same.
(function () {
  "use strict";
  var box = document.getElementById("address-import-progress");
  if (!box || box.dataset.finished === "true") {
    return;
  }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  function ask() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (!state) {
          return;
        }
        if (state.finished) {
          window.location.reload();
          return;
        }
        bar.value = state.percent;
        bar.textContent = state.percent + "%";
        text.textContent = state.text;
        window.setTimeout(ask, 2000);
      })
      .catch(function () {
        window.setTimeout(ask, 5000);
      });
  }
  window.setTimeout(ask, 2000);
})();
