/* psygraph explorer: the page around vis-network. Nodes arrive placed (the layout is computed when
 * the page is built), so the graph is drawn at once; physics runs only when the user asks for it.
 *
 * Every text that comes from the data is put on the page with textContent, never parsed as markup,
 * and tooltips are DOM elements built on hover, so a label such as "<script>" shows as text and runs
 * nothing. The state is exposed as window.psygraph for tests and for curious users.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("psygraph-data").textContent);
  var info = data.info;
  var typeStyle = {};
  data.types.forEach(function (t) { typeStyle[t.type] = t; });
  var FADED = "rgba(190,190,190,0.28)";
  var INK = "#222326";
  var HALO = "rgba(251,250,247,0.8)";
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var SHAPES = {
    dot: "M8 2a6 6 0 1 0 0.01 0z",
    diamond: "M8 1 15 8 8 15 1 8z",
    square: "M2 2h12v12H2z",
    triangle: "M8 1.5 15 14H1z",
    triangleDown: "M1 2h14L8 14.5z",
    star: "M8 1l2.1 4.6 5 .5-3.8 3.3 1.1 4.9L8 11.8l-4.4 2.5 1.1-4.9L.9 6.1l5-.5z",
    hexagon: "M4.5 1.5h7L15 8l-3.5 6.5h-7L1 8z"
  };
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  function animation(ms) { return reduceMotion ? false : { duration: ms, easingFunction: "easeInOutQuad" }; }

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
  function button(text, className, onClick) {
    var b = el("button", className, text);
    b.type = "button";
    if (onClick) { b.addEventListener("click", onClick); }
    return b;
  }
  function typeLabel(type) { return (typeStyle[type] || { label: type || "Entity" }).label; }
  function labelOf(id) {
    if (info[id]) { return info[id].label; }
    if (data.external[id]) { return data.external[id]; }
    return id.replace(/^.*[\/#]/, "");
  }
  function relationOf(iri) { return data.relations[iri] || { label: iri.replace(/^.*[\/#]/, ""), inverse: iri, symmetric: false }; }
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
    // case, accents, punctuation and British/American spelling do not matter when searching
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim()
      .replace(/defense/g, "defence").replace(/behavior/g, "behaviour").replace(/analyz/g, "analys")
      .replace(/([a-z])iz(e|ed|es|ing|ation|ations)\b/g, "$1is$2");
  }

  // ---- the network: placed nodes, no labels of vis-network's own ------------------------------
  function nodeColor(color) {
    return {
      background: color, border: "rgba(40,40,40,0.45)",
      highlight: { background: color, border: "#1d1d1f" },
      hover: { background: color, border: "#1d1d1f" }
    };
  }
  var hiddenTypes = {};
  data.hidden.forEach(function (type) { hiddenTypes[type] = true; });
  var base = {}; // each node's built position and look
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    base[n.id] = { x: n.x, y: n.y, color: n.color, prominence: n.prominence || 0 };
    return { id: n.id, x: n.x, y: n.y, shape: n.shape, value: n.value, color: nodeColor(n.color), hidden: Boolean(hiddenTypes[info[n.id].type]) };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, relation: e.relation, arrows: e.arrows, dashes: e.dashes };
  }));
  var container = document.getElementById("network");
  var started = performance.now();
  /* A big page gives vis-network no nodes or edges: it only moves the view, and the page draws the
   * nodes (one path per colour) and the links (one path) itself, which is many times faster. */
  var big = data.big;
  var network = new vis.Network(container, big ? { nodes: [], edges: [] } : { nodes: nodes, edges: edges }, data.options);
  var hiddenNow = {}; // what the filters hide now, for drawing without asking the data set
  nodes.forEach(function (n) { if (n.hidden) { hiddenNow[n.id] = true; } });
  // firstDrawMs counts from the start of this script, readyMs from the start of navigation
  var state = { settled: false, firstDrawMs: null, readyMs: null, selected: null, view: "graph", faded: null, path: null };

  var neighbours = {}; // id -> {other id: [edge ids]}, both ways
  data.nodes.forEach(function (n) { neighbours[n.id] = {}; });
  data.edges.forEach(function (e) {
    (neighbours[e.from][e.to] = neighbours[e.from][e.to] || []).push(e.id);
    (neighbours[e.to][e.from] = neighbours[e.to][e.from] || []).push(e.id);
  });

  // ---- where each node is and how big, and the drawing of big pages -----------------------------
  var place = {};
  data.nodes.forEach(function (n) { place[n.id] = { x: n.x, y: n.y }; });
  var values = data.nodes.map(function (n) { return n.value; });
  // reduce, not Math.min.apply: a call takes at most about 100,000 arguments
  function least(list) { return list.reduce(function (a, b) { return a < b ? a : b; }, Infinity); }
  function most(list) { return list.reduce(function (a, b) { return a > b ? a : b; }, -Infinity); }
  var lowest = values.length ? least(values) : 1;
  var highest = values.length ? most(values) : 1;
  var scaling = data.options.nodes.scaling;
  var radii = {}; // as vis-network scales a node's value to its size
  data.nodes.forEach(function (n) {
    radii[n.id] = highest === lowest ? scaling.min : scaling.min + ((n.value - lowest) / (highest - lowest)) * (scaling.max - scaling.min);
  });
  function radius(id) {
    if (big) { return radii[id]; }
    var body = network.body.nodes[id];
    return body ? body.shape.radius || body.options.size || 8 : 8;
  }
  /* While the view is dragged, the page moves a snapshot of its last frame instead of drawing every
   * node again (vis-network is told to skip them); the full drawing comes back when the drag ends. */
  var moving = false;
  var snapshot = null;
  network.on("dragStart", function (params) {
    if (!big && network.getNodeAt(params.pointer.DOM) !== undefined) { return; } // a node is being moved
    var frame = network.canvas.frame.canvas;
    var copy = document.createElement("canvas");
    copy.width = frame.width;
    copy.height = frame.height;
    copy.getContext("2d").drawImage(frame, 0, 0);
    var shift = network.body.view.translation;
    snapshot = { canvas: copy, x: shift.x, y: shift.y, scale: network.getScale() };
    moving = true;
    hideWhileDragging(true);
  });
  network.on("dragEnd", function () {
    if (!moving) { return; }
    moving = false;
    snapshot = null;
    hideWhileDragging(false);
    network.redraw();
  });
  function hideWhileDragging(hide) {
    // vis-network 9.1 reads these from its renderer's options (setOptions does not pass them on later)
    network.renderer.options.hideNodesOnDrag = hide;
    network.renderer.options.hideEdgesOnDrag = hide;
  }
  function drawSnapshot(ctx) {
    var shift = network.body.view.translation;
    var ratio = network.canvas.pixelRatio || 1;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(snapshot.canvas, (shift.x - snapshot.x) * ratio, (shift.y - snapshot.y) * ratio);
    ctx.restore();
  }
  function drawBig(ctx) {
    var scale = network.getScale();
    var shift = network.body.view.translation;
    var ratio = network.canvas.pixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio * scale, 0, 0, ratio * scale, ratio * shift.x, ratio * shift.y);
    var left = -shift.x / scale;
    var top = -shift.y / scale;
    var right = left + container.clientWidth / scale;
    var bottom = top + container.clientHeight / scale;
    ctx.beginPath(); // the links, as one path
    edges.forEach(function (e) {
      if (e.hidden || hiddenNow[e.from] || hiddenNow[e.to]) { return; }
      var a = place[e.from];
      var b = place[e.to];
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
    });
    ctx.lineWidth = 1 / scale;
    ctx.strokeStyle = "rgba(150,150,150,0.35)";
    ctx.stroke();
    var groups = {};
    data.nodes.forEach(function (n) {
      if (hiddenNow[n.id]) { return; }
      var at = place[n.id];
      var r = radius(n.id);
      if (at.x + r < left || at.x - r > right || at.y + r < top || at.y - r > bottom) { return; }
      var colour = state.faded && state.faded[n.id] ? FADED : base[n.id].color;
      (groups[colour] = groups[colour] || []).push(at.x, at.y, r);
    });
    Object.keys(groups).forEach(function (colour) {
      var list = groups[colour];
      ctx.beginPath();
      for (var i = 0; i < list.length; i += 3) {
        var r = list[i + 2];
        if (r * scale < 3) { // a few pixels across: a square reads the same and draws much faster
          ctx.rect(list[i] - r, list[i + 1] - r, 2 * r, 2 * r);
        } else {
          ctx.moveTo(list[i] + r, list[i + 1]);
          ctx.arc(list[i], list[i + 1], r, 0, 2 * Math.PI);
        }
      }
      ctx.fillStyle = colour;
      ctx.fill();
    });
    (state.path || (state.selected ? [state.selected] : [])).forEach(function (id) {
      var at = place[id];
      ctx.beginPath();
      ctx.arc(at.x, at.y, radius(id) + 3 / scale, 0, 2 * Math.PI);
      ctx.lineWidth = 2.5 / scale;
      ctx.strokeStyle = "#1d1d1f";
      ctx.stroke();
    });
    ctx.restore();
  }
  /** The node under a point of the canvas (canvas units), for big pages, where vis-network has none. */
  function nodeAtPoint(point) {
    var best = null;
    var bestDistance = Infinity;
    data.nodes.forEach(function (n) {
      if (hiddenNow[n.id]) { return; }
      var at = place[n.id];
      var d = Math.hypot(at.x - point.x, at.y - point.y);
      if (d <= radius(n.id) + 4 / network.getScale() && d < bestDistance) { best = n.id; bestDistance = d; }
    });
    return best;
  }
  // Camera and selection, the same for both kinds of page.
  function moveTo(id, options) {
    if (!big) { network.focus(id, options); return; }
    var at = place[id];
    network.moveTo({ position: { x: at.x, y: at.y }, scale: options.scale, offset: options.offset, animation: options.animation });
  }
  function fitTo(ids, anim) {
    if (!big) { network.fit({ nodes: ids, animation: anim }); return; }
    if (!ids.length) { return; }
    var xs = ids.map(function (id) { return place[id].x; });
    var ys = ids.map(function (id) { return place[id].y; });
    var x0 = least(xs), x1 = most(xs), y0 = least(ys), y1 = most(ys);
    var scale = Math.min(container.clientWidth / (x1 - x0 + 80), container.clientHeight / (y1 - y0 + 80), 2);
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale, animation: anim });
  }
  function select(ids) {
    if (big) { network.redraw(); } else if (ids.length) { network.selectNodes(ids); } else { network.unselectAll(); }
  }

  /* Labels, drawn by the page in screen space after every frame: the most prominent nodes first (the
   * selection and its neighbours before all), each one only where it overlaps no label already
   * drawn, so they stay readable at any zoom and during animations. labels.boxes holds what was
   * drawn, for tests. */
  var labels = { boxes: [], widths: {}, text: {}, order: data.nodes.map(function (n) { return n.id; }) };
  labels.order.sort(function (a, b) { return base[b].prominence - base[a].prominence || (a < b ? -1 : 1); });
  var CELL = 80;
  function labelSize(id) {
    if (id === state.selected) { return 15; }
    return 11 + Math.round(4 * base[id].prominence);
  }
  function measure(ctx, id) {
    var label = info[id].label;
    labels.text[id] = label.length > 42 ? label.slice(0, 40).replace(/\s+\S*$/, "") + "\u2026" : label;
    ctx.font = "12px " + FONT;
    labels.widths[id] = ctx.measureText(labels.text[id]).width;
  }
  function drawLabels(ctx) {
    var scale = network.getScale();
    var shift = network.body.view.translation;
    var ratio = network.canvas.pixelRatio || 1;
    var width = container.clientWidth;
    var height = container.clientHeight;
    var room = Math.max(30, Math.round((width * height) / 3500));
    var grid = {};
    var boxes = [];
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    var first = [];
    if (state.selected) { first.push(state.selected); }
    if (state.path) { first = first.concat(state.path); }
    if (state.selected) { first = first.concat(Object.keys(neighbours[state.selected])); }
    var seen = {};
    function consider(id) {
      if (seen[id] || boxes.length >= room) { return; }
      seen[id] = true;
      if (hiddenNow[id] || (state.faded && state.faded[id])) { return; }
      var at = big ? place[id] : network.body.nodes[id]; // vis-network's nodes may move (physics, drags)
      if (!at) { return; }
      var x = at.x * scale + shift.x;
      var y = at.y * scale + shift.y;
      if (x < -100 || x > width + 100 || y < -40 || y > height + 20) { return; }
      var size = labelSize(id);
      if (labels.widths[id] === undefined) { measure(ctx, id); }
      var w = labels.widths[id] * size / 12 * (id === state.selected ? 1.1 : 1) + 4;
      var h = size + 4;
      var box = { id: id, x: x - w / 2, y: y + radius(id) * scale + 2, w: w, h: h, size: size };
      if (box.x + w < 0 || box.x > width || box.y > height || box.y + h < 0) { return; }
      var cells = [];
      for (var cx = Math.floor(box.x / CELL); cx <= Math.floor((box.x + w) / CELL); cx++) {
        for (var cy = Math.floor(box.y / CELL); cy <= Math.floor((box.y + h) / CELL); cy++) {
          var cell = cx + ":" + cy;
          var others = grid[cell] || [];
          for (var i = 0; i < others.length; i++) {
            var o = others[i];
            if (box.x < o.x + o.w && o.x < box.x + w && box.y < o.y + o.h && o.y < box.y + h) { return; }
          }
          cells.push(cell);
        }
      }
      cells.forEach(function (cell) { (grid[cell] = grid[cell] || []).push(box); });
      boxes.push(box);
    }
    first.forEach(consider);
    for (var k = 0; k < labels.order.length && boxes.length < room; k++) { consider(labels.order[k]); }
    // a light plate under each label (cheaper to draw than an outline), then the text, one font at a time
    ctx.fillStyle = HALO;
    boxes.forEach(function (b) { ctx.fillRect(b.x, b.y, b.w, b.h); });
    ctx.fillStyle = INK;
    var bySize = boxes.slice().sort(function (a, b) { return a.size - b.size; });
    var current = null;
    bySize.forEach(function (b) {
      var font = (b.id === state.selected ? "600 " : "") + b.size + "px " + FONT;
      if (font !== current) { ctx.font = current = font; }
      ctx.fillText(labels.text[b.id], b.x + b.w / 2, b.y + 2);
    });
    ctx.restore();
    labels.boxes = boxes;
  }
  if (big) { fitView(); } // before the first frame: vis-network cannot fit nodes it does not have
  network.on("afterDrawing", function (ctx) {
    if (snapshot && snapshot.scale === network.getScale()) {
      drawSnapshot(ctx);
      return;
    }
    if (big) { drawBig(ctx); }
    drawLabels(ctx);
    if (state.firstDrawMs === null) {
      state.firstDrawMs = Math.round(performance.now() - started);
      window.requestAnimationFrame(ready);
    }
  });

  // ---- physics, only on request -------------------------------------------------------------------
  var physics = document.getElementById("physics");
  physics.disabled = big; // a big page is drawn by the page itself, without vis-network's forces
  physics.addEventListener("change", function () {
    state.settled = !physics.checked;
    network.setOptions({ physics: { enabled: physics.checked } });
  });
  network.on("stabilized", function () {
    if (relayout) { finishRelayout(); }
    if (!physics.checked) { state.settled = true; }
  });

  function ready() {
    if (document.body.getAttribute("data-state") === "ready") { return; }
    state.settled = true;
    state.readyMs = Math.round(performance.now()); // from the start of navigation
    if (data.hidden.length) { fitView(); }
    document.body.setAttribute("data-state", "ready");
    updateCounts();
    openFromHash(true);
  }

  // ---- tooltips: built when the pointer rests on something, gone when it leaves -------------------
  var tooltip = document.getElementById("tooltip");
  function nodeTooltip(id) {
    var entry = info[id];
    var box = el("div");
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
    var relation = relationOf(edge.relation);
    var box = el("div");
    box.appendChild(el("div", "tip-kind", "relation"));
    box.appendChild(el("div", "tip-label", labelOf(edge.from) + " \u2192 " + relation.label + " \u2192 " + labelOf(edge.to)));
    var claims = evidenceFor(edge.from, edge.to);
    if (claims.length) {
      box.appendChild(el("div", "tip-def", claims.length + (claims.length === 1 ? " evidence claim" : " evidence claims") + "; click an end for details"));
    }
    return box;
  }
  function showTooltip(content, pointer) {
    tooltip.textContent = "";
    tooltip.appendChild(content);
    tooltip.hidden = false;
    var x = Math.min(pointer.x + 14, container.clientWidth - tooltip.offsetWidth - 8);
    var y = pointer.y + 16 + tooltip.offsetHeight > container.clientHeight ? pointer.y - tooltip.offsetHeight - 10 : pointer.y + 16;
    tooltip.style.left = Math.max(4, x) + "px";
    tooltip.style.top = Math.max(4, y) + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  network.on("hoverNode", function (p) { showTooltip(nodeTooltip(p.node), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTooltip(edgeTooltip(edges.get(p.edge)), p.pointer.DOM); });
  ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (name) { network.on(name, hideTooltip); });
  container.addEventListener("pointerleave", hideTooltip);
  var hovered = null;
  var hoverFrame = null;
  container.addEventListener("mousemove", function (event) { // big pages: vis-network has no nodes to hover
    if (!big || hoverFrame !== null) { return; }
    hoverFrame = window.requestAnimationFrame(function () {
      hoverFrame = null;
      var box = container.getBoundingClientRect();
      var pointer = { x: event.clientX - box.left, y: event.clientY - box.top };
      var hit = moving ? null : nodeAtPoint(network.DOMtoCanvas(pointer));
      if (hit && hit !== hovered) { showTooltip(nodeTooltip(hit), pointer); } else if (!hit && hovered) { hideTooltip(); }
      hovered = hit;
    });
  });
  container.addEventListener("mouseleave", hideTooltip);

  // ---- filters: types (the legend), schools, relations, time ------------------------------------------
  var revealed = {}; // nodes shown by search, a link or "expand" although a filter hides their kind
  var schools = {}; // chosen schools; none chosen means all
  var hiddenRelations = {};
  var until = null; // timeline: the last year shown
  var legendButtons = {};
  data.types.forEach(function (t) {
    var item = el("li");
    var b = button(null, null, function () {
      hiddenTypes[t.type] = !hiddenTypes[t.type];
      revealed = {};
      applyFilters();
    });
    b.title = "Show or hide: " + t.label;
    b.appendChild(shapeIcon(t.type));
    b.appendChild(el("span", "name", t.label));
    b.appendChild(el("span", "count", t.count));
    legendButtons[t.type] = b;
    item.appendChild(b);
    document.getElementById("legend").appendChild(item);
  });
  function setAllTypes(hidden) {
    hiddenTypes = {};
    if (hidden) { data.types.forEach(function (t) { hiddenTypes[t.type] = true; }); }
    revealed = {};
    applyFilters();
  }
  document.getElementById("types-all").addEventListener("click", function () { setAllTypes(false); });
  document.getElementById("types-none").addEventListener("click", function () { setAllTypes(true); });

  function checkList(listId, items, chosen, onChange) {
    var list = document.getElementById(listId);
    items.forEach(function (item) {
      var row = el("label", "check");
      var box = el("input");
      box.type = "checkbox";
      box.value = item.id;
      box.checked = Boolean(item.checked);
      box.addEventListener("change", function () { onChange(item.id, box.checked); });
      row.appendChild(box);
      row.appendChild(el("span", "name", item.label));
      if (item.count !== undefined) { row.appendChild(el("span", "count", item.count)); }
      list.appendChild(row);
    });
    if (!items.length) { list.appendChild(el("p", "meta", "None in this view.")); }
    return list;
  }
  checkList("schools", data.schools, schools, function (id, on) {
    if (on) { schools[id] = true; } else { delete schools[id]; }
    revealed = {};
    applyFilters();
    layOutShown();
  });
  var relationCounts = {};
  data.edges.forEach(function (e) { relationCounts[e.relation] = (relationCounts[e.relation] || 0) + 1; });
  checkList("relations", Object.keys(relationCounts).sort(function (a, b) {
    return relationOf(a).label < relationOf(b).label ? -1 : 1;
  }).map(function (r) { return { id: r, label: relationOf(r).label, count: relationCounts[r], checked: true }; }), null, function (id, on) {
    if (on) { delete hiddenRelations[id]; } else { hiddenRelations[id] = true; }
    applyFilters();
  });

  function isShown(id) {
    var entry = info[id];
    if (state.view === "genealogy") { return Boolean(data.genealogy[id]); }
    if (revealed[id]) { return true; }
    if (hiddenTypes[entry.type]) { return false; }
    if (until !== null && (entry.since === null || entry.since === undefined || entry.since > until)) { return false; }
    var chosen = Object.keys(schools);
    return !chosen.length || entry.schools.some(function (s) { return schools[s]; });
  }
  function edgeShown(e) {
    if (state.view === "genealogy") { return e.relation === GENEALOGY; }
    return !hiddenRelations[e.relation];
  }
  var GENEALOGY = "https://w3id.org/psygraph/ontology#analysedBy";
  function visibleIds() { return nodes.getIds({ filter: function (n) { return !n.hidden; } }); }
  function applyFilters() {
    var changes = [];
    nodes.forEach(function (n) {
      var hidden = !isShown(n.id);
      if (hidden) { hiddenNow[n.id] = true; } else { delete hiddenNow[n.id]; }
      if (Boolean(n.hidden) !== hidden) { changes.push({ id: n.id, hidden: hidden }); }
    });
    if (changes.length) { nodes.update(changes); }
    if (big) { network.redraw(); }
    var edgeChanges = [];
    edges.forEach(function (e) {
      var hidden = !edgeShown(e);
      if (Boolean(e.hidden) !== hidden) { edgeChanges.push({ id: e.id, hidden: hidden }); }
    });
    if (edgeChanges.length) { edges.update(edgeChanges); }
    Object.keys(legendButtons).forEach(function (type) {
      legendButtons[type].setAttribute("aria-pressed", hiddenTypes[type] ? "false" : "true");
    });
    if (state.selected && !isShown(state.selected)) { clearSelection(); }
    updateCounts();
    if (!listPanel.hidden) { renderList(); }
  }
  function updateCounts() {
    var count = 0;
    var shown = {};
    nodes.forEach(function (n) { if (!n.hidden) { shown[n.id] = true; count += 1; } });
    var links = 0;
    edges.forEach(function (e) { if (!e.hidden && shown[e.from] && shown[e.to]) { links += 1; } });
    var total = nodes.length;
    document.getElementById("counts").textContent =
      (count === total ? total.toLocaleString("en") : count.toLocaleString("en") + " of " + total.toLocaleString("en")) +
      (total === 1 ? " entity" : " entities") + " \u00b7 " + links.toLocaleString("en") + (links === 1 ? " link" : " links");
  }

  /* A filtered view is laid out again for its own nodes: the shown nodes run the physics from where
   * they stand (hidden ones take no part), then stop; clearing the filter restores the built layout. */
  var relayout = false;
  function layOutShown() {
    var shown = visibleIds();
    var filtered = Object.keys(schools).length > 0 && state.view === "graph";
    restorePositions();
    if (big || !filtered || shown.length < 2 || shown.length > 1500) { fitView(); return; }
    var shownSet = {};
    shown.forEach(function (id) { shownSet[id] = true; });
    nodes.update(nodes.getIds().map(function (id) { return { id: id, physics: Boolean(shownSet[id]) }; }));
    relayout = true;
    state.settled = false;
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(150);
  }
  function finishRelayout() {
    relayout = false;
    network.setOptions({ physics: { enabled: physics.checked } });
    nodes.update(nodes.getIds().map(function (id) { return { id: id, physics: true }; }));
    fitView();
    state.settled = true;
  }
  function restorePositions(positions) {
    nodes.update(nodes.getIds().map(function (id) {
      var p = positions && positions[id];
      place[id] = { x: p ? p[0] : base[id].x, y: p ? p[1] : base[id].y };
      return { id: id, x: place[id].x, y: place[id].y };
    }));
  }

  // ---- views: the graph, the family tree of analyses, the timeline ---------------------------------
  var timeline = document.getElementById("timeline");
  var timelineValue = document.getElementById("timeline-value");
  var dated = Object.keys(info).map(function (id) { return info[id].since; }).filter(function (y) { return typeof y === "number"; });
  var firstDecade = dated.length ? Math.floor(least(dated) / 10) * 10 : 1900;
  var lastDecade = dated.length ? Math.floor(most(dated) / 10) * 10 : 2020;
  timeline.min = String(firstDecade);
  timeline.max = String(lastDecade);
  timeline.step = "10";
  timeline.value = String(lastDecade);
  function showDecade() {
    until = Number(timeline.value) + 9;
    timelineValue.textContent = "up to the " + timeline.value + "s";
    applyFilters();
  }
  timeline.addEventListener("input", showDecade);
  if (!Object.keys(data.genealogy).length) { document.getElementById("view-genealogy").disabled = true; }
  if (!dated.length) { document.getElementById("view-timeline").disabled = true; }
  function setView(view) {
    state.view = view;
    ["graph", "genealogy", "timeline"].forEach(function (name) {
      document.getElementById("view-" + name).setAttribute("aria-pressed", name === view ? "true" : "false");
    });
    document.getElementById("timeline-row").hidden = view !== "timeline";
    until = null;
    restorePositions(view === "genealogy" ? data.genealogy : null);
    if (view === "timeline") { showDecade(); } else { applyFilters(); }
    fitView();
  }
  ["graph", "genealogy", "timeline"].forEach(function (name) {
    document.getElementById("view-" + name).addEventListener("click", function () { setView(name); });
  });

  // ---- selection: fade what is not next to the chosen nodes ----------------------------------------
  function fade(keep) {
    state.faded = keep ? {} : null;
    nodes.update(nodes.map(function (n) {
      var faded = Boolean(keep) && !keep[n.id];
      if (faded) { state.faded[n.id] = true; }
      var color = nodeColor(base[n.id].color);
      return { id: n.id, color: faded ? { background: FADED, border: FADED, highlight: color.highlight, hover: color.hover } : color };
    }));
    if (big) { network.redraw(); }
  }
  function clearSelection() {
    state.selected = null;
    state.path = null;
    select([]);
    fade(null);
    details.hidden = true;
    document.body.classList.remove("sheet-open");
  }

  /** Show *id*: make it visible, select it, move the view to it and open its details. */
  function focusNode(id, options) {
    options = options || {};
    if (!info[id]) { return false; }
    if (state.view === "genealogy" && !data.genealogy[id]) { setView("graph"); }
    if (!isShown(id)) {
      revealed[id] = true; // show this one node, not its whole kind
      applyFilters();
    }
    state.selected = id;
    state.path = null;
    select([id]);
    var keep = {};
    keep[id] = true;
    Object.keys(neighbours[id]).forEach(function (other) { keep[other] = true; });
    fade(keep);
    showDetails(id);
    if (!options.keepView) {
      // keep the node clear of the details panel when there is room beside it
      var offset = container.clientWidth > 900 ? -Math.min(details.offsetWidth, 400) / 2 : 0;
      var phone = container.clientWidth <= 760;
      moveTo(id, {
        scale: Math.max(network.getScale(), 0.7),
        offset: { x: offset, y: phone ? -container.clientHeight / 4 : 0 },
        animation: options.instant ? false : animation(450)
      });
    }
    var hash = "#" + encodeURIComponent(info[id].curie);
    if (options.fromHistory) {
      // the address already says where we are
    } else if (location.hash !== hash) {
      history.pushState(null, "", hash);
    }
    return true;
  }
  function findByHash() {
    var wanted;
    try {
      wanted = decodeURIComponent(location.hash.slice(1));
    } catch (err) {
      return null; // a malformed address is ignored
    }
    return Object.keys(info).filter(function (id) { return id === wanted || info[id].curie === wanted; })[0] || null;
  }
  function openFromHash(first) {
    if (!location.hash) {
      if (first && data.focus) { focusNode(data.focus, { keepView: true, fromHistory: true }); } else if (!first) { clearSelection(); }
      return;
    }
    var found = findByHash();
    if (found) { focusNode(found, { instant: first, fromHistory: true }); }
  }
  window.addEventListener("hashchange", function () { openFromHash(false); });

  network.on("click", function (params) {
    var hit = big ? nodeAtPoint(params.pointer.canvas) : params.nodes[0];
    if (hit) { focusNode(hit); } else if (!params.edges.length) { clearSelection(); }
  });
  network.on("doubleClick", function (params) {
    var hit = big ? nodeAtPoint(params.pointer.canvas) : params.nodes[0];
    if (hit) { moveTo(hit, { scale: 1.6, animation: animation(400) }); }
  });
  function fitView() {
    fitTo(visibleIds(), false);
  }
  document.getElementById("fit").addEventListener("click", fitView);
  document.getElementById("clear").addEventListener("click", clearSelection);

  // ---- the details panel -------------------------------------------------------------------------
  var details = document.getElementById("details");
  var body = document.getElementById("details-body");
  document.getElementById("details-close").addEventListener("click", clearSelection);

  function nodeLink(id) {
    if (!info[id]) { return el("span", "offview", labelOf(id)); }
    var b = button(null, "link", function () {
      focusNode(id);
      var heading = body.querySelector("h2");
      if (heading) { heading.focus(); } // keyboard users stay in the panel they were reading
    });
    var dot = el("span", "dot");
    dot.style.background = (typeStyle[info[id].type] || { color: "#b0b0b0" }).color;
    b.appendChild(dot);
    b.appendChild(el("span", null, info[id].label));
    b.title = typeLabel(info[id].type);
    return b;
  }
  // One evidence claim: its design, which way it went, how sure, its note, and its sources as links.
  function claimRow(claim) {
    var row = el("div", "claim");
    var what = [claim.result || "result not recorded"];
    if (claim.vs) { what.push("vs " + claim.vs); }
    if (claim.outcome) { what.push(claim.outcome + (claim.time ? ", " + claim.time : "")); }
    row.appendChild(el("div", "claim-result", what.join(" \u00b7 ")));
    row.appendChild(el("div", "evidence", (claim.design || "design not recorded") + " \u00b7 certainty: " + (claim.certainty || "not recorded")));
    if (claim.note) { row.appendChild(el("div", "claim-note", claim.note)); }
    if ((claim.sources || []).length) {
      var sources = el("div", "chips");
      claim.sources.forEach(function (source) { sources.appendChild(nodeLink(source)); });
      row.appendChild(sources);
    }
    return row;
  }
  function section(title) { body.appendChild(el("h3", null, title)); }
  function relationGroups(entry) {
    var groups = {};
    var order = [];
    entry.rel.forEach(function (r) {
      var relation = relationOf(r[0]);
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

  function openPanel() {
    details.hidden = false;
    details.scrollTop = 0;
    document.body.classList.add("sheet-open");
  }
  function showDetails(id) {
    var entry = info[id];
    body.textContent = "";
    var kind = el("div", "kind");
    kind.appendChild(shapeIcon(entry.type));
    kind.appendChild(el("span", null, typeLabel(entry.type)));
    body.appendChild(kind);
    var heading = el("h2", null, entry.label);
    heading.tabIndex = -1;
    body.appendChild(heading);
    var when = years(entry);
    if (when) { body.appendChild(el("div", "meta", entry.birth_year || entry.death_year ? when : "Year: " + when)); }
    body.appendChild(el("div", "curie", entry.curie));
    if (entry.alt.length) { body.appendChild(el("p", "meta", "Also: " + entry.alt.join("; "))); }
    if (entry.definition) { body.appendChild(el("p", null, entry.definition)); }
    if (data.citations[id]) { body.appendChild(el("p", "citation", data.citations[id])); }
    var hiddenNear = Object.keys(neighbours[id]).filter(function (other) { return !isShown(other); });
    var actions = el("div", "row");
    if (hiddenNear.length) {
      actions.appendChild(button("Show " + hiddenNear.length + " hidden neighbour" + (hiddenNear.length === 1 ? "" : "s"), "expand", function () {
        hiddenNear.forEach(function (other) { revealed[other] = true; });
        applyFilters();
        focusNode(id, { keepView: true, fromHistory: true });
      }));
    }
    actions.appendChild(button("Path from here", null, function () { pick("a", id); }));
    actions.appendChild(button("Compare", null, function () { pick("a", id); document.getElementById("pair-b").focus(); }));
    body.appendChild(actions);

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
    openPanel();
  }

  // ---- search by label or synonym, tolerant of small misspellings --------------------------------------
  var index = [];
  Object.keys(info).sort().forEach(function (id) {
    var names = [info[id].label].concat(info[id].alt);
    names.forEach(function (name, i) {
      index.push({ id: id, text: fold(name), via: i ? name : null, person: info[id].type === "Theorist" && i === 0 });
    });
  });
  // Points for each kind of match (a label, a synonym), as `psygraph search` gives them.
  var SCORES = { exact: [100, 95], surname: [90, 90], prefix: [85, 80], words: [75, 70], substring: [60, 55], all: [50, 45] };
  function similarity(a, b) {
    // 1 - edit distance / combined length: 1 for equal strings, near 1 for a one-letter slip
    if (Math.abs(a.length - b.length) > 3) { return 0; }
    var previous = [];
    for (var j = 0; j <= b.length; j++) { previous.push(j); }
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      for (j = 1; j <= b.length; j++) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      previous = current;
    }
    return 1 - (2 * previous[b.length]) / (a.length + b.length);
  }
  function score(entry, q, words) {
    var t = entry.text;
    var s = entry.via ? 1 : 0;
    if (t === q) { return SCORES.exact[s]; }
    if (entry.person && t.split(" ").pop() === q) { return SCORES.surname[s]; }
    if (t.indexOf(q + " ") === 0) { return SCORES.prefix[s]; }
    if ((" " + t + " ").indexOf(" " + q + " ") >= 0) { return SCORES.words[s]; }
    if (t.indexOf(q) >= 0) { return SCORES.substring[s]; }
    var parts = t.split(" ");
    if (words.every(function (w) { return parts.indexOf(w) >= 0; })) { return SCORES.all[s]; }
    if (q.length < 4) { return 0; }
    var best = similarity(q, t);
    parts.forEach(function (w) { if (w.length > 3) { best = Math.max(best, similarity(q, w)); } });
    return best >= 0.8 ? Math.round(40 * best) : 0;
  }
  function search(query) {
    var q = fold(query);
    if (!q) { return []; }
    var words = q.split(" ");
    var best = {};
    index.forEach(function (entry) {
      var points = score(entry, q, words);
      if (!points) { return; }
      var current = best[entry.id];
      if (!current || points > current.score) { best[entry.id] = { id: entry.id, score: points, via: entry.via }; }
    });
    return Object.keys(best).map(function (id) { return best[id]; }).sort(function (a, b) {
      return b.score - a.score || info[a.id].label.length - info[b.id].label.length ||
        (info[a.id].label < info[b.id].label ? -1 : info[a.id].label > info[b.id].label ? 1 : 0);
    }).slice(0, 12);
  }

  /* A search box as an ARIA combobox: typing lists matches, arrows move through them, Enter picks,
   * Escape clears the box (and nothing else). */
  function combobox(input, list, onPick) {
    var box = { matches: [], active: 0 };
    function render() {
      list.textContent = "";
      if (!input.value.trim()) { close(); return; }
      if (!box.matches.length) {
        list.appendChild(el("li", "empty", "No entity matches \u201c" + input.value.trim() + "\u201d"));
      }
      box.matches.forEach(function (match, i) {
        var item = el("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", i === box.active ? "true" : "false");
        item.appendChild(shapeIcon(info[match.id].type));
        item.appendChild(el("span", null, info[match.id].label));
        if (match.via) { item.appendChild(el("span", "via", "also \u201c" + match.via + "\u201d")); }
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(item);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (box.matches.length) { input.setAttribute("aria-activedescendant", list.id + "-" + box.active); }
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function choose(i) {
      var match = box.matches[i];
      if (!match) { return; }
      close();
      input.value = info[match.id].label;
      onPick(match.id);
    }
    input.addEventListener("input", function () {
      box.matches = search(input.value);
      box.active = 0;
      render();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (box.matches.length) {
          box.active = (box.active + (event.key === "ArrowDown" ? 1 : box.matches.length - 1)) % box.matches.length;
          render();
        }
      } else if (event.key === "Enter") {
        event.preventDefault();
        choose(box.active);
      } else if (event.key === "Escape") {
        event.stopPropagation(); // clears the search only: the selection and panels stay
        input.value = "";
        box.matches = [];
        render();
      }
    });
    input.addEventListener("blur", close);
    input.addEventListener("focus", function () { if (box.matches.length) { render(); } });
    return box;
  }
  var input = document.getElementById("search");
  combobox(input, document.getElementById("search-results"), function (id) {
    focusNode(id);
    closeDrawer();
  });

  // ---- two entities: the paths between them, and what they share ----------------------------------------
  var pair = { a: null, b: null };
  function pick(which, id) {
    pair[which] = id;
    document.getElementById("pair-" + which).value = info[id].label;
    openDrawer();
  }
  combobox(document.getElementById("pair-a"), document.getElementById("pair-a-results"), function (id) { pair.a = id; });
  combobox(document.getElementById("pair-b"), document.getElementById("pair-b-results"), function (id) { pair.b = id; });
  function chosenPair() {
    if (!pair.a || !pair.b || pair.a === pair.b) {
      document.getElementById("pair-status").textContent = "Choose two different entities first.";
      return false;
    }
    document.getElementById("pair-status").textContent = "";
    return true;
  }
  /** The shortest chains from *from* to *to* over the page's links (either way), at most *most* of them. */
  function paths(from, to, most) {
    var depth = {};
    var parents = {};
    depth[from] = 0;
    var queue = [from];
    for (var head = 0; head < queue.length && depth[to] === undefined; head++) {
      var node = queue[head];
      Object.keys(neighbours[node]).sort().forEach(function (other) {
        if (depth[other] === undefined) {
          depth[other] = depth[node] + 1;
          parents[other] = [node];
          queue.push(other);
        } else if (depth[other] === depth[node] + 1) {
          parents[other].push(node);
        }
      });
    }
    if (depth[to] === undefined) { return []; }
    var found = [];
    (function walk(node, tail) {
      if (found.length >= most) { return; }
      if (node === from) { found.push([from].concat(tail)); return; }
      parents[node].forEach(function (p) { walk(p, [node].concat(tail)); });
    })(to, []);
    return found;
  }
  function stepRow(a, b) {
    var row = el("div", "step");
    neighbours[a][b].forEach(function (edgeId) {
      var e = edges.get(edgeId);
      var relation = relationOf(e.relation);
      var forward = e.from === a;
      row.appendChild(el("span", "step-relation", "\u2193 " + (forward ? relation.label : relation.inverse)));
      var claims = evidenceFor(e.from, e.to);
      claims.forEach(function (claim) { row.appendChild(claimRow(claim)); });
    });
    return row;
  }
  function showPaths() {
    if (!chosenPair()) { return; }
    var found = paths(pair.a, pair.b, 5);
    body.textContent = "";
    body.appendChild(el("div", "kind", "Paths"));
    body.appendChild(el("h2", null, info[pair.a].label + " \u2192 " + info[pair.b].label));
    if (!found.length) {
      body.appendChild(el("p", null, "No chain of links joins them in this page."));
    }
    var keep = {};
    found.forEach(function (chain, n) {
      section(chain.length - 1 + (chain.length === 2 ? " step" : " steps") + (found.length > 1 ? " (path " + (n + 1) + ")" : ""));
      var box = el("div", "chain");
      chain.forEach(function (id, i) {
        keep[id] = true;
        box.appendChild(nodeLink(id));
        if (i < chain.length - 1) { box.appendChild(stepRow(id, chain[i + 1])); }
      });
      body.appendChild(box);
    });
    Object.keys(keep).forEach(function (id) { if (!isShown(id)) { revealed[id] = true; } });
    applyFilters();
    state.selected = null;
    state.path = Object.keys(keep);
    if (found.length) {
      fade(keep);
      select(state.path);
      fitTo(state.path, animation(450));
    }
    openPanel();
    closeDrawer();
  }
  function showComparison() {
    if (!chosenPair()) { return; }
    var a = neighbours[pair.a];
    var b = neighbours[pair.b];
    var shared = Object.keys(a).filter(function (id) { return b[id]; });
    var onlyA = Object.keys(a).filter(function (id) { return !b[id] && id !== pair.b; });
    var onlyB = Object.keys(b).filter(function (id) { return !a[id] && id !== pair.a; });
    body.textContent = "";
    body.appendChild(el("div", "kind", "Compare"));
    body.appendChild(el("h2", null, info[pair.a].label + " and " + info[pair.b].label));
    if (a[pair.b]) { body.appendChild(el("p", "meta", "They are linked directly.")); }
    [["Both are linked to", shared], ["Only " + info[pair.a].label, onlyA], ["Only " + info[pair.b].label, onlyB]].forEach(function (group) {
      section(group[0] + " (" + group[1].length + ")");
      var chips = el("div", "chips");
      group[1].sort(function (x, y) { return labelOf(x) < labelOf(y) ? -1 : 1; }).forEach(function (id) { chips.appendChild(nodeLink(id)); });
      body.appendChild(chips);
    });
    var keep = {};
    [pair.a, pair.b].concat(shared).forEach(function (id) { keep[id] = true; });
    state.selected = null;
    state.path = [pair.a, pair.b].concat(shared);
    fade(keep);
    select([pair.a, pair.b]);
    openPanel();
    closeDrawer();
  }
  document.getElementById("find-paths").addEventListener("click", showPaths);
  document.getElementById("compare").addEventListener("click", showComparison);

  // ---- the list view: the current graph as text --------------------------------------------------------
  var listPanel = document.getElementById("list-view");
  var listToggle = document.getElementById("list-toggle");
  function renderList() {
    var list = document.getElementById("list-body");
    list.textContent = "";
    var shown = visibleIds().sort(function (a, b) { return info[a].label.localeCompare(info[b].label); });
    list.appendChild(el("p", "meta", shown.length + " shown" + (shown.length > 2000 ? "; the first 2,000 are listed" : "")));
    var items = el("ul");
    shown.slice(0, 2000).forEach(function (id) {
      var item = el("li");
      item.appendChild(nodeLink(id));
      item.appendChild(el("span", "meta", " " + typeLabel(info[id].type) + " \u00b7 " + Object.keys(neighbours[id]).length + " links"));
      items.appendChild(item);
    });
    list.appendChild(items);
  }
  listToggle.addEventListener("click", function () {
    listPanel.hidden = !listPanel.hidden;
    listToggle.setAttribute("aria-expanded", listPanel.hidden ? "false" : "true");
    if (!listPanel.hidden) { renderList(); listPanel.focus(); }
  });

  // ---- the sidebar as a drawer on narrow screens ------------------------------------------------------
  var drawerToggle = document.getElementById("menu");
  function openDrawer() { document.body.classList.add("drawer-open"); drawerToggle.setAttribute("aria-expanded", "true"); }
  function closeDrawer() { document.body.classList.remove("drawer-open"); drawerToggle.setAttribute("aria-expanded", "false"); }
  drawerToggle.addEventListener("click", function () {
    if (document.body.classList.contains("drawer-open")) { closeDrawer(); } else { openDrawer(); }
  });

  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement && document.activeElement.tagName);
    if (event.key === "/" && !typing) {
      event.preventDefault();
      input.focus();
      input.select();
    } else if (event.key === "Escape" && !typing) {
      if (document.body.classList.contains("drawer-open")) { closeDrawer(); } else { clearSelection(); }
    }
  });

  window.psygraph = {
    network: network, nodes: nodes, edges: edges, data: data, state: state, labels: labels,
    focusNode: focusNode, search: search, paths: paths, setView: setView
  };
})();
