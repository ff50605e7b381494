// The listening inbox's small enhancements. The page works without this file: the filters are a
// <details> (open when they narrow the list), every checkbox and button posts a real form.
(function () {
  "use strict";

  // On a wide screen the filters sit beside the list: show them open there. On a phone they
  // stay folded behind their button unless the server opened them (active filters, an error).
  var filters = document.querySelector("[data-inbox-filters]");
  var wide = window.matchMedia ? window.matchMedia("(min-width: 64rem)") : null;
  if (filters && wide && wide.matches) filters.open = true;

  // Bulk selection: "Select all on this page" and a count of what is selected.
  var form = document.getElementById("bulk-actions");
  if (!form) return;
  var all = form.querySelector("[data-select-all]");
  var allWrap = form.querySelector("[data-select-all-wrap]");
  var label = form.querySelector("[data-bulk-label]");
  var unselected = label ? label.textContent : "";
  form.classList.add("inbox-bulk--js"); // on a phone: bulk actions show once something is selected

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll('input[name="ids"][form="bulk-actions"]'));
  }

  function update() {
    var list = boxes();
    var checked = list.filter(function (box) { return box.checked; }).length;
    if (all) {
      all.checked = list.length > 0 && checked === list.length;
      all.indeterminate = checked > 0 && checked < list.length;
    }
    if (label) label.textContent = checked ? checked + " selected:" : unselected;
    form.classList.toggle("has-selection", checked > 0);
  }

  if (all && allWrap) {
    allWrap.hidden = false;
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
      update();
    });
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.name === "ids" && target.getAttribute("form") === "bulk-actions") update();
  });
  // A row re-rendered after an in-place action comes back unselected.
  document.addEventListener("htmx:afterSwap", update);
  update();
})();
