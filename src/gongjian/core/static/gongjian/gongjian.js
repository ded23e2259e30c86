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
  // <select data-search="placeholder">: a search box above the list keeps the options whose text contains what is
  // typed (a name, a code); the chosen option always stays. Without scripts the plain list remains.
  function searchable(root) {
    root.querySelectorAll("select[data-search]").forEach(function (el) {
      if (el.dataset.searchBound) return;
      el.dataset.searchBound = "1";
      var box = document.createElement("input");
      box.type = "search";
      box.className = "form-control form-control-sm mb-1";
      box.placeholder = el.dataset.search;
      box.setAttribute("aria-label", el.dataset.search);
      el.parentNode.insertBefore(box, el);
      box.addEventListener("input", function () {
        var words = box.value.trim().toLowerCase();
        Array.prototype.forEach.call(el.options, function (opt) {
          opt.hidden = !!words && !!opt.value && !opt.selected && opt.text.toLowerCase().indexOf(words) === -1;
        });
      });
    });
  }
  function enhance(root) { autosubmit(root); searchable(root); }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSettle", function (ev) { enhance(ev.target); });
})();
