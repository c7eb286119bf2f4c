/* "What changed": show the changes of one table. Without JavaScript every change is listed. */
(function () {
  "use strict";
  var filter = document.querySelector("[data-change-filter]");
  if (!filter) {
    return;
  }
  var status = filter.querySelector(".chooser-status");
  function apply(table) {
    var shown = 0;
    document.querySelectorAll("section[data-revision]").forEach(function (section) {
      var visible = 0;
      section.querySelectorAll("li[data-table]").forEach(function (item) {
        item.hidden = table !== "" && item.dataset.table !== table;
        visible += item.hidden ? 0 : 1;
      });
      section.hidden = visible === 0;
      shown += visible;
    });
    status.textContent = filter.dataset.status.replace("{n}", shown);
  }
  filter.addEventListener("change", function (event) {
    apply(event.target.value);
  });
  filter.hidden = false;
})();
