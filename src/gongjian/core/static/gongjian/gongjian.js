// gongjian's own scripts: small progressive enhancements; every page works without them.
(function () {
  "use strict";
  function autosubmit(root) {
    root.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
      if (el.dataset.bound) return;
      el.dataset.bound = "1";
      el.addEventListener("change", function () { el.form.submit(); });
    });
    root.querySelectorAll("[data-confirm]").forEach(function (el) {
      if (el.dataset.bound) return;
      el.dataset.bound = "1";
      el.addEventListener("click", function (ev) { if (!window.confirm(el.dataset.confirm)) ev.preventDefault(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { autosubmit(document); });
  document.addEventListener("htmx:afterSettle", function (ev) { autosubmit(ev.target); });
})();
