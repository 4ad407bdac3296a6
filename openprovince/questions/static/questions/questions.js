// Q&A pages, enhanced; without this file they work the same. The ask form: a character
// counter under the question, and no "look first" button (the box of similar answers fills
// itself while typing, with htmx). The office page: a template goes into the answer at once.
(function () {
  document.querySelectorAll("[data-counter]").forEach(function (out) {
    var box = document.getElementById(out.dataset.counter);
    if (!box) return;
    var max = box.getAttribute("maxlength");
    function show() {
      out.textContent = out.dataset.text.replace("{n}", box.value.length).replace("{max}", max);
    }
    box.addEventListener("input", show);
    out.hidden = false;
    show();
  });
  if (window.htmx) {
    document.querySelectorAll("[data-look]").forEach(function (p) { p.hidden = true; });
    // The server reads only the start of the text: keep the address short.
    document.addEventListener("htmx:configRequest", function (e) {
      var p = e.detail.parameters;
      if (e.detail.elt.hasAttribute("data-similar") && p.body) p.body = String(p.body).slice(0, 300);
    });
  }
  document.querySelectorAll("[data-template-form]").forEach(function (form) {
    var pick = form.querySelector("select");
    var area = pick && document.getElementById(pick.dataset.target);
    if (!area) return;
    form.addEventListener("submit", function (e) {
      var text = pick.options[pick.selectedIndex].dataset.text || "";
      e.preventDefault();
      var at = area.selectionStart || area.value.length;
      area.value = area.value.slice(0, at) + text + area.value.slice(area.selectionEnd || at);
      area.focus();
      area.selectionStart = area.selectionEnd = at + text.length;
    });
  });
})();
