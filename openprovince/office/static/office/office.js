// Keyboard navigation in the inbox: j / k move between cases, Enter (native) opens the link.
document.addEventListener("keydown", function (e) {
  if (e.target.closest("input, textarea, select") || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key !== "j" && e.key !== "k") return;
  var links = Array.prototype.slice.call(document.querySelectorAll("[data-keynav] tbody a"));
  if (!links.length) return;
  var i = links.indexOf(document.activeElement);
  i = e.key === "j" ? Math.min(i + 1, links.length - 1) : Math.max(i - 1, 0);
  links[i].focus();
  e.preventDefault();
});
