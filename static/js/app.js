// Small progressive enhancements. Everything works without this file.
(function () {
  "use strict";

  // The CSP forbids style attributes: never carry one over when htmx settles a swapped element.
  if (window.htmx) {
    window.htmx.config.attributesToSettle = ["class", "width", "height"];
  }

  // The header's menu on narrow screens: a disclosure button (aria-expanded) that shows and hides
  // the menu. Without this file the button stays hidden and the menu shows below the header.
  function setUpMenu(header) {
    var button = header.querySelector(".menu-toggle");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    header.classList.add("site-header--js");
    button.hidden = false;

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the menu and gives focus back to its button.
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
    // A click or focus elsewhere on the page closes it.
    document.addEventListener("click", function (event) {
      if (!header.contains(event.target)) setOpen(false);
    });
    document.addEventListener("focusin", function (event) {
      if (!header.contains(event.target)) setOpen(false);
    });
  }
  var header = document.querySelector("[data-site-header]");
  if (header) setUpMenu(header);

  // <form data-confirm="..."> or <button data-confirm="..."> asks before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // htmx setup. Forms re-rendered with their errors come back as 400: swap them in like a 200.
  if (window.htmx) {
    // htmx would inject a <style> for its indicators, which the CSP (style-src 'self') blocks;
    // app.css carries those rules instead. This runs before htmx's DOMContentLoaded setup.
    window.htmx.config.includeIndicatorStyles = false;
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "400", swap: true },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: false }
    ];
  }

  // After htmx swaps in a fragment (an edit form, or the saved row), keep keyboard focus in it.
  // Not when the request came from the element being typed in (search-as-you-type pickers).
  document.addEventListener("htmx:afterSwap", function (event) {
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && source === document.activeElement) return;
    var target = event.detail.target;
    if (target && !document.body.contains(target) && target.id) {
      target = document.getElementById(target.id); // outerHTML swap: the element was replaced
    }
    if (!target || !target.querySelector) return;
    var focusable = target.querySelector("input:not([type=hidden]), select, textarea, a[href], button");
    if (focusable) focusable.focus();
  });
})();
