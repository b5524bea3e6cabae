/* Offline search over the site's prebuilt index: no request leaves the page. Results are put on the
   page with textContent and element properties only, so no name from the data can run as markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("search-data").textContent);
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  var LIMIT = 50;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  var entries = data.map(function (row) {
    return { label: row[0], names: [row[0]].concat(row[1]).map(fold), type: row[2], path: row[3] };
  });

  /* 4 exact name, 3 name starts with the query, 2 a word starts with it, 1 it occurs in a name;
     doubled, plus one when the name is the label, so a label outranks a synonym of the same kind. */
  function score(entry, query) {
    var best = 0;
    entry.names.forEach(function (name, position) {
      var s = 0;
      if (name === query) { s = 4; }
      else if (name.indexOf(query) === 0) { s = 3; }
      else if ((" " + name).indexOf(" " + query) >= 0) { s = 2; }
      else if (name.indexOf(query) >= 0) { s = 1; }
      s = s ? 2 * s + (position === 0 ? 1 : 0) : 0;
      if (s > best) { best = s; }
    });
    return best;
  }

  function show(text) {
    var query = fold(text);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!query) { status.textContent = ""; return; }
    var found = [];
    entries.forEach(function (entry) {
      var s = score(entry, query);
      if (s) { found.push([s, entry]); }
    });
    found.sort(function (a, b) { return b[0] - a[0] || a[1].label.localeCompare(b[1].label); });
    found.slice(0, LIMIT).forEach(function (pair) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = pair[1].path;
      link.textContent = pair[1].label;
      var kind = document.createElement("small");
      kind.textContent = " " + pair[1].type;
      item.appendChild(link);
      item.appendChild(kind);
      list.appendChild(item);
    });
    status.textContent = found.length === 0 ? "No entity matches." :
      found.length + (found.length === 1 ? " match" : " matches") + (found.length > LIMIT ? ", the first " + LIMIT + " shown." : ".");
  }

  input.addEventListener("input", function () { show(input.value); });
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) { input.value = asked; }
  show(input.value);
  document.body.setAttribute("data-state", "ready");
}());
