// The "Address" question's autocomplete (accessible-autocomplete, vendored from npm), fed by this
// site's own address list (GET /addresses/search/?q=). Progressive enhancement only: without
// this script the text box alone is sent, and the server finds the address from it.
(function () {
  "use strict";
  if (typeof window.accessibleAutocomplete !== "function") { return; }
  var MIN_LENGTH = 2;

  function words(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  document.querySelectorAll("[data-address]").forEach(function (wrapper) {
    var holder = wrapper.querySelector("[data-address-input]");
    var original = holder.querySelector("input");
    var hidden = wrapper.querySelector("[data-address-id]");
    var manual = wrapper.querySelector("[data-address-manual]");
    var t = wrapper.dataset;
    var results = {};  // label -> address, of the last answer
    var chosenLabel = hidden.value ? original.value : null;
    var pending = null;

    function source(query, populate) {
      if (pending) { pending.abort(); }
      pending = new AbortController();
      fetch(t.searchUrl + "?q=" + encodeURIComponent(query), {
        headers: { "Accept": "application/json" }, signal: pending.signal, credentials: "same-origin"
      }).then(function (response) {
        return response.ok ? response.json() : { results: [] };
      }).then(function (body) {
        results = {};
        var labels = (body.results || []).map(function (address) {
          results[address.label] = address;
          return address.label;
        });
        populate(labels);
      }).catch(function (error) {
        if (error.name !== "AbortError") { populate([]); }
      });
    }

    // The library's own text box replaces ours, with its id, name, value and descriptions.
    var container = document.createElement("div");
    holder.appendChild(container);
    var described = original.getAttribute("aria-describedby");
    var invalid = original.getAttribute("aria-invalid");
    window.accessibleAutocomplete({
      element: container,
      id: original.id,
      name: original.name,
      defaultValue: original.value,
      required: original.hasAttribute("aria-required"),
      minLength: MIN_LENGTH,
      confirmOnBlur: false,
      showNoOptionsFound: true,
      source: source,
      onConfirm: function (label) {
        var address = label && results[label];
        if (address) {
          hidden.value = address.id;
          chosenLabel = address.label;
          if (manual) { manual.checked = false; }
        }
      },
      tNoResults: function () { return t.tNoResults; },
      tStatusQueryTooShort: function (n) { return words(t.tQueryTooShort, { n: n }); },
      tStatusNoResults: function () { return t.tStatusNoResults; },
      tStatusSelectedOption: function (option, total, index) {
        return words(t.tStatusSelected, { option: option, n: index + 1, total: total });
      },
      tStatusResults: function (length, selected) {
        return words(length === 1 ? t.tStatusOneResult : t.tStatusResults, { n: length, selected: selected });
      },
      tAssistiveHint: function () { return t.tAssistiveHint; }
    });
    original.parentNode.removeChild(original);
    var input = holder.querySelector("input");
    if (input) {
      if (described) {
        // Our hint and error, beside the library's own instructions.
        input.setAttribute("aria-describedby", (described + " " + (input.getAttribute("aria-describedby") || "")).trim());
      }
      if (invalid) { input.setAttribute("aria-invalid", invalid); }
      // Typing anything else than the address chosen forgets the choice.
      input.addEventListener("input", function () {
        if (input.value !== chosenLabel) { hidden.value = ""; }
      });
    }
  });
})();
