// Typeset the site's equations with the KaTeX copied into _static/katex (no CDN).
// Sphinx writes each equation's TeX into an element with class nnl-tex (nnlessons.course.site).
document.addEventListener("DOMContentLoaded", function () {
  if (!window.katex) return;
  document.querySelectorAll(".nnl-tex").forEach(function (el) {
    var display = el.classList.contains("nnl-display");
    try {
      katex.render(el.textContent, el, {displayMode: display, throwOnError: false});
    } catch (err) {
      el.classList.add("nnl-tex-error");
    }
  });
  // An equation wider than the column scrolls sideways; the keyboard must reach it too (WCAG 2.1.1).
  document.querySelectorAll("div.math").forEach(function (el) {
    if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
  });
});
