/* Support Atlas search, first part: shows the search box (it needs JavaScript), makes `/` and Ctrl+K focus it,
 * and loads the search itself (search-ui.js and its styles) the first time the box is used, so a page weighs
 * little until someone searches. */
(function () {
  "use strict";

  var root = document.querySelector(".search[data-bundle]");
  var script = document.currentScript;
  if (!root || !script) {
    return;
  }
  var input = root.querySelector("input[type=search]");
  var loading = false;
  root.hidden = false;

  function load() {
    if (loading) {
      return;
    }
    loading = true;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("../css/search-panel.css", script.src).href;
    css.onload = css.onerror = function () {   /* styles first: the panel must never show in the page's flow */
      var ui = document.createElement("script");
      ui.src = new URL("search-ui.js", script.src).href;
      document.head.appendChild(ui);
    };
    document.head.appendChild(css);
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", load);
  document.addEventListener("keydown", function (e) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) || e.target.isContentEditable;
    if ((e.key === "/" && !typing) || (e.key === "k" && (e.ctrlKey || e.metaKey))) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
}());
