// Filters sit folded on a phone (below 576 px) and open on wider screens; a page with active filters keeps them open.
(function () {
  if (window.matchMedia("(min-width: 576px)").matches) {
    document.querySelectorAll("details.filters").forEach(function (d) { d.open = true; });
  }
})();

// A party's fields for its kind only: a natural person has no 法定代表人 or credit code, an organisation no ID number.
(function () {
  document.querySelectorAll("[data-party-kind]").forEach(function (block) {
    var name = block.getAttribute("data-party-kind");
    var show = function () {
      var checked = document.querySelector("input[name='" + name + "']:checked");
      block.hidden = !!checked && checked.value !== block.getAttribute("data-show-for");
    };
    document.querySelectorAll("input[name='" + name + "']").forEach(function (r) { r.addEventListener("change", show); });
    show();
  });
})();

// A field that applies to one value of a select only (e.g. 履行期限届满日 for a failure to perform a duty).
(function () {
  document.querySelectorAll("[data-select-shows]").forEach(function (block) {
    var select = document.querySelector("select[name='" + block.getAttribute("data-select-shows") + "']");
    if (!select) { return; }
    var show = function () { block.hidden = select.value !== block.getAttribute("data-show-for"); };
    select.addEventListener("change", show);
    show();
  });
})();
