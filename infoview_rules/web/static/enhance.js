// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Put the keyboard where the person is: on an error, or on the first answer of a new step.
    var error = document.querySelector(".error");
    var target = error ? document.querySelector("[aria-invalid=true] input, [aria-invalid=true]") : null;
    if (target && typeof target.focus === "function") { target.focus(); }
    // After "No, let me change it": words left as they were beside a ticked goal are left out
    // (the server does so); mark the box while that is so, rather than surprise the person later.
    var rejected = document.querySelector("input[name=rejected_words]");
    var words = document.getElementById("own-words");
    var mark = document.getElementById("own-words-left-out");
    if (rejected && words && mark) {
      var boxes = document.querySelectorAll("input[name=value]");
      var update = function () {
        var ticked = Array.prototype.some.call(boxes, function (box) { return box.checked; });
        var out = ticked && words.value.trim() === rejected.value;
        mark.hidden = !out;
        words.classList.toggle("left-out", out);
      };
      Array.prototype.forEach.call(boxes, function (box) { box.addEventListener("change", update); });
      words.addEventListener("input", update);
      update();
    }
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
