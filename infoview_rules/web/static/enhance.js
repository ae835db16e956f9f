// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Put the keyboard where the person is: on an error, or on the first answer of a new step.
    var error = document.querySelector(".error");
    var target = error ? document.querySelector("[aria-invalid=true] input, [aria-invalid=true]") : null;
    if (target && typeof target.focus === "function") { target.focus(); }
    // A print button on the verdict.
    var actions = document.querySelector("form.actions.no-print");
    if (actions && window.print) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "Print the verdict";
      button.addEventListener("click", function () { window.print(); });
      actions.appendChild(button);
    }
  });
})();
