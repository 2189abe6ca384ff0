// Starts the Pagefind UI on the search page; runs the query passed as ?q= by the header form.
// A large site's index comes in shards (data-shards); the first is the bundle itself, the
// others live in its shard-<k>/ folders and are merged into one list of results.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  var shards = parseInt(element.dataset.shards || "1", 10);
  var mergeIndex = [];
  for (var shard = 2; shard <= shards; shard++) {
    mergeIndex.push({ bundlePath: element.dataset.bundle + "shard-" + shard + "/" });
  }
  var ui = new PagefindUI({
    element: "#search", showSubResults: true, showImages: false, resetStyles: false, mergeIndex: mergeIndex
  });
  var query = new URLSearchParams(window.location.search).get(element.dataset.queryParam || "q");
  if (query) ui.triggerSearch(query);
});
