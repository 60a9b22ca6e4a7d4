// counterpoint: click or hover a shared fact to see it in every outlet's column. No content is ever evaluated:
// this script only reads data-fact attributes and toggles a class.
(function () {
  "use strict";
  function setActive(fact, on) {
    document.querySelectorAll('[data-fact="' + CSS.escape(fact) + '"]').forEach(function (el) {
      el.classList.toggle("active", on);
    });
  }
  var pinned = null;
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest && ev.target.closest(".s[data-fact]");
    if (pinned) { setActive(pinned, false); }
    if (el && el.dataset.fact !== pinned) {
      pinned = el.dataset.fact;
      setActive(pinned, true);
      document.querySelectorAll('.column [data-fact="' + CSS.escape(pinned) + '"]').forEach(function (other) {
        if (other !== el && other.scrollIntoView) { other.scrollIntoView({block: "nearest"}); }
      });
    } else {
      pinned = null;
    }
  });
  document.addEventListener("mouseover", function (ev) {
    var el = ev.target.closest && ev.target.closest(".s[data-fact]");
    if (el && !pinned) { setActive(el.dataset.fact, true); }
  });
  document.addEventListener("mouseout", function (ev) {
    var el = ev.target.closest && ev.target.closest(".s[data-fact]");
    if (el && !pinned) { setActive(el.dataset.fact, false); }
  });
})();
