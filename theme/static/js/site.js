/* Support Atlas: progressive enhancements. Everything works without this file (search is search.js). */
(function () {
  "use strict";

  /* The language switcher lands on the same question: carry the #anchor over. */
  function forwardHash() {
    document.querySelectorAll("a.switch").forEach(function (link) {
      var base = link.getAttribute("href").split("#")[0];
      link.setAttribute("href", base + window.location.hash);
    });
  }

  /* On a phone the header menu folds into a button (CSS shows it below 48rem); Escape or a click elsewhere closes it. */
  function foldMenu() {
    var button = document.querySelector(".menu-toggle");
    if (!button) {
      return;
    }
    function set(open) { button.setAttribute("aria-expanded", open ? "true" : "false"); }
    set(false);
    button.hidden = false;
    button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") { set(false); button.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!button.parentNode.contains(event.target)) { set(false); }
    });
  }

  /* The deadline calculator and plan chooser only load on the pages that have them. */
  function loadDeadline() {
    if (!document.querySelector("section.deadline, [data-chooser]")) {
      return;
    }
    var script = document.createElement("script");
    script.src = new URL("deadline.js", document.currentScript ? document.currentScript.src : siteScript).href;
    document.head.appendChild(script);
  }

  var siteScript = document.currentScript ? document.currentScript.src : "";
  forwardHash();
  foldMenu();
  window.addEventListener("hashchange", forwardHash);
  loadDeadline();
}());
