// The search page: Pagefind's JavaScript API under the theme's own form and result list.
// Each result shows its kind (the Pagefind type filter), its date (posts) and an excerpt of the
// page's own text: the compound parts added for the index follow a mark (⁂) at the end of the
// indexed text and are never shown. A large site's index comes in shards (data-shards); the
// first is the bundle itself, the others live in its shard-<k>/ folders and are merged.
// A result is shown only when each query word begins a word of the page or one of its compound
// parts: Pagefind answers a word that no page has with the longest indexed word the query word
// begins ("Preisverhandlung" -> "Preis"), and such results are dropped.
(function () {
  "use strict";
  var MARK = "\u2042";
  var EXCERPT_WORDS = 32;
  var MAX_RESULTS = 30;

  var box = document.getElementById("search");
  if (!box) return;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-query");
  var status = box.querySelector(".search-status");
  var list = box.querySelector(".search-results");
  var filterBox = box.querySelector(".search-filters");
  var kindKey = box.dataset.kindFilter;
  var selects = {};
  var pagefind = null;

  function text(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  // The page's own text: what Pagefind indexed, up to the mark.
  function pageText(content) {
    var end = content.lastIndexOf(MARK);
    return (end >= 0 ? content.slice(0, end) : content).replace(/\s+/g, " ").trim();
  }

  // Lower-case probes for each query word: the word, then beginnings up to three letters
  // shorter, of four letters at least (Pagefind stems: "Trainings" finds "Training").
  function probesOf(query) {
    return query.toLowerCase().split(/[^0-9a-zäöüß]+/).filter(Boolean).map(function (word) {
      var probes = [];
      for (var length = word.length; length >= Math.min(word.length, Math.max(4, word.length - 3)); length--) probes.push(word.slice(0, length));
      return probes;
    });
  }

  // A word as compared: lower case, umlauts as their base letter (Pagefind's German stemmer
  // reads "Vermogen" as "Vermögen").
  function folded(word) {
    return word.toLowerCase().replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u").replace(/ß/g, "ss");
  }

  // True when every query word (or a probe of it) begins a word of *content*: the page's own
  // words and, after the mark, the parts of its compounds ("interaktion" of "Kundeninteraktion").
  function matchesEvery(content, query) {
    var words = content.split(/[^0-9A-Za-zÄÖÜäöüß]+/).filter(Boolean).map(folded);
    return probesOf(query).every(function (probes) {
      return probes.some(function (probe) {
        var start = folded(probe);
        return words.some(function (word) { return word.indexOf(start) === 0; });
      });
    });
  }

  // The first results (at most MAX_RESULTS) whose page has every query word, their data loaded
  // batch by batch, and how many results there are (those not yet examined counted as found).
  async function matching(results, query) {
    var shown = [];
    var examined = 0;
    while (examined < results.length && shown.length < MAX_RESULTS) {
      var batch = results.slice(examined, examined + MAX_RESULTS);
      var pages = await Promise.all(batch.map(function (result) { return result.data(); }));
      examined += batch.length;
      pages.forEach(function (data) { if (matchesEvery(data.content, query)) shown.push(data); });
    }
    return { shown: shown.slice(0, MAX_RESULTS), count: shown.length + results.length - examined };
  }

  // An excerpt of *content* around the first word containing a query word; matching words marked.
  function excerpt(content, query) {
    var words = pageText(content).split(" ");
    var lower = words.map(folded);
    var hits = [];
    probesOf(query).forEach(function (probes) {
      for (var i = 0; i < probes.length; i++) {
        var probe = folded(probes[i]);
        if (lower.some(function (word) { return word.indexOf(probe) >= 0; })) { hits.push(probe); return; }
      }
    });
    var first = hits.length ? lower.findIndex(function (word) {
      return hits.some(function (probe) { return word.indexOf(probe) >= 0; });
    }) : 0;
    var start = Math.max(0, Math.min(first - Math.floor(EXCERPT_WORDS / 3), words.length - EXCERPT_WORDS));
    var paragraph = document.createElement("p");
    paragraph.className = "search-result__excerpt";
    if (start > 0) paragraph.append("… ");
    words.slice(start, start + EXCERPT_WORDS).forEach(function (word, index) {
      if (index > 0) paragraph.append(" ");
      var marked = hits.some(function (probe) { return folded(word).indexOf(probe) >= 0; });
      if (marked) {
        var mark = document.createElement("mark");
        mark.textContent = word;
        paragraph.append(mark);
      } else {
        paragraph.append(word);
      }
    });
    if (start + EXCERPT_WORDS < words.length) paragraph.append(" …");
    return paragraph;
  }

  function resultItem(data, query) {
    var item = document.createElement("li");
    item.className = "search-result";
    var facts = document.createElement("p");
    facts.className = "search-result__facts";
    var kinds = (data.filters && data.filters[kindKey]) || [];
    if (kinds.length) {
      var kind = document.createElement("span");
      kind.className = "search-result__kind";
      kind.textContent = kinds[0];
      facts.append(kind);
    }
    if (data.meta.date) {
      if (kinds.length) facts.append(" · ");
      var date = document.createElement("span");
      date.className = "search-result__date";
      date.textContent = data.meta.date;
      facts.append(date);
    }
    var heading = document.createElement("h2");
    heading.className = "search-result__title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.append(link);
    item.append(heading, facts, excerpt(data.content, query));
    return item;
  }

  function chosenFilters() {
    var chosen = {};
    Object.keys(selects).forEach(function (key) { if (selects[key].value) chosen[key] = selects[key].value; });
    return chosen;
  }

  async function run() {
    var query = input.value.trim();
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    if (!query) { list.replaceChildren(); status.textContent = ""; box.dataset.shown = ""; return; }
    var search = await pagefind.debouncedSearch(query, { filters: chosenFilters() }, 200);
    if (search === null) return;  // a newer query is on its way
    var found = await matching(search.results, query);
    if (input.value.trim() !== query) return;
    list.replaceChildren.apply(list, found.shown.map(function (data) { return resultItem(data, query); }));
    var count = found.count;
    status.textContent = count === 0 ? text(box.dataset.noResults, { query: query })
      : count === 1 ? box.dataset.oneResult : text(box.dataset.results, { count: count });
    box.dataset.shown = query;  // what the list shows (tests wait for it)
  }

  function addFilters(filters) {
    Object.keys(filters).sort().forEach(function (key) {
      var values = Object.keys(filters[key]).sort();
      if (values.length < 2) return;
      var label = document.createElement("label");
      label.className = "search-filter";
      var name = document.createElement("span");
      name.textContent = key;
      var select = document.createElement("select");
      select.name = key;
      var all = document.createElement("option");
      all.value = "";
      all.textContent = box.dataset.all;
      select.append(all);
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.append(option);
      });
      select.addEventListener("change", run);
      selects[key] = select;
      label.append(name, select);
      filterBox.append(label);
    });
  }

  async function start() {
    pagefind = await import(box.dataset.bundle + "pagefind.js");
    var shards = parseInt(box.dataset.shards || "1", 10);
    for (var shard = 2; shard <= shards; shard++) await pagefind.mergeIndex(box.dataset.bundle + "shard-" + shard + "/");
    addFilters(await pagefind.filters());
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("input", run);
    box.dataset.ready = "true";
    if (input.value.trim()) run();
  }

  input.value = new URLSearchParams(window.location.search).get("q") || "";
  start();
})();
