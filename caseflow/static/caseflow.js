// Filters sit folded on a phone (below 576 px) and open on wider screens; a page with active filters keeps them open.
(function () {
  if (window.matchMedia("(min-width: 576px)").matches) {
    document.querySelectorAll("details.filters").forEach(function (d) { d.open = true; });
  }
})();
