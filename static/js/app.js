/* Bookclub: small enhancements on top of pages that already work without JavaScript. */
(function () {
  "use strict";

  // Inline spoilers: focusable, and a click or Enter toggles them.
  function enhanceSpoilers(root) {
    root.querySelectorAll(".prose .spoiler:not([tabindex])").forEach(function (spoiler) {
      spoiler.setAttribute("tabindex", "0");
      spoiler.setAttribute("role", "button");
      spoiler.setAttribute("aria-pressed", "false");
      spoiler.setAttribute("title", "Spoiler: click to reveal");
    });
  }

  function toggle(spoiler) {
    var revealed = spoiler.classList.toggle("revealed");
    spoiler.setAttribute("aria-pressed", revealed ? "true" : "false");
  }

  document.addEventListener("click", function (event) {
    var spoiler = event.target.closest(".prose .spoiler");
    if (spoiler) { toggle(spoiler); }
  });
  document.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && event.target.matches(".prose .spoiler")) {
      event.preventDefault();
      toggle(event.target);
    }
  });

  // htmx posts the form's own csrfmiddlewaretoken; send it as a header too for requests
  // made from elements outside a form.
  document.addEventListener("htmx:configRequest", function (event) {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) { event.detail.headers["X-CSRFToken"] = field.value; }
  });

  // Copy buttons: hidden without JavaScript (the address is selectable in its field).
  function enhanceCopyButtons(root) {
    root.querySelectorAll("button[data-copy][hidden]").forEach(function (button) {
      if (navigator.clipboard) { button.hidden = false; }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    navigator.clipboard.writeText(field.value).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    }, function () {
      field.select();
    });
  });

  // Length counters: the server refuses a text over the limit with a message and keeps it;
  // this only shows the count while typing. Code points, as the server counts them.
  function enhanceCounters(root) {
    root.querySelectorAll("textarea[data-max-length]:not([data-counted])").forEach(function (area) {
      var limit = parseInt(area.getAttribute("data-max-length"), 10);
      var counter = document.createElement("p");
      counter.className = "help char-count";
      counter.id = area.id + "_count";
      area.setAttribute("data-counted", "");
      area.setAttribute("aria-describedby",
        ((area.getAttribute("aria-describedby") || "") + " " + counter.id).trim());
      area.insertAdjacentElement("afterend", counter);
      var wasOver = null;
      function update() {
        var used = Array.from(area.value).length;
        var over = used > limit;
        // Announce only when crossing the limit, not on every key.
        counter.setAttribute("aria-live", wasOver !== null && over !== wasOver ? "polite" : "off");
        counter.textContent = over
          ? (used - limit).toLocaleString() + " characters over the limit of " + limit.toLocaleString()
            + ": shorten the post or split it in two."
          : used.toLocaleString() + " / " + limit.toLocaleString() + " characters";
        counter.classList.toggle("over", over);
        wasOver = over;
      }
      area.addEventListener("input", update);
      update();
    });
  }

  function enhance(root) {
    enhanceSpoilers(root);
    enhanceCounters(root);
    enhanceCopyButtons(root);
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
})();
