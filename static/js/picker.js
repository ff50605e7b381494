// The quick log's person and company pickers (templates/metrics/partials/ledger_picker.html).
// Everything works without this file: typing refreshes the matches through htmx, "Find" posts
// the form back, and the matches are plain radio buttons. This adds:
// - picking a match takes that picker's error away (the error was about not having picked; the
//   server accepts the pick), and the error of another picker that the pick answers as well
//   (data-cleared-by: picking a company answers "say whom the introduction was to");
// - Enter or ↓ in a picker's search box moves to its matches (Enter would otherwise save the
//   whole form while the user is still looking for someone).
(function () {
  "use strict";

  function clearErrors(picker) {
    picker.classList.remove("field--error");
    picker.querySelectorAll(".picker__error").forEach(function (error) {
      error.remove();
    });
    picker.querySelectorAll("[aria-invalid]").forEach(function (element) {
      element.removeAttribute("aria-invalid");
    });
  }

  document.addEventListener("change", function (event) {
    var radio = event.target;
    if (!(radio instanceof HTMLInputElement) || radio.type !== "radio") return;
    var picker = radio.closest(".picker[data-picker]");
    if (!picker) return;
    clearErrors(picker);
    if (!radio.value) return; // "no one" answers only this picker's own question
    var name = picker.getAttribute("data-picker");
    document.querySelectorAll(".picker__error[data-cleared-by]").forEach(function (error) {
      if (error.getAttribute("data-cleared-by").split(" ").indexOf(name) !== -1) {
        clearErrors(error.closest(".picker"));
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "search") return;
    var picker = input.closest(".picker[data-picker]");
    if (!picker || (event.key !== "Enter" && event.key !== "ArrowDown")) return;
    var radios = picker.querySelectorAll(".picker__list input[type=radio]");
    if (event.key === "Enter") event.preventDefault();
    if (!radios.length) {
      // Nothing listed yet: look now rather than after the typing pause.
      if (event.key === "Enter" && window.htmx) window.htmx.trigger(input, "search");
      return;
    }
    event.preventDefault();
    var checked = picker.querySelector(".picker__list input[type=radio]:checked");
    (checked || radios[0]).focus();
  });
})();
