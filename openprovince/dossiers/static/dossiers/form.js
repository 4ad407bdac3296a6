/* Group rows added and removed in the page (dossiers/formschema/_field_group.html). Without it
   "add" is a submit button the server answers with one more row, and an empty row is left
   out. Hiding relies on form.css ([hidden] beats .btn's display). */
(function () {
  "use strict";
  function rows(group) { return group.querySelectorAll(":scope > [data-row]"); }
  function sync(group) {
    var list = rows(group), add = group.querySelector(":scope > [data-add-row]");
    var tpl = group.querySelector(":scope > template[data-remove]");
    var keep = Math.max(+group.dataset.min || 0, 1);
    if (add) add.hidden = list.length >= +group.dataset.max;
    list.forEach(function (row, i) {
      if (tpl && !row.querySelector("[data-remove-row]")) row.appendChild(tpl.content.cloneNode(true));
      var legend = row.querySelector("[data-row-legend]"), rm = row.querySelector("[data-remove-row]");
      if (legend) legend.textContent = group.dataset.label + " " + (i + 1);
      if (rm) rm.hidden = list.length <= keep;
    });
  }
  function rename(el, from, to) {
    ["name", "id", "for", "aria-describedby"].forEach(function (a) {
      var v = el.getAttribute(a);
      if (!v) return;
      v = v.split(from).join(to);
      if (a === "aria-describedby") v = v.split(" ").filter(function (t) { return !/-err$/.test(t); }).join(" ");
      if (v) el.setAttribute(a, v); else el.removeAttribute(a);
    });
  }
  function addRow(group) {
    var list = rows(group), last = list[list.length - 1], next = 0;
    list.forEach(function (r) { next = Math.max(next, +r.dataset.row + 1); });
    var prefix = "f_" + group.dataset.code + "__", row = last.cloneNode(true);
    var from = prefix + last.dataset.row + "__", to = prefix + next + "__";
    row.dataset.row = next;
    row.querySelectorAll(".field-error").forEach(function (p) { p.remove(); });
    row.querySelectorAll("[name],[id],[for],[aria-describedby]").forEach(function (el) {
      rename(el, from, to);
      el.removeAttribute("aria-invalid");
      el.removeAttribute("required"); /* an added row may stay empty; the server checks it */
      if (el.tagName === "SELECT") el.selectedIndex = 0;
      else if (el.tagName === "INPUT" || el.tagName === "TEXTAREA") el.value = "";
    });
    last.after(row);
    sync(group);
    var first = row.querySelector("input,select,textarea");
    if (first) first.focus();
  }
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("[data-add-row],[data-remove-row]");
    var group = btn && btn.closest("[data-group]");
    if (!group) return;
    e.preventDefault();
    if (btn.hasAttribute("data-add-row")) return addRow(group);
    btn.closest("[data-row]").remove();
    sync(group);
    var add = group.querySelector(":scope > [data-add-row]");
    (add && !add.hidden ? add : group.querySelector("input,select,textarea")).focus();
  });
  document.querySelectorAll("[data-group]").forEach(sync);
})();
