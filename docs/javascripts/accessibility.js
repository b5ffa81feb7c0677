// Two things Material 9.8 renders without an accessible name, which axe reports:
// - each code block's copy button sits in an unnamed <nav>, so every block adds a duplicate
//   navigation landmark: take its landmark role away (the buttons keep their own names);
// - pymdownx.tasklist checkboxes have no label: name each after the text of its list item.
// (Notebook cells that scroll sideways get their tabindex at build time, in
// hooks/lighter_pages.py: measuring them here laid out every cell speed.css lets the browser skip.)
// document$ is Material's "page ready" signal: it fires after Material has built the code-block
// buttons, on the first load and after every instant navigation.
document$.subscribe(() => {
  for (const nav of document.querySelectorAll(".md-code__nav:not([role])")) {
    nav.setAttribute("role", "none");
  }
  for (const box of document.querySelectorAll(".task-list-control input:not([aria-label])")) {
    box.setAttribute("aria-label", box.closest("li").textContent.trim());
  }
});
