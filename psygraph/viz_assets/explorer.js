/* psygraph explorer: legend and filters, search, details panel and tooltips around vis-network.
 *
 * Every text that comes from the data is put on the page with textContent, never parsed as markup, and
 * tooltips are DOM elements, so a label such as "<script>" shows as text and runs nothing.
 * The state is exposed as window.psygraph for tests and for curious users.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("psygraph-data").textContent);
  var info = data.info;
  var typeStyle = {};
  data.types.forEach(function (t) { typeStyle[t.type] = t; });
  var FADED = "rgba(190,190,190,0.28)";
  var READABLE = 12; // px on screen: the smallest label worth drawing
  var LARGEST = 20; // px on screen: the largest label
  var INK = "#222326";
  var FADED_TEXT = "rgba(60,60,60,0.12)";
  var SHAPES = {
    dot: "M8 2a6 6 0 1 0 0.01 0z",
    diamond: "M8 1 15 8 8 15 1 8z",
    square: "M2 2h12v12H2z",
    triangle: "M8 1.5 15 14H1z",
    triangleDown: "M1 2h14L8 14.5z",
    star: "M8 1l2.1 4.6 5 .5-3.8 3.3 1.1 4.9L8 11.8l-4.4 2.5 1.1-4.9L.9 6.1l5-.5z",
    hexagon: "M4.5 1.5h7L15 8l-3.5 6.5h-7L1 8z"
  };

  // ---- small DOM helpers: text only, never HTML ----------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function shapeIcon(type) {
    var style = typeStyle[type] || { color: "#b0b0b0", shape: "dot" };
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("class", "shape");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", SHAPES[style.shape] || SHAPES.dot);
    path.setAttribute("fill", style.color);
    svg.appendChild(path);
    return svg;
  }
  function typeLabel(type) { return (typeStyle[type] || { label: type || "Entity" }).label; }
  function labelOf(id) {
    if (info[id]) { return info[id].label; }
    if (data.external[id]) { return data.external[id]; }
    return id.replace(/^.*[\/#]/, "");
  }
  function years(entry) {
    if (entry.birth_year || entry.death_year) {
      return (entry.birth_year || "?") + "\u2013" + (entry.death_year || "");
    }
    return entry.year ? String(entry.year) : "";
  }
  function shortText(text, limit) {
    if (!text) { return ""; }
    var first = text.split(/(?<=[.!?])\s/)[0];
    if (first.length > limit) { first = first.slice(0, limit - 1).replace(/\s+\S*$/, "") + "\u2026"; }
    return first;
  }
  function fold(text) {
    // accents, case and British/American spelling do not matter when searching
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/defense/g, "defence").replace(/behavior/g, "behaviour").replace(/analyz/g, "analys")
      .replace(/([a-z])iz(e|ed|es|ing|ation|ations)\b/g, "$1is$2");
  }

  // ---- tooltips ---------------------------------------------------------------------------------
  function nodeTooltip(id) {
    var entry = info[id];
    var box = el("div", "tip");
    var kind = el("div", "tip-kind");
    kind.appendChild(shapeIcon(entry.type));
    var when = years(entry);
    kind.appendChild(el("span", null, typeLabel(entry.type) + (when ? " \u00b7 " + when : "")));
    box.appendChild(kind);
    box.appendChild(el("div", "tip-label", entry.label));
    var summary = shortText(entry.definition, 180);
    if (summary) { box.appendChild(el("div", "tip-def", summary)); }
    box.appendChild(el("div", "tip-hint", "Click for details"));
    return box;
  }
  function evidenceFor(from, to) { return data.evidence[from + " " + to] || []; }
  function edgeTooltip(edge) {
    var relation = data.relations[edge.relation] || { label: edge.relation };
    var box = el("div", "tip");
    box.appendChild(el("div", "tip-kind", "relation"));
    box.appendChild(el("div", "tip-label", labelOf(edge.from) + " \u2192 " + relation.label + " \u2192 " + labelOf(edge.to)));
    var claims = evidenceFor(edge.from, edge.to);
    if (claims.length) {
      box.appendChild(el("div", "tip-def", claims.length + (claims.length === 1 ? " evidence claim" : " evidence claims") + "; click an end for details"));
    }
    return box;
  }

  // ---- the network ------------------------------------------------------------------------------
  function nodeColor(color) {
    return {
      background: color, border: "rgba(40,40,40,0.45)",
      highlight: { background: color, border: "#1d1d1f" },
      hover: { background: color, border: "#1d1d1f" }
    };
  }
  var hiddenTypes = {};
  data.hidden.forEach(function (type) { hiddenTypes[type] = true; });
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = Object.assign({}, n);
    item.baseColor = n.color;
    item.baseSize = n.font.size;
    item.color = nodeColor(n.color);
    item.title = nodeTooltip(n.id);
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var item = Object.assign({}, e);
    item.title = edgeTooltip(e);
    return item;
  }));
  var container = document.getElementById("network");
  var started = performance.now();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var state = { settled: false, settleMs: null, stabilizationIterations: 0, selected: null };

  // ---- settling: run the seeded physics once, then keep still -------------------------------------
  var bar = document.getElementById("loading-bar");
  network.on("stabilizationProgress", function (p) {
    bar.style.width = Math.round((100 * p.iterations) / p.total) + "%";
    state.stabilizationIterations = p.iterations;
  });
  function settle() {
    if (state.settled) { return; }
    state.settled = true;
    state.settleMs = Math.round(performance.now() - started);
    network.setOptions({ physics: { enabled: !freeze.checked } });
    applyFilters(); // types hidden at first were laid out with the rest, so they appear in place
    if (data.hidden.length) { network.fit({ nodes: visibleIds(), animation: false }); }
    measureLabels();
    document.body.setAttribute("data-state", "ready");
    openFromHash();
  }
  network.once("stabilizationIterationsDone", settle);

  /* Labels that stay readable: zoomed out, the best-connected nodes are named at a readable size
   * (as many as the screen has room for) and the rest are hidden (vis-network skips labels drawn
   * below drawThreshold). Labels grow more slowly than the zoom, so zooming in names more nodes
   * without the hubs' labels becoming huge. */
  var labels = { boost: 1, reference: 1, scale: 1, applied: 0 };
  function fontFor(n) {
    var size = n.baseSize * labels.boost;
    if (state.selected && !n.faded) { size = Math.max(size, READABLE / labels.applied); } // name every neighbour
    size = Math.min(size, LARGEST / labels.applied); // vis-network 9.1 ignores scaling.label.maxVisible
    size = Math.round(size * 10) / 10;
    return n.faded ? { size: size, color: FADED_TEXT, strokeWidth: 0 } : { size: size, color: INK, strokeWidth: 3 };
  }
  function measureLabels() {
    var room = Math.round((container.clientWidth * container.clientHeight) / 45000);
    var wanted = Math.max(12, Math.min(50, room));
    var sizes = nodes.get({ filter: function (n) { return !n.hidden; } })
      .map(function (n) { return n.baseSize; })
      .sort(function (a, b) { return b - a; });
    labels.reference = sizes.length ? sizes[Math.min(wanted, sizes.length) - 1] : 1;
    labels.scale = network.getScale();
    var scaling = JSON.parse(JSON.stringify(data.options.nodes.scaling)); // vis needs all of it
    scaling.label.drawThreshold = READABLE - 1;
    network.setOptions({ nodes: { scaling: scaling } });
    fitLabels(true);
  }
  function fitLabels(force) {
    var scale = network.getScale();
    if (!force && Math.abs(scale - labels.applied) / labels.applied < 0.04) { return; }
    var first = READABLE / (labels.reference * labels.scale); // the boost that fits the first view
    labels.boost = Math.max(1, first * Math.pow(labels.scale / scale, 0.75));
    labels.applied = scale;
    nodes.update(nodes.map(function (n) { return { id: n.id, font: fontFor(n) }; }));
  }
  network.on("animationFinished", function () { fitLabels(false); });
  var labelFrame = null;
  network.on("zoom", function () {
    if (labelFrame === null) {
      labelFrame = window.requestAnimationFrame(function () { labelFrame = null; fitLabels(false); });
    }
  });
  var freeze = document.getElementById("freeze");
  freeze.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: !freeze.checked, stabilization: { enabled: false } } });
  });

  // ---- filters: types (the legend) and school ------------------------------------------------------
  var school = "";
  var legend = document.getElementById("legend");
  var legendButtons = {};
  data.types.forEach(function (t) {
    var item = el("li");
    var button = el("button");
    button.type = "button";
    button.title = "Show or hide: " + t.label;
    button.appendChild(shapeIcon(t.type));
    button.appendChild(el("span", "name", t.label));
    button.appendChild(el("span", "count", t.count));
    button.addEventListener("click", function () {
      hiddenTypes[t.type] = !hiddenTypes[t.type];
      revealed = {};
      applyFilters();
    });
    button.setAttribute("aria-pressed", hiddenTypes[t.type] ? "false" : "true");
    legendButtons[t.type] = button;
    item.appendChild(button);
    legend.appendChild(item);
  });
  document.getElementById("types-all").addEventListener("click", function () {
    hiddenTypes = {};
    revealed = {};
    applyFilters();
  });
  document.getElementById("types-none").addEventListener("click", function () {
    data.types.forEach(function (t) { hiddenTypes[t.type] = true; });
    revealed = {};
    applyFilters();
  });
  var schoolSelect = document.getElementById("school");
  data.schools.forEach(function (s) {
    var option = el("option", null, s.label + " (" + s.count + ")");
    option.value = s.id;
    schoolSelect.appendChild(option);
  });
  if (!data.schools.length) { schoolSelect.disabled = true; }
  schoolSelect.addEventListener("change", function () {
    school = schoolSelect.value;
    revealed = {};
    applyFilters();
    if (school) { fitView(); }
  });

  var revealed = {}; // nodes shown by search or by a link although a filter hides their kind
  function isShown(id) {
    var entry = info[id];
    if (revealed[id]) { return true; }
    if (hiddenTypes[entry.type]) { return false; }
    return !school || entry.schools.indexOf(school) >= 0;
  }
  function visibleIds() {
    return nodes.getIds().filter(function (id) { return !nodes.get(id).hidden; });
  }
  function applyFilters() {
    var changes = [];
    nodes.forEach(function (n) {
      var hidden = !isShown(n.id);
      if (Boolean(n.hidden) !== hidden) { changes.push({ id: n.id, hidden: hidden }); }
    });
    if (changes.length) { nodes.update(changes); }
    Object.keys(legendButtons).forEach(function (type) {
      legendButtons[type].setAttribute("aria-pressed", hiddenTypes[type] ? "false" : "true");
    });
    if (state.selected && !isShown(state.selected)) { clearSelection(); }
    updateCounts();
  }
  function updateCounts() {
    var shown = {};
    var count = 0;
    nodes.forEach(function (n) { if (!n.hidden) { shown[n.id] = true; count += 1; } });
    var links = 0;
    edges.forEach(function (e) { if (shown[e.from] && shown[e.to]) { links += 1; } });
    var total = nodes.length;
    var text = (count === total ? total.toLocaleString("en") : count.toLocaleString("en") + " of " + total.toLocaleString("en")) +
      (total === 1 ? " entity" : " entities") + " \u00b7 " + links.toLocaleString("en") + (links === 1 ? " link" : " links");
    document.getElementById("counts").textContent = text;
  }

  // ---- selection: fade what is not next to the chosen node -------------------------------------------
  function highlight(id) {
    var near = {};
    near[id] = true;
    network.getConnectedNodes(id).forEach(function (other) { near[other] = true; });
    nodes.update(nodes.map(function (n) {
      n.faded = !near[n.id];
      return {
        id: n.id,
        faded: n.faded,
        color: n.faded ? { background: FADED, border: FADED, highlight: nodeColor(n.baseColor).highlight, hover: nodeColor(n.baseColor).hover } : nodeColor(n.baseColor),
        font: fontFor(n)
      };
    }));
  }
  function unhighlight() {
    nodes.update(nodes.map(function (n) {
      n.faded = false;
      return { id: n.id, faded: false, color: nodeColor(n.baseColor), font: fontFor(n) };
    }));
  }
  function clearSelection() {
    state.selected = null;
    network.unselectAll();
    unhighlight();
    details.hidden = true;
    if (window.history && window.history.replaceState && location.hash) {
      history.replaceState(null, "", location.pathname + location.search);
    }
  }

  /** Show *id*: make it visible, select it, move the view to it and open its details. */
  function focusNode(id, options) {
    if (!info[id]) { return false; }
    if (!isShown(id)) {
      revealed[id] = true; // show this one node, not its whole kind
      applyFilters();
    }
    state.selected = id;
    network.selectNodes([id]);
    highlight(id);
    showDetails(id);
    if (!(options && options.keepView)) {
      // keep the node clear of the details panel when there is room beside it
      var offset = container.clientWidth > 900 ? -Math.min(details.offsetWidth, 400) / 2 : 0;
      network.focus(id, {
        scale: Math.max(network.getScale(), 0.7),
        offset: { x: offset, y: 0 },
        animation: options && options.instant ? false : { duration: 450, easingFunction: "easeInOutQuad" }
      });
    }
    if (window.history && window.history.replaceState) {
      history.replaceState(null, "", "#" + encodeURIComponent(info[id].curie));
    }
    return true;
  }
  function openFromHash() {
    if (!location.hash) {
      if (data.focus) { focusNode(data.focus, { keepView: true }); }
      return;
    }
    var wanted = decodeURIComponent(location.hash.slice(1));
    var found = Object.keys(info).filter(function (id) { return id === wanted || info[id].curie === wanted; })[0];
    if (found) { focusNode(found, { instant: true }); }
  }

  network.on("click", function (params) {
    if (params.nodes.length) { focusNode(params.nodes[0]); } else if (!params.edges.length) { clearSelection(); }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) { network.focus(params.nodes[0], { scale: 1.6, animation: { duration: 400 } }); }
  });
  /** Fit the visible nodes to the screen and name as many as there is room for. */
  function fitView() {
    network.fit({ nodes: visibleIds(), animation: false });
    measureLabels();
  }
  document.getElementById("fit").addEventListener("click", fitView);
  document.getElementById("clear").addEventListener("click", clearSelection);

  // ---- the details panel -------------------------------------------------------------------------
  var details = document.getElementById("details");
  var body = document.getElementById("details-body");
  document.getElementById("details-close").addEventListener("click", clearSelection);

  function nodeLink(id) {
    if (!info[id]) { return el("span", "offview", labelOf(id)); }
    var button = el("button", "link");
    button.type = "button";
    var dot = el("span", "dot");
    dot.style.background = (typeStyle[info[id].type] || { color: "#b0b0b0" }).color;
    button.appendChild(dot);
    button.appendChild(el("span", null, info[id].label));
    button.title = typeLabel(info[id].type);
    button.addEventListener("click", function () { focusNode(id); });
    return button;
  }
  // One evidence claim: what was compared, which way it went, how sure, and its sources as links.
  function claimRow(claim) {
    var row = el("div", "claim");
    var what = [claim.result || "result not recorded"];
    if (claim.vs) { what.push("vs " + claim.vs); }
    if (claim.outcome) { what.push(claim.outcome + (claim.time ? ", " + claim.time : "")); }
    row.appendChild(el("span", "claim-result", what.join(" \u00b7 ")));
    row.appendChild(el("span", "evidence", " \u2014 certainty: " + (claim.certainty || "not recorded") + (claim.design ? "; " + claim.design : "")));
    (claim.sources || []).forEach(function (source) { row.appendChild(nodeLink(source)); });
    if (claim.note) { row.title = claim.note; }
    return row;
  }
  function section(title) {
    body.appendChild(el("h3", null, title));
  }
  function relationGroups(entry) {
    var groups = {};
    var order = [];
    entry.rel.forEach(function (r) {
      var relation = data.relations[r[0]] || { label: r[0], inverse: r[0] };
      var name = r[1] === "o" ? relation.label : relation.inverse;
      if (!groups[name]) { groups[name] = []; order.push(name); }
      groups[name].push({ other: r[2], self: r[1] });
    });
    return order.map(function (name) { return { name: name, items: groups[name] }; });
  }
  function safeHref(value) {
    try {
      var url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (err) {
      return null;
    }
  }
  var ID_NAMES = { exactMatch: "Same as", closeMatch: "Close to", icd11Code: "ICD-11" };

  function showDetails(id) {
    var entry = info[id];
    body.textContent = "";
    var kind = el("div", "kind");
    kind.appendChild(shapeIcon(entry.type));
    kind.appendChild(el("span", null, typeLabel(entry.type)));
    body.appendChild(kind);
    body.appendChild(el("h2", null, entry.label));
    var when = years(entry);
    var meta = [];
    if (entry.birth_year || entry.death_year) { meta.push(when); } else if (when) { meta.push("Year: " + when); }
    if (meta.length) { body.appendChild(el("div", "meta", meta.join(" \u00b7 "))); }
    body.appendChild(el("div", "curie", entry.curie));
    if (entry.alt.length) { body.appendChild(el("p", "meta", "Also: " + entry.alt.join("; "))); }
    if (entry.definition) { body.appendChild(el("p", null, entry.definition)); }
    if (data.citations[id]) { body.appendChild(el("p", "citation", data.citations[id])); }

    var groups = relationGroups(entry);
    if (groups.length) {
      section("Relations");
      groups.forEach(function (group) {
        var box = el("div", "rel-group");
        box.appendChild(el("div", "rel-name", group.name));
        var chips = el("div", "chips");
        group.items.forEach(function (item) {
          chips.appendChild(nodeLink(item.other));
          var claims = item.self === "o" ? evidenceFor(id, item.other) : evidenceFor(item.other, id);
          claims.forEach(function (claim) { chips.appendChild(claimRow(claim)); });
        });
        box.appendChild(chips);
        body.appendChild(box);
      });
    }
    if (entry.schools.length && entry.type !== "School") {
      section("Schools");
      var schoolChips = el("div", "chips");
      entry.schools.forEach(function (s) { schoolChips.appendChild(nodeLink(s)); });
      body.appendChild(schoolChips);
    }
    if (entry.sources.length) {
      section("Sources");
      var list = el("ul");
      entry.sources.forEach(function (source) {
        var item = el("li");
        item.appendChild(nodeLink(source));
        if (data.citations[source]) { item.appendChild(el("div", "citation", data.citations[source])); }
        list.appendChild(item);
      });
      body.appendChild(list);
    }
    if (entry.ids.length) {
      section("Outside identifiers");
      var ids = el("ul");
      entry.ids.forEach(function (row) {
        var item = el("li");
        item.appendChild(el("span", "meta", (ID_NAMES[row[0]] || row[0]) + ": "));
        var href = safeHref(row[1]);
        if (href) {
          var a = el("a", null, row[2]);
          a.href = href;
          a.target = "_blank";
          a.rel = "noopener noreferrer external";
          item.appendChild(a);
        } else {
          item.appendChild(el("span", null, row[2]));
        }
        ids.appendChild(item);
      });
      body.appendChild(ids);
    }
    details.hidden = false;
    details.scrollTop = 0;
  }

  // ---- search by label or synonym ---------------------------------------------------------------------
  var index = [];
  Object.keys(info).sort().forEach(function (id) {
    index.push({ id: id, text: fold(info[id].label), via: null });
    info[id].alt.forEach(function (alt) { index.push({ id: id, text: fold(alt), via: alt }); });
  });
  function rank(entry, query) {
    var at = entry.text.indexOf(query);
    if (at < 0) { return -1; }
    var base = entry.via ? 3 : 0;
    if (entry.text === query) { return base; }
    if (at === 0) { return base + 1; }
    return base + (/[\s\-(]/.test(entry.text.charAt(at - 1)) ? 2 : 6);
  }
  function search(query) {
    var q = fold(query.trim());
    if (!q) { return []; }
    var best = {};
    index.forEach(function (entry) {
      var score = rank(entry, q);
      if (score < 0) { return; }
      var current = best[entry.id];
      if (!current || score < current.score) { best[entry.id] = { id: entry.id, score: score, via: entry.via }; }
    });
    return Object.keys(best).map(function (id) { return best[id]; }).sort(function (a, b) {
      return a.score - b.score || info[a.id].label.length - info[b.id].label.length ||
        (info[a.id].label < info[b.id].label ? -1 : info[a.id].label > info[b.id].label ? 1 : 0);
    }).slice(0, 12);
  }
  var input = document.getElementById("search");
  var results = document.getElementById("search-results");
  var matches = [];
  var active = 0;
  function renderResults() {
    results.textContent = "";
    if (!input.value.trim()) { results.hidden = true; input.setAttribute("aria-expanded", "false"); return; }
    if (!matches.length) {
      results.appendChild(el("li", "empty", "No entity matches \u201c" + input.value.trim() + "\u201d"));
    }
    matches.forEach(function (match, i) {
      var item = el("li");
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", i === active ? "true" : "false");
      item.appendChild(shapeIcon(info[match.id].type));
      item.appendChild(el("span", null, info[match.id].label));
      if (match.via) { item.appendChild(el("span", "via", "also \u201c" + match.via + "\u201d")); }
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
      results.appendChild(item);
    });
    results.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }
  function choose(i) {
    var match = matches[i];
    if (!match) { return; }
    results.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.value = info[match.id].label;
    focusNode(match.id);
  }
  input.addEventListener("input", function () {
    matches = search(input.value);
    active = 0;
    renderResults();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (matches.length) {
        active = (active + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
        renderResults();
      }
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      input.value = "";
      matches = [];
      renderResults();
      input.blur();
    }
  });
  input.addEventListener("blur", function () { results.hidden = true; });
  input.addEventListener("focus", function () { if (matches.length) { renderResults(); } });
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement && document.activeElement.tagName);
    if (event.key === "/" && !typing) {
      event.preventDefault();
      input.focus();
      input.select();
    } else if (event.key === "Escape" && !typing) {
      clearSelection();
    }
  });

  updateCounts();
  window.psygraph = { network: network, nodes: nodes, edges: edges, data: data, state: state, labels: labels, focusNode: focusNode, search: search };
})();
