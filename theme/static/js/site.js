/* Support Atlas: progressive enhancements. Everything works without this file except search. */
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

  /* Pagefind search in the page's language, optionally merged with the other language's index. */
  function startSearch(box, bundle, both, query) {
    box.textContent = "";
    var mount = document.createElement("div");
    box.appendChild(mount);
    var label = document.createElement("label");
    label.className = "search-both";
    var toggle = document.createElement("input");
    toggle.type = "checkbox";
    toggle.checked = both;
    label.appendChild(toggle);
    label.appendChild(document.createTextNode(" " + box.dataset.also));
    box.appendChild(label);
    var options = { element: mount, bundlePath: bundle, showSubResults: true, showImages: false, debounceTimeoutMs: 20,
                    translations: { placeholder: box.dataset.placeholder } };
    if (both) {
      options.mergeIndex = [{ bundlePath: bundle, language: box.dataset.otherLang }];
    }
    var ui = new window.PagefindUI(options);
    if (query) {
      ui.triggerSearch(query);
    }
    toggle.addEventListener("change", function () {
      var input = mount.querySelector("input");
      startSearch(box, bundle, toggle.checked, input ? input.value : "");
    });
  }

  function loadSearch() {
    var box = document.getElementById("search");
    if (!box) {
      return;
    }
    var bundle = new URL(box.dataset.bundle, document.baseURI).href;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = bundle + "pagefind-ui.css";
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = bundle + "pagefind-ui.js";
    script.onload = function () { startSearch(box, bundle, false, ""); };
    document.head.appendChild(script);
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
  loadSearch();
  loadDeadline();
}());
