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
  window.addEventListener("hashchange", forwardHash);
  loadDeadline();
}());
