// Starts the Pagefind UI on the search page; runs the query passed as ?q= by the header form.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({ element: "#search", showSubResults: true, showImages: false, resetStyles: false });
  var query = new URLSearchParams(window.location.search).get(element.dataset.queryParam || "q");
  if (query) ui.triggerSearch(query);
});
