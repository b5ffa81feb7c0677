// Two things Material 9.8 renders without an accessible name, which axe reports:
// - each code block's copy button sits in an unnamed <nav>, so every block adds a duplicate
//   navigation landmark: take its landmark role away (the buttons keep their own names);
// - pymdownx.tasklist checkboxes have no label: name each after the text of its list item.
// Material builds code-block buttons after the page loads (and again on instant navigation),
// so watch for them instead of running once.
function nameUnnamedControls() {
  for (const nav of document.querySelectorAll(".md-code__nav:not([role])")) {
    nav.setAttribute("role", "none");
  }
  for (const box of document.querySelectorAll(".task-list-control input:not([aria-label])")) {
    box.setAttribute("aria-label", box.closest("li").textContent.trim());
  }
}
new MutationObserver(nameUnnamedControls).observe(document.body, { childList: true, subtree: true });
nameUnnamedControls();
