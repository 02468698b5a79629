/* powermap: the interactive power map.
 *
 * Reads the map model from <script id="powermap-data"> and draws it with vis-network.
 * The model decides what is shown: positions, sizes, colours, shapes, rings, labels and
 * badges of people; lines; department boxes (their members, nesting, colours and names);
 * routes and the lines on them; the legend's rows and the page's looks (data.media.page).
 * This script draws those and works out only what the page itself knows: where a box runs
 * around its members now (drags move it), how text fits, and the interactive states
 * (filters, the chosen route, hover, the side panel).
 *
 * Names, titles and the session's marks (coverage ring and badge, key persons' halos, risk and
 * avoid marks) are drawn by the page's own label layer after vis-network draws the people
 * (drawGlance): in screen pixels, most important first, never two on top of each other, none
 * under LABEL_MIN pixels. Lines are drawn on demand (defaultLine, lineShown).
 *
 * Every value from the account is data: elements are built with createElement and
 * textContent, never from markup. Tooltips are our own, built the same way when the pointer
 * rests on a person or line (no vis-network "title", so nothing is parsed and nothing is built
 * for the thousands of people never hovered). Positions come from the model; physics is off,
 * so a 2,000-person map draws at once.
 *
 * Every word the page writes that is not the account's data (controls, headings, tooltips,
 * the sentences around names) comes from data.words in the reader's language: "ui" by key
 * (a "{field}" filled here with a name, number or date), "values" the words of enumerated
 * values. The markup carries only data-word keys, filled from them when the page opens.
 *
 * The page exposes window.powermap (network, data sets and the actions of the controls) so
 * tests and curious users can drive it.
 */
(function () {
  "use strict";

  var started = performance.now();
  var FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", ' +
    '"PingFang SC", "Hiragino Sans GB", system-ui, "Segoe UI", Roboto, Arial, sans-serif';
  var BIG = 500;               // above this many nodes: straight edges, edges hidden while dragging
  var DIM = 0.12;              // opacity of what a highlighted route pushes back
  var FONT_COLOUR = "#222", FADED_FONT = "#9a9a9a", DIM_FONT = "#cfcfcf";
  var MAX_TIES = 40;           // ties listed in the side panel
  var MAX_DASHES = 200;        // dash repeats along one line, at most (see boundedDashes)
  var NONE = "\u0000none";    // filter value for "no department/faction": no id holds a control character
  var FOCUS_FROM = 120;        // above this many people the map opens on key persons, risks, inside contacts and their neighbours
  var LABEL_MIN = 10;          // no text is drawn smaller than this many screen pixels
  var KEY_LABEL = 13, KP1_LABEL = 16, TEAM_LABEL = 12, NAME_LABEL = 11, DETAIL_LABEL = 10;  // screen pixels
  var HALO = "#e6a800";        // key persons' halo
  var MARK_RED = "#c62828";    // risk and avoid marks
  var CHANGED = "#c51b7d";     // a what-if's after map: whoever changed (dashed ring)
  // Ring and badge of our coverage: colour AND line pattern, so grey-scale keeps them apart; the
  // still image marks the same levels in the same colours (map_style.COVERAGE_MARKS).
  var COVERAGE = {
    strong: { color: "#1a9850", width: 3.5, dash: [] },
    weak: { color: "#f28e00", width: 2, dash: [] },
    stale: { color: "#7a7a7a", width: 2.5, dash: [6, 4] },
    none: { color: "#d7191c", width: 3, dash: [2, 3] }
  };
  var STANCE_SIGNS = { champion: "++", supporter: "+", neutral: "\u25cb", skeptic: "\u2212", opponent: "\u2212\u2212", unknown: "?" };

  var data = JSON.parse(document.getElementById("powermap-data").textContent);
  var meta = data.meta || {};
  var pageLook = data.media.page;  // the page's looks that no single person or line carries
  var ROUTE_COLOR = pageLook.route;
  var FADED = pageLook.faded;
  var EDGE_OPACITY = pageLook.lines;
  var STANCE_WORDS = pageLook.stances;  // in the legend's order
  var WORDS = (data.words && data.words.ui) || {};
  var VALUES = (data.words && data.words.values) || {};
  var POWER_WORDS = VALUES.power_levels || ["none", "weak", "medium", "strong"];
  var legendKeys = new Map();  // the legend rows the page looks up, by section id and row key
  pageLook.legend.forEach(function (section) {
    section.rows.forEach(function (row) { if (row.key) { legendKeys.set(section.id + "\u0000" + row.key, row); } });
  });
  function legendRowFor(section, key) { return legendKeys.get(section + "\u0000" + key) || null; }
  var byId = new Map();
  data.nodes.forEach(function (node) { byId.set(node.id, node); });
  var edgesById = new Map();
  data.edges.forEach(function (edge) { edgesById.set(edge.id, edge); });
  var big = data.nodes.length > BIG;
  var CARDS = data.cards || null;  // the org chart's card and box sizes (map units); none on the force layout
  var people = data.nodes.filter(function (node) { return node.kind === "stakeholder"; });
  function has(node, mark) { return Boolean(node.marks && node.marks.indexOf(mark) >= 0); }
  /** Key persons and risks: named at KEY_LABEL or more wherever the map is zoomed. */
  function foremost(node) { return Boolean(node.key_rank) || has(node, "risk") || has(node, "avoid") || has(node, "changed"); }
  /** Who is named first when labels compete for room: key persons by rank, risks, inside
   * contacts, our team, then everyone else by key-person score. */
  function importance(node) {
    if (node.key_rank) { return node.key_rank; }
    if (has(node, "risk") || has(node, "avoid")) { return 1000; }
    if (has(node, "coach")) { return 1500; }
    if (node.kind === "member") { return 2000; }
    return 3000 + (1 - (node.score || 0)) * 1000;
  }
  var byImportance = data.nodes.slice().sort(function (a, b) { return importance(a) - importance(b); });
  var hidden = new Set();  // ids hidden by the filters
  var routeOn = false;     // whether a route is highlighted (the rest dimmed)

  /* ---------- small DOM helpers: text only, never markup ---------- */

  /** An element with a class and text content; children are appended as nodes. */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function append(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) { continue; }
      parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return parent;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
    return node;
  }

  function words(key) { return key === null || key === undefined ? "" : String(key).replace(/_/g, " "); }

  /** The page's word ``key`` in the reader's language, its {fields} filled in one pass (a
   * value is never read as a field). */
  function say(key, fields) {
    var template = WORDS[key];
    if (typeof template !== "string") { return key; }
    if (!fields) { return template; }
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(fields, name) ? String(fields[name]) : whole;
    });
  }

  /** The word for an enumerated value of ``kind`` (role, status, circle, strength, ...). */
  function valueWord(kind, key) {
    var table = VALUES[kind];
    return table && typeof table[key] === "string" ? table[key] : words(key);
  }

  function list(items) { return items.join(say("separator")); }

  /** The words of the page's markup: elements carry data-word keys, never words. */
  function wordTheMarkup() {
    document.querySelectorAll("[data-word]").forEach(function (node) { node.textContent = say(node.getAttribute("data-word")); });
    ["title", "placeholder", "aria-label"].forEach(function (attribute) {
      document.querySelectorAll("[data-word-" + attribute + "]").forEach(function (node) {
        node.setAttribute(attribute, say(node.getAttribute("data-word-" + attribute)));
      });
    });
  }
  function nameOf(id) { var node = byId.get(id); return node ? node.name : String(id); }
  function fixed(value, digits) { return typeof value === "number" ? value.toFixed(digits) : ""; }

  /* ---------- the vis-network data ---------- */

  /** What the hover tooltip says about a person, built as DOM so names cannot become markup. */
  function nodeTip(node) {
    var box = el("div");
    append(box, el("strong", null, node.name));
    if (node.title) { append(box, el("div", "pm-sub", node.title)); }
    if (node.kind === "member") {
      append(box, el("div", null, say("team_tip", { count: (node.contacts || []).length })));
    } else {
      var where = [node.department_name, node.faction_name].filter(Boolean).join(" \u00b7 ");
      if (where) { append(box, el("div", null, where)); }
      append(box, el("div", null, say("stance_tip", { stance: STANCE_WORDS[node.stance] }) +
        (node.roles && node.roles.length ? " \u00b7 " + list(node.roles.map(function (role) { return valueWord("role", role); })) : "")));
      if (node.badges.length) { append(box, el("div", null, node.badges.join(" \u00b7 "))); }
    }
    append(box, el("div", "pm-sub", say("details")));
    return box;
  }

  function nodeColour(node, border) {
    return {
      background: node.color, border: border,
      highlight: { background: node.color, border: "#000" },
      hover: { background: node.color, border: "#000" }
    };
  }

  /** How a node looks with no route highlighted. Opacity and font colour are set only for
   * people who left, so the global options can dim everyone else at once. */
  function baseNode(node) {
    var border = node.ring || (node.kind === "member" ? pageLook.team_border : pageLook.border);
    var look = { id: node.id, color: nodeColour(node, border), borderWidth: node.ring ? 4 : 1.5 };
    if (node.faded) {
      look.opacity = FADED;
      look.font = { color: FADED_FONT };
    }
    return look;
  }

  function visNode(node) {
    var look = baseNode(node);
    look.label = "";  // names, titles and marks are drawn by the page's own label layer (drawGlance)
    look.x = node.x;
    look.y = node.y;
    look.size = node.size;
    look.shape = node.shape;
    look.borderWidthSelected = node.ring ? 6 : 3;
    return look;
  }

  function edgeWords(edge) {
    var people = { from: nameOf(edge.from), to: nameOf(edge.to) };
    switch (edge.type) {
      case "contact":
        var how = [valueWord("strength", edge.strength), edge.last_contact ? say("last", { date: edge.last_contact }) : say("no_date")];
        if (edge.stale) { how.push(say("stale")); }
        return say("knows", { from: people.from, to: people.to, how: how.join(say("comma")) });
      case "reports_to": return say("reports_to", people);
      case "influences": case "advises": case "ally": case "rival": case "friend": case "kin": case "alumni":
        return say(edge.type, people) + weightWords(edge);
      default: return people.from + " \u2013 " + people.to + " (" + words(edge.type) + ")";
    }
  }

  function weightWords(edge) {
    var parts = [];
    if (typeof edge.weight === "number") { parts.push(fixed(edge.weight, 2)); }
    if (edge.network) { parts.push(say("network", { network: valueWord("network", edge.network) })); }
    return parts.length ? say("aside", { what: parts.join(say("comma")) }) : "";
  }

  /** Parallel edges between one pair bend apart on small maps; big maps stay straight for speed. */
  function bends(edges) {
    var seen = new Map(), found = new Map();
    edges.forEach(function (edge) {
      var flipped = edge.from > edge.to;
      var key = flipped ? edge.to + "\u0000" + edge.from : edge.from + "\u0000" + edge.to;
      var count = seen.get(key) || 0;
      seen.set(key, count + 1);
      if (count === 0) { return; }
      var clockwise = (count % 2 === 1) !== flipped;
      found.set(edge.id, { enabled: true, type: clockwise ? "curvedCW" : "curvedCCW", roundness: 0.18 * Math.ceil(count / 2) });
    });
    return found;
  }

  /** How a line looks with no route highlighted (its opacity comes from the global options). */
  function baseEdge(edge) {
    return { id: edge.id, color: { color: edge.color, highlight: edge.color, hover: edge.color }, width: lineWidth(edge) };
  }

  var INFORMAL = { influences: true, advises: true, ally: true, rival: true, friend: true, kin: true, alumni: true };

  /** Informal ties are thin and curved, so they read as a layer over the formal lines. */
  function lineWidth(edge) {
    if (!INFORMAL[edge.type]) { return edge.width; }
    return 0.8 + 1.6 * (typeof edge.weight === "number" ? edge.weight : 0.5);
  }

  function visEdge(edge, smooth) {
    var look = baseEdge(edge);
    look.from = edge.from;
    look.to = edge.to;
    look.hidden = !defaultLine(edge);
    if (edge.dashes) { look.dashes = boundedDashes(edge); }
    if (edge.arrow) { look.arrows = ARROW; }
    if (smooth) { look.smooth = smooth; } else if (INFORMAL[edge.type] && !big) { look.smooth = { enabled: true, type: "curvedCW", roundness: 0.18 }; }
    return look;
  }

  /** The lines drawn when nobody is pointed at, as the model decided (the still image draws the
   * same): the formal lines, rivals, opponents' ties and every informal tie of a key person,
   * risk or avoided person. Contacts are on the cards (coverage). */
  function defaultLine(edge) { return Boolean(edge.at_rest); }

  /** The edge's dash pattern, stretched so one line has at most MAX_DASHES repeats.
   *
   * The browser dashes a whole line even where it runs off screen, so a dotted line across a
   * 2,000-person org chart (tens of thousands of map units) costs a second per frame. Long
   * lines get proportionally longer dashes; short ones keep the pattern of the legend.
   */
  function boundedDashes(edge) {
    var from = byId.get(edge.from), to = byId.get(edge.to);
    var period = edge.dashes.reduce(function (sum, length) { return sum + length; }, 0);
    if (!from || !to || !(period > 0)) { return edge.dashes; }
    var stretch = Math.hypot(from.x - to.x, from.y - to.y) / (period * MAX_DASHES);
    return stretch > 1 ? edge.dashes.map(function (length) { return length * stretch; }) : edge.dashes;
  }

  var ARROW = { to: { enabled: true, scaleFactor: 0.6 } };
  var curves = big ? new Map() : bends(data.edges);
  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(function (edge) { return visEdge(edge, curves.get(edge.id)); }));

  var options = {
    physics: false,
    layout: { improvedLayout: false },
    interaction: {
      hover: true, multiselect: false, navigationButtons: false,
      hideEdgesOnDrag: big, hideEdgesOnZoom: big, keyboard: { enabled: true, bindToWindow: false }
    },
    nodes: {
      font: { face: FONT, size: 14, color: FONT_COLOUR, strokeWidth: 3, strokeColor: "#ffffff" },
      opacity: 1,
      shadow: false
    },
    edges: {
      smooth: false, selectionWidth: 1.5, hoverWidth: 0.5, arrowStrikethrough: false,
      color: { opacity: EDGE_OPACITY }, arrows: { to: { enabled: false } }
    }
  };

  var container = document.getElementById("pm-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  /* ---------- hover tooltips, built on demand ---------- */

  var tip = el("div", "pm-tip");
  tip.hidden = true;
  tip.setAttribute("role", "tooltip");
  container.parentNode.appendChild(tip);
  var pointer = { x: 0, y: 0 };
  container.addEventListener("pointermove", function (event) {
    var frame = container.parentNode.getBoundingClientRect();
    pointer.x = event.clientX - frame.left;
    pointer.y = event.clientY - frame.top;
  }, true);  // capture: before vis-network sees the move and reports a hover

  /** Show a tooltip near the pointer, kept inside the map area. */
  function showTip(content) {
    clear(tip);
    append(tip, content);
    tip.hidden = false;
    var frame = container.parentNode.getBoundingClientRect();
    var x = Math.min(pointer.x + 14, frame.width - tip.offsetWidth - 4);
    var y = pointer.y + 14 + tip.offsetHeight > frame.height ? pointer.y - tip.offsetHeight - 10 : pointer.y + 14;
    tip.style.left = Math.max(0, x) + "px";
    tip.style.top = Math.max(0, y) + "px";
  }

  function hideTip() { tip.hidden = true; }

  network.on("hoverNode", function (params) {
    var node = byId.get(params.node);
    if (node) { showTip(nodeTip(node)); }
    pointed = params.node;
    refreshLines();
  });
  network.on("blurNode", function () { pointed = null; refreshLines(); });
  container.addEventListener("pointerleave", function () {
    if (pointed !== null) { pointed = null; hideTip(); refreshLines(); }
  });
  network.on("hoverEdge", function (params) { var edge = edgesById.get(params.edge); if (edge) { showTip(el("div", null, edgeWords(edge))); } });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  /* ---------- department boxes, drawn under the nodes ---------- */

  var departments = data.departments || [];

  function translucent(hex, alpha) {
    var value = /^#([0-9a-f]{6})$/i.exec(hex || "");
    if (!value) { return "rgba(200,200,200," + alpha + ")"; }
    var number = parseInt(value[1], 16);
    return "rgba(" + (number >> 16) + "," + ((number >> 8) & 255) + "," + (number & 255) + "," + alpha + ")";
  }

  function roundedRect(ctx, x, y, width, height, radius) {
    ctx.beginPath();
    ctx.moveTo(x + radius, y);
    ctx.arcTo(x + width, y, x + width, y + height, radius);
    ctx.arcTo(x + width, y + height, x, y + height, radius);
    ctx.arcTo(x, y + height, x, y, radius);
    ctx.arcTo(x, y, x + width, y, radius);
    ctx.closePath();
  }

  var departmentById = new Map();
  departments.forEach(function (department) { departmentById.set(department.id, department); });
  var childDepartments = new Map();
  departments.forEach(function (department) {
    if (department.parent && departmentById.has(department.parent)) {
      if (!childDepartments.has(department.parent)) { childDepartments.set(department.parent, []); }
      childDepartments.get(department.parent).push(department);
    }
  });

  /** Each department's box from where its people are now (drags move it): around the cards
   * of its visible members (data.cards: so far either side, above and below a person) and
   * the boxes of its sub-departments, data.cards.pad around them and data.cards.head more on
   * top for the name. The org layout places each department as a block of its own, so boxes
   * of different departments never overlap. Outermost first, so inner boxes are drawn over
   * them. None on the force layout (departments are clusters there; the filter picks one). */
  function departmentBoxes() {
    if (!CARDS || !departments.length) { return []; }
    var positions = network.getPositions();
    var found = new Map();
    function box(department) {
      if (found.has(department.id)) { return found.get(department.id); }
      var left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity, count = 0;
      department.members.forEach(function (id) {
        var where = positions[id];
        if (!where || hidden.has(id)) { return; }
        left = Math.min(left, where.x - CARDS.left); right = Math.max(right, where.x + CARDS.left);
        top = Math.min(top, where.y - CARDS.above); bottom = Math.max(bottom, where.y + CARDS.below);
        count += 1;
      });
      (childDepartments.get(department.id) || []).forEach(function (child) {
        var inner = box(child);
        if (!inner) { return; }
        left = Math.min(left, inner.left); right = Math.max(right, inner.right);
        top = Math.min(top, inner.top); bottom = Math.max(bottom, inner.bottom);
        count += 1;
      });
      var result = count ? { department: department, left: left - CARDS.pad, right: right + CARDS.pad,
        top: top - CARDS.pad - CARDS.head, bottom: bottom + CARDS.pad } : null;
      found.set(department.id, result);
      return result;
    }
    var boxes = [];
    departments.forEach(function (department) { var found = box(department); if (found) { boxes.push(found); } });
    boxes.sort(function (a, b) { return a.department.depth - b.department.depth; });
    return boxes;
  }

  var lastBoxes = [];

  function drawDepartments(ctx) {
    lastBoxes = departmentBoxes();
    if (!lastBoxes.length) { return; }
    var scale = network.getScale();
    ctx.save();
    ctx.lineWidth = 1.2 / Math.max(scale, 0.05);
    lastBoxes.forEach(function (box) {
      roundedRect(ctx, box.left, box.top, box.right - box.left, box.bottom - box.top, 12);
      ctx.fillStyle = translucent(box.department.color, routeOn ? DIM : pageLook.boxes);
      ctx.fill();
      ctx.strokeStyle = translucent(box.department.color, 1);
      ctx.stroke();
    });
    ctx.restore();
  }

  /* ---------- the glance layer: names, cards, coverage and the session's marks ---------- */

  var widths = new Map();
  function font(size, bold) { return (bold ? "600 " : "") + size + "px " + FONT; }
  function measure(ctx, text, size, bold) {
    var key = size + (bold ? "b" : "") + "\u0000" + text;
    var width = widths.get(key);
    if (width === undefined) {
      ctx.font = font(size, bold);
      width = ctx.measureText(text).width;
      widths.set(key, width);
    }
    return width;
  }

  /** Text in lines of at most ``room`` pixels at ``size``: broken at spaces, or between any
   * two characters for text without spaces (Chinese); never cut short. */
  function wrap(ctx, text, size, bold, room) {
    if (measure(ctx, text, size, bold) <= room) { return [text]; }
    var words = /\s/.test(text) ? text.split(/(\s+)/) : Array.from(text);
    var lines = [], line = "";
    words.forEach(function (word) {
      var next = line + word;
      if (line && measure(ctx, next.trim(), size, bold) > room) { lines.push(line.trim()); line = word.trim() ? word : ""; } else { line = next; }
    });
    if (line.trim()) { lines.push(line.trim()); }
    return lines;
  }

  function roleWord(node) { return node.main_role ? valueWord("role", node.main_role) : ""; }

  function coverageWords(node) {
    var coverage = node.coverage;
    if (!coverage) { return ""; }
    var level = say("cov_" + coverage.level);
    return coverage.by.length ? say("cov_by", { level: level, who: coverage.by.map(nameOf).join(say("separator")) }) : level;
  }

  /** The lines of a person's label, most important first: name and stance sign; key-person
   * rank, marks and weightiest role; title; coverage. */
  function labelParts(node) {
    var parts = [{ text: node.name + (node.kind === "stakeholder" ? " " + (STANCE_SIGNS[node.stance] || "?") : ""), bold: true, name: true }];
    if (node.kind === "member") {
      if (node.title) { parts.push({ text: node.title }); }
      return parts;
    }
    var first = node.badges.slice();
    if (has(node, "avoid")) { first.push(say("avoid")); }
    if (roleWord(node)) { first.push(roleWord(node)); }
    first.push(STANCE_WORDS[node.stance] || node.stance);
    parts.push({ text: first.join(" \u00b7 ") });
    if (node.title) { parts.push({ text: node.title }); }
    parts.push({ text: coverageWords(node) });
    return parts;
  }

  /** The size a person's name is drawn at on screen, or 0 when it is not drawn at this zoom. */
  function nameSize(node, scale, cardWidth, ctx) {
    if (node.key_rank === 1) { return KP1_LABEL; }
    if (foremost(node)) { return KEY_LABEL; }
    if (node.kind === "member") { return TEAM_LABEL; }
    var size = Math.min(14, Math.max(NAME_LABEL, 15 * scale));
    // everyone else is named once their name fits their card on two lines at most
    var lines = wrap(ctx, node.name, size, true, Math.max(cardWidth, 1));
    return lines.length <= 2 && lines.every(function (line) { return measure(ctx, line, size, true) <= cardWidth + 0.5; }) ? size : 0;
  }

  var drawnLabels = [], drawnMarks = [];

  /** A grid of screen cells listing the drawn rectangles, to test a new label against. */
  function Occupied() { this.cells = new Map(); }
  Occupied.prototype.key = function (x, y) { return x + "," + y; };
  Occupied.prototype.free = function (r) {
    for (var x = Math.floor(r.left / 64); x <= Math.floor(r.right / 64); x++) {
      for (var y = Math.floor(r.top / 64); y <= Math.floor(r.bottom / 64); y++) {
        var here = this.cells.get(this.key(x, y));
        if (!here) { continue; }
        for (var i = 0; i < here.length; i++) {
          var o = here[i];
          if (r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom) { return false; }
        }
      }
    }
    return true;
  };
  Occupied.prototype.add = function (r) {
    for (var x = Math.floor(r.left / 64); x <= Math.floor(r.right / 64); x++) {
      for (var y = Math.floor(r.top / 64); y <= Math.floor(r.bottom / 64); y++) {
        var key = this.key(x, y);
        if (!this.cells.has(key)) { this.cells.set(key, []); }
        this.cells.get(key).push(r);
      }
    }
  };

  function circle(ctx, x, y, radius) { ctx.beginPath(); ctx.arc(x, y, radius, 0, 2 * Math.PI); }

  /** Halos of the key persons, the coverage ring and badge, risk and avoid marks: in screen
   * pixels around where vis-network drew the person. */
  function drawMarks(ctx, node, x, y, radius) {
    if (node.kind !== "stakeholder") { return; }
    var dim = routeOn && !onRoute.has(node.id) && node.id !== spotlit;
    ctx.globalAlpha = dim ? DIM : node.faded ? FADED : 1;
    if (node.key_rank) {
      var kp1 = node.key_rank === 1;
      circle(ctx, x, y, radius + (kp1 ? 9 : 6));
      ctx.setLineDash([]);
      ctx.lineWidth = kp1 ? 6 : 2.5;
      ctx.strokeStyle = HALO;
      ctx.stroke();
      if (kp1) { circle(ctx, x, y, radius + 13); ctx.lineWidth = 1.5; ctx.strokeStyle = "#8a6500"; ctx.stroke(); }
    }
    var coverage = node.coverage;
    if (coverage && (radius >= 4 || foremost(node))) {
      var look = COVERAGE[coverage.level];
      circle(ctx, x, y, radius + 2.5);
      ctx.setLineDash(look.dash);
      ctx.lineWidth = look.width;
      ctx.strokeStyle = look.color;
      ctx.stroke();
      ctx.setLineDash([]);
      var badge = Math.max(8, Math.min(11, radius * 0.55));
      if (radius >= 7 || foremost(node)) {
        var bx = x + (radius + 2) * 0.72, by = y - (radius + 2) * 0.72;
        circle(ctx, bx, by, badge);
        ctx.fillStyle = coverage.level === "none" ? look.color : "#ffffff";
        ctx.fill();
        ctx.lineWidth = 2;
        ctx.strokeStyle = look.color;
        ctx.stroke();
        var mark = coverage.level === "none" ? "\u00d7" : coverage.initials[0] + (coverage.initials.length > 1 ? "+" : "");
        var size = Math.max(LABEL_MIN, badge * 1.1);
        ctx.font = font(size, true);
        ctx.fillStyle = coverage.level === "none" ? "#ffffff" : "#222";
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.fillText(mark, bx, by + 0.5);
        ctx.textAlign = "left";
        drawnMarks.push({ id: node.id, kind: "coverage", level: coverage.level, text: mark, size: size });
      }
    }
    if (has(node, "changed")) {  // a what-if's after map: a dashed magenta ring outside the halo
      circle(ctx, x, y, radius + (node.key_rank ? (node.key_rank === 1 ? 17 : 10) : 6));
      ctx.setLineDash([5, 3]); ctx.lineWidth = 2.5; ctx.strokeStyle = CHANGED; ctx.stroke(); ctx.setLineDash([]);
      drawnMarks.push({ id: node.id, kind: "changed" });
    }
    if (has(node, "risk")) {  // a red warning triangle, top left
      var tx = x - (radius + 2) * 0.72 - 2, ty = y - (radius + 2) * 0.72 - 2;
      ctx.beginPath(); ctx.moveTo(tx, ty - 9); ctx.lineTo(tx + 9, ty + 7); ctx.lineTo(tx - 9, ty + 7); ctx.closePath();
      ctx.fillStyle = MARK_RED; ctx.fill(); ctx.lineWidth = 1.5; ctx.strokeStyle = "#ffffff"; ctx.stroke();
      ctx.fillStyle = "#ffffff"; ctx.font = font(LABEL_MIN, true); ctx.textAlign = "center"; ctx.textBaseline = "middle";
      ctx.fillText("!", tx, ty + 1.5); ctx.textAlign = "left";
      drawnMarks.push({ id: node.id, kind: "risk" });
    }
    if (has(node, "avoid")) {  // a barred circle, bottom left
      var ax = x - (radius + 2) * 0.72 - 2, ay = y + (radius + 2) * 0.72 + 2;
      circle(ctx, ax, ay, 8); ctx.fillStyle = "#ffffff"; ctx.fill();
      ctx.lineWidth = 2.5; ctx.strokeStyle = MARK_RED; ctx.stroke();
      ctx.beginPath(); ctx.moveTo(ax - 5.5, ay + 5.5); ctx.lineTo(ax + 5.5, ay - 5.5); ctx.stroke();
      drawnMarks.push({ id: node.id, kind: "avoid" });
    }
    ctx.globalAlpha = 1;
  }

  /** Where a label may go, in order: under the person, then above, right, left, then further
   * out (a thin line then joins it to the person). */
  function placements(x, y, radius, width, height) {
    var gap = radius + 4, spots = [];
    for (var step = 0; step < 4; step++) {
      var out = step * (height + 4);
      spots.push({ left: x - width / 2, top: y + gap + out });
      spots.push({ left: x - width / 2, top: y - gap - height - out });
      spots.push({ left: x + gap + 6 + step * 10, top: y - height / 2 + (step ? out / 2 : 0) });
      spots.push({ left: x - gap - 6 - width - step * 10, top: y - height / 2 - (step ? out / 2 : 0) });
    }
    return spots;
  }

  function drawGlance(ctx) {
    drawnLabels = [];
    drawnMarks = [];
    var scale = network.getScale(), view = network.getViewPosition();
    var width = container.clientWidth, height = container.clientHeight;
    var ratio = ctx.canvas.width / Math.max(1, container.clientWidth);
    var positions = network.getPositions();
    function screen(where) { return { x: (where.x - view.x) * scale + width / 2, y: (where.y - view.y) * scale + height / 2 }; }
    var cardWidth = (CARDS ? 2 * CARDS.left : 90) * scale - 4;
    var cardBelow = (CARDS ? CARDS.below : 60) * scale;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";
    var taken = new Occupied();
    var shown = [];
    byImportance.forEach(function (node) {
      if (hidden.has(node.id)) { return; }
      var where = positions[node.id];
      if (!where) { return; }
      var at = screen(where);
      if (at.x < -60 || at.y < -60 || at.x > width + 60 || at.y > height + 60) { return; }
      shown.push({ node: node, x: at.x, y: at.y, radius: Math.max(node.size * scale, 2) });
    });
    shown.forEach(function (item) { drawMarks(ctx, item.node, item.x, item.y, item.radius); });
    // the marks of the foremost take room first, so no name is written over them; names keep
    // off the other people too where they can (nodes: tried first, given up for the foremost)
    var crowd = new Occupied();
    shown.forEach(function (item) {
      var r = item.radius + (foremost(item.node) ? 12 : 2);
      var rect = { left: item.x - r, right: item.x + r, top: item.y - r, bottom: item.y + r, id: item.node.id };
      if (foremost(item.node)) { taken.add(rect); } else { crowd.add(rect); }
    });
    var routeDim = routeOn;
    // the foremost named first, then the departments, then everyone else
    shown.filter(function (item) { return foremost(item.node); }).forEach(label);
    drawDepartmentNames(ctx, scale, screen, taken);
    shown.filter(function (item) { return !foremost(item.node); }).forEach(label);
    ctx.restore();

    function label(item) {
      var node = item.node;
      if (!labelsOn && !foremost(node)) { return; }
      var size = nameSize(node, scale, cardWidth, ctx);
      if (!size) { return; }
      var parts = labelParts(node);
      var room = Math.max(cardWidth, foremost(node) ? 110 : 0);
      var lines = wrap(ctx, parts[0].text, size, true, Math.max(room, measure(ctx, node.name, size, true))).map(function (text) {
        return { text: text, size: size, bold: true };
      });
      // details while they fit the card below the person (always for the foremost)
      var budget = foremost(node) ? 4 : Math.floor((cardBelow - item.radius - lines.length * size * 1.2) / (DETAIL_LABEL * 1.25));
      var detailSize = foremost(node) ? Math.max(DETAIL_LABEL, Math.min(12, size - 2)) : DETAIL_LABEL;
      parts.slice(1).forEach(function (part) {
        if (!part.text || budget <= 0) { return; }
        var wrapped = wrap(ctx, part.text, detailSize, false, Math.max(room, 60));
        if (wrapped.length > budget) { return; }
        budget -= wrapped.length;
        wrapped.forEach(function (text) { lines.push({ text: text, size: detailSize, bold: false }); });
      });
      var tall = 0, wide = 0;
      lines.forEach(function (line) { tall += line.size * 1.22; wide = Math.max(wide, measure(ctx, line.text, line.size, line.bold)); });
      var spots = placements(item.x, item.y, item.radius + (node.key_rank ? (node.key_rank === 1 ? 13 : 7) : 3), wide, tall);
      var limit = foremost(node) || node.kind === "member" ? spots.length : 2;
      var chosen = null;
      // with too little room for the details, the name alone
      for (var attempt = 0; attempt < 2 && !chosen; attempt++) {
        for (var pass = 0; pass < 2 && !chosen; pass++) {
          for (var i = 0; i < limit; i++) {
            var r = { left: spots[i].left, top: spots[i].top, right: spots[i].left + wide, bottom: spots[i].top + tall };
            if (r.left < 0 || r.top < 0 || r.right > width || r.bottom > height) { continue; }  // on the screen only
            if (taken.free(r) && (pass === 1 || crowd.free(r))) { chosen = r; chosen.spot = i; break; }
          }
          if (!foremost(node) && node.kind !== "member") { break; }
        }
        if (!chosen && lines.length > 1) {
          lines = lines.filter(function (line) { return line.bold; });
          tall = 0; wide = 0;
          lines.forEach(function (line) { tall += line.size * 1.22; wide = Math.max(wide, measure(ctx, line.text, line.size, line.bold)); });
          spots = placements(item.x, item.y, item.radius + (node.key_rank ? (node.key_rank === 1 ? 13 : 7) : 3), wide, tall);
        } else { break; }
      }
      if (!chosen) { return; }
      taken.add(chosen);
      var dim = routeDim && !onRoute.has(node.id) && node.id !== spotlit;
      ctx.globalAlpha = dim ? 0.35 : node.faded ? 0.6 : 1;
      if (chosen.spot >= 2) {  // away from the person: a thin line joins them
        ctx.beginPath(); ctx.moveTo(item.x, item.y);
        ctx.lineTo(Math.max(chosen.left, Math.min(item.x, chosen.right)), Math.max(chosen.top, Math.min(item.y, chosen.bottom)));
        ctx.lineWidth = 1; ctx.strokeStyle = "#999"; ctx.setLineDash([]); ctx.stroke();
      }
      ctx.fillStyle = "rgba(255,255,255,0.82)";
      ctx.fillRect(chosen.left - 2, chosen.top - 1, wide + 4, tall + 2);
      var y = chosen.top;
      lines.forEach(function (line) {
        ctx.font = font(line.size, line.bold);
        ctx.fillStyle = line.bold ? (node.key_rank === 1 ? "#000" : FONT_COLOUR) : "#444";
        var lineWidth = measure(ctx, line.text, line.size, line.bold);
        ctx.fillText(line.text, chosen.left + (wide - lineWidth) / 2, y + line.size * 0.1);
        y += line.size * 1.22;
      });
      ctx.globalAlpha = 1;
      drawnLabels.push({ id: node.id, kind: "person", text: lines.map(function (line) { return line.text; }).join("\n"),
        size: lines[0].size, left: chosen.left, top: chosen.top, right: chosen.right, bottom: chosen.bottom });
    }
  }

  /** Department names in their box's head, never cut: one line at data.cards.name_font, or two,
   * or smaller, never under LABEL_MIN screen pixels; zoomed far out, a name runs below the head
   * over the box (on a white ground) where no other label is, and is left out where its box is
   * narrower than it. */
  function drawDepartmentNames(ctx, scale, screen, taken) {
    if (!CARDS) { return; }
    lastBoxes.forEach(function (box) {
      var corner = screen({ x: box.left, y: box.top });
      var boxWidth = (box.right - box.left) * scale - 12, head = CARDS.head * scale;
      var name = box.department.name, size = Math.max(LABEL_MIN + 1, Math.min(CARDS.name_font * scale, 15)), lines = [name];
      head = Math.max(head, 2 * size * 1.15 + 2);
      if (measure(ctx, name, size, true) > boxWidth) { lines = wrap(ctx, name, size, true, boxWidth); }
      while ((lines.length * size * 1.15 > head - 2 || lines.some(function (line) { return measure(ctx, line, size, true) > boxWidth; })) && size > LABEL_MIN) {
        size = Math.max(LABEL_MIN, size - 1);
        lines = wrap(ctx, name, size, true, boxWidth);
      }
      var wide = 0;
      lines.forEach(function (line) { wide = Math.max(wide, measure(ctx, line, size, true)); });
      var r = { left: corner.x + 8, top: corner.y + 4, right: corner.x + 8 + wide, bottom: corner.y + 4 + lines.length * size * 1.15 };
      if (lines.length > 2 || !taken.free(r)) { return; }
      taken.add(r);
      ctx.fillStyle = "rgba(255,255,255,0.75)";
      ctx.fillRect(r.left - 2, r.top - 1, r.right - r.left + 4, r.bottom - r.top + 2);
      ctx.font = font(size, true);
      ctx.fillStyle = routeOn ? "#bbb" : "#444";
      lines.forEach(function (line, index) { ctx.fillText(line, r.left, r.top + index * size * 1.15); });
      drawnLabels.push({ id: box.department.id, kind: "department", text: lines.join("\n"), size: size,
        left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    });
  }

  /** Keep dashes at least 2 screen pixels long however far out the map is zoomed.
   *
   * vis-network dashes lines in map units, so on a 2,000-person map seen whole (scale ~0.01)
   * a dotted line becomes tens of thousands of sub-pixel dashes and one frame takes most of
   * a second; the pattern is unreadable anyway. Scaling the pattern up keeps it visible and
   * the frame fast. Installed once on the map's own canvas context only.
   */
  function screenSizedDashes(ctx) {
    if (ctx.setLineDash !== CanvasRenderingContext2D.prototype.setLineDash) { return; }
    var native = ctx.setLineDash;
    ctx.setLineDash = function (segments) {
      var positive = (segments || []).filter(function (length) { return length > 0; });
      var scale = network.getScale();
      if (!positive.length || !(scale > 0)) { return native.call(this, segments); }
      var factor = Math.max(1, 2 / (scale * Math.min.apply(null, positive)));
      return native.call(this, factor === 1 ? segments : segments.map(function (length) { return length * factor; }));
    };
  }

  network.on("beforeDrawing", function (ctx) {
    screenSizedDashes(ctx);
    drawDepartments(ctx);
  });
  network.on("afterDrawing", drawGlance);

  /* ---------- filters ---------- */

  var filter = { department: "", faction: "", role: "", stance: "", team: true, types: new Set(), everyone: true };
  var edgeTypes = [];
  data.edges.forEach(function (edge) { if (edgeTypes.indexOf(edge.type) < 0) { edgeTypes.push(edge.type); } });
  edgeTypes.forEach(function (type) { filter.types.add(type); });

  /** A department and every department below it, so "Operations" keeps its sub-units. */
  function departmentFamily(id) {
    var department = departments.find(function (each) { return each.id === id; });
    return new Set([id].concat(department ? department.below : []));
  }

  /** The people a big map opens on: key persons, risks, inside contacts, the avoid list, and
   * everyone tied to them (not by a contact). */
  var inFocus = new Set();
  (function () {
    var core = new Set(people.filter(function (node) { return node.marks && node.marks.length; }).map(function (node) { return node.id; }));
    core.forEach(function (id) { inFocus.add(id); });
    data.edges.forEach(function (edge) {
      if (edge.type === "contact") { return; }
      if (core.has(edge.from)) { inFocus.add(edge.to); }
      if (core.has(edge.to)) { inFocus.add(edge.from); }
    });
  })();
  if (people.length > FOCUS_FROM) { filter.everyone = false; }

  function shows(node, family) {
    if (node.kind === "member") { return filter.team; }
    if (!filter.everyone && !inFocus.has(node.id)) { return false; }
    if (family && !(filter.department === NONE ? !node.department : family.has(node.department))) { return false; }
    if (filter.faction && (filter.faction === NONE ? node.faction : node.faction !== filter.faction)) { return false; }
    if (filter.role && node.roles.indexOf(filter.role) < 0) { return false; }
    if (filter.stance && node.stance !== filter.stance) { return false; }
    return true;
  }

  /** Hide the people and lines that do not match, updating only what changed: vis-network
   * already leaves out the lines of hidden people, so lines change only with their type. */
  function applyFilters() {
    var family = filter.department ? (filter.department === NONE ? new Set() : departmentFamily(filter.department)) : null;
    var nodeChanges = [];
    data.nodes.forEach(function (node) {
      var hide = !shows(node, family);
      if (hide !== hidden.has(node.id)) {
        if (hide) { hidden.add(node.id); } else { hidden.delete(node.id); }
        nodeChanges.push({ id: node.id, hidden: hide });
      }
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    refreshLines();
    countShown();
    if (panelFor && hidden.has(panelFor)) { hidePanel(); }
  }

  /* ---------- lines on demand ---------- */

  var allLines = false;   // the "All lines" button
  var pointed = null;     // the person the pointer rests on
  var lineHidden = new Map();
  data.edges.forEach(function (edge) { lineHidden.set(edge.id, !defaultLine(edge)); });

  /** Whether a line is drawn now: its type is ticked, and it is a default line, or every line
   * is asked for, or it is a line of the person pointed at or in the side panel, or on the
   * highlighted route. */
  function lineShown(edge) {
    if (!filter.types.has(edge.type)) { return false; }
    if (allLines || litEdges.has(edge.id)) { return true; }
    var touches = function (id) { return id && (edge.from === id || edge.to === id); };
    return touches(pointed) || touches(spotlit) || defaultLine(edge);
  }

  function refreshLines() {
    var changes = [];
    data.edges.forEach(function (edge) {
      var hide = !lineShown(edge);
      if (hide !== lineHidden.get(edge.id)) { lineHidden.set(edge.id, hide); changes.push({ id: edge.id, hidden: hide }); }
    });
    if (changes.length) { edges.update(changes); }
    return changes.length;
  }

  function setAllLines(show) {
    allLines = Boolean(show);
    document.getElementById("pm-lines").setAttribute("aria-pressed", String(allLines));
    refreshLines();
    return allLines;
  }

  function countShown() {
    var people = 0, shown = 0;
    data.nodes.forEach(function (node) {
      if (node.kind === "member") { return; }
      people += 1;
      if (!hidden.has(node.id)) { shown += 1; }
    });
    document.getElementById("pm-count").textContent = say("shown", { shown: shown, people: people }) +
      (filter.everyone ? "" : " \u2013 " + say("focus_view"));
  }

  function setFilter(name, value) {
    if (name === "types") { filter.types = new Set(value); } else { filter[name] = value; }
    syncFilterControls();
    applyFilters();
  }

  function resetFilters() {
    filter.everyone = true;
    filter.department = filter.faction = filter.role = filter.stance = "";
    filter.team = true;
    filter.types = new Set(edgeTypes);
    syncFilterControls();
    applyFilters();
  }

  var filterControls = {};

  function selectControl(name, label, choices) {
    var wrap = el("div", "pm-filter");
    var select = el("select");
    select.id = "pm-filter-" + name;
    var caption = el("label", null, label);
    caption.htmlFor = select.id;
    choices.forEach(function (choice) {
      var option = el("option", null, choice[1]);
      option.value = choice[0];
      append(select, option);
    });
    select.addEventListener("change", function () { filter[name] = select.value; applyFilters(); });
    filterControls[name] = select;
    return append(wrap, caption, select);
  }

  function departmentChoices() {
    var choices = [["", say("all_departments")]];
    departments.forEach(function (department) {
      choices.push([department.id, "\u00a0\u00a0".repeat(department.depth) + department.name]);
    });
    if (data.nodes.some(function (node) { return node.kind === "stakeholder" && !node.department; })) {
      choices.push([NONE, say("no_department")]);
    }
    return choices;
  }

  function buildFilters() {
    var box = clear(document.getElementById("pm-filters"));
    var stakeholders = data.nodes.filter(function (node) { return node.kind === "stakeholder"; });
    if (departments.length) { append(box, selectControl("department", say("department"), departmentChoices())); }
    if ((data.factions || []).length) {
      var factions = [["", say("all_factions")]].concat(data.factions.map(function (faction) { return [faction.id, faction.name]; }));
      factions.push([NONE, say("no_faction")]);
      append(box, selectControl("faction", say("faction"), factions));
    }
    var roles = [["", say("all_roles")]].concat((data.roles || []).map(function (role) { return [role, valueWord("role", role)]; }));
    append(box, selectControl("role", say("role"), roles));
    var stances = [["", say("all_stances")]];
    Object.keys(STANCE_WORDS).forEach(function (stance) {
      if (stakeholders.some(function (node) { return node.stance === stance; })) { stances.push([stance, STANCE_WORDS[stance]]); }
    });
    append(box, selectControl("stance", say("stance"), stances));

    var types = el("fieldset", "pm-types");
    append(types, el("legend", null, say("lines")));
    edgeTypes.forEach(function (type) {
      var row = legendRowFor("lines", type) || { color: "#999", width: 2, text: words(type) };
      var label = el("label");
      var tick = el("input");
      tick.type = "checkbox";
      tick.checked = true;
      tick.value = type;
      tick.addEventListener("change", function () {
        if (tick.checked) { filter.types.add(type); } else { filter.types.delete(type); }
        applyFilters();
      });
      filterControls["type:" + type] = tick;
      append(types, append(label, tick, lineSwatch(row), row.text));
    });
    var team = el("label");
    var teamTick = el("input");
    teamTick.type = "checkbox";
    teamTick.checked = true;
    teamTick.addEventListener("change", function () { filter.team = teamTick.checked; applyFilters(); });
    filterControls.team = teamTick;
    var ours = legendRowFor("stance", "team");
    append(types, append(team, teamTick, shapeSwatch(ours.shape, ours.fill, ours.ring, 14), ours.text));
    append(box, types);
    document.getElementById("pm-reset").addEventListener("click", resetFilters);
  }

  function syncFilterControls() {
    ["department", "faction", "role", "stance"].forEach(function (name) {
      if (filterControls[name]) { filterControls[name].value = filter[name]; }
    });
    if (filterControls.team) { filterControls.team.checked = filter.team; }
    edgeTypes.forEach(function (type) {
      var tick = filterControls["type:" + type];
      if (tick) { tick.checked = filter.types.has(type); }
    });
  }

  function visibleNodeIds() {
    return nodes.getIds({ filter: function (node) { return !node.hidden; } });
  }

  /* ---------- legend: the rows of data.media.page.legend, with inline SVG swatches ---------- */

  var SVG = "http://www.w3.org/2000/svg";

  function svg(width, height) {
    var node = document.createElementNS(SVG, "svg");
    node.setAttribute("width", width);
    node.setAttribute("height", height);
    node.setAttribute("viewBox", "0 0 " + width + " " + height);
    node.setAttribute("aria-hidden", "true");
    return node;
  }

  function svgChild(parent, tag, attributes) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    parent.appendChild(node);
    return node;
  }

  function polygon(points, centre, radius) {
    return points.map(function (point) {
      return (centre + point[0] * radius).toFixed(2) + "," + (centre + point[1] * radius).toFixed(2);
    }).join(" ");
  }

  function regular(count, turn) {
    var points = [];
    for (var i = 0; i < count; i++) {
      var angle = turn + i * 2 * Math.PI / count;
      points.push([Math.cos(angle), Math.sin(angle)]);
    }
    return points;
  }

  function starPoints() {
    var points = [];
    for (var i = 0; i < 10; i++) {
      var angle = -Math.PI / 2 + i * Math.PI / 5, length = i % 2 ? 0.45 : 1;
      points.push([Math.cos(angle) * length, Math.sin(angle) * length]);
    }
    return points;
  }

  var SHAPES = {
    star: starPoints(),
    diamond: [[0, -1], [1, 0], [0, 1], [-1, 0]],
    triangle: [[0, -1], [0.9, 0.7], [-0.9, 0.7]],
    triangleDown: [[0, 1], [0.9, -0.7], [-0.9, -0.7]],
    hexagon: regular(6, 0)
  };

  /** A small picture of a node shape, as the map draws it (no ring: the plain border). */
  function shapeSwatch(shape, fill, ring, size) {
    size = size || 18;
    var picture = svg(size, size), centre = size / 2, radius = size / 2 - 2;
    var paint = { fill: fill, stroke: ring || pageLook.border, "stroke-width": ring ? 3 : 1 };
    if (shape === "square") {
      svgChild(picture, "rect", Object.assign({ x: 2, y: 2, width: size - 4, height: size - 4 }, paint));
    } else if (SHAPES[shape]) {
      svgChild(picture, "polygon", Object.assign({ points: polygon(SHAPES[shape], centre, radius) }, paint));
    } else {
      svgChild(picture, "circle", Object.assign({ cx: centre, cy: centre, r: radius }, paint));
    }
    return picture;
  }

  /** A small picture of a line: colour, width, dash pattern and arrow. */
  function lineSwatch(row) {
    var picture = svg(34, 12);
    var line = { x1: 1, y1: 6, x2: row.arrow ? 26 : 33, y2: 6, stroke: row.color, "stroke-width": row.width };
    if (row.dashes) { line["stroke-dasharray"] = row.dashes.join(" "); }
    svgChild(picture, "line", line);
    if (row.arrow) { svgChild(picture, "polygon", { points: "25,1 33,6 25,11", fill: row.color }); }
    return picture;
  }

  function boxSwatch(colour) {
    var picture = svg(18, 14);
    svgChild(picture, "rect", { x: 1, y: 1, width: 16, height: 12, rx: 3, fill: translucent(colour, 0.5), stroke: colour });
    return picture;
  }

  /** A small and a big node: size is the key-person score. */
  function sizesSwatch() {
    var picture = svg(40, 22);
    svgChild(picture, "circle", { cx: 6, cy: 16, r: 4, fill: "#ddd", stroke: "#888" });
    svgChild(picture, "circle", { cx: 28, cy: 11, r: 10, fill: "#ddd", stroke: "#888" });
    return picture;
  }

  /** One legend row: its swatch as the model describes it, then its text. */
  function legendRow(row) {
    var line = el("div", "pm-legend-row");
    switch (row.swatch) {
      case "marker": append(line, shapeSwatch(row.shape, row.fill, row.ring)); break;
      case "line": append(line, lineSwatch(row)); break;
      case "box": append(line, boxSwatch(row.color)); break;
      case "sizes": append(line, sizesSwatch()); break;
      case "badge": append(line, el("span", "pm-chip", row.badge)); break;
      default: break;
    }
    return append(line, el("span", null, row.text));
  }

  /** The key persons nobody on our team reaches, by rank, as links. */
  function buildUnreached() {
    var box = clear(document.getElementById("pm-unreached"));
    var missing = people.filter(function (node) { return node.key_rank && node.coverage && node.coverage.level === "none"; })
      .sort(function (a, b) { return a.key_rank - b.key_rank; });
    if (!missing.length) { append(box, el("p", "pm-sub", say("all_reached"))); return; }
    var list = el("ol", "pm-unreached");
    missing.forEach(function (node) {
      append(list, append(el("li"), personLink(node.id, node.name), el("span", "pm-sub", " " + node.badges[0] + (node.title ? " \u00b7 " + node.title : ""))));
    });
    append(box, list);
  }

  function ringSwatch(level) {
    var picture = svg(26, 22), look = COVERAGE[level];
    svgChild(picture, "circle", { cx: 11, cy: 12, r: 7, fill: "#ddd", stroke: look.color, "stroke-width": look.width,
      "stroke-dasharray": look.dash.length ? look.dash.join(" ") : "none" });
    return picture;
  }

  /** The page's own legend rows: coverage rings and the session's marks. */
  function buildGlanceLegend() {
    var box = clear(document.getElementById("pm-legend-glance"));
    var coverage = append(el("div", "pm-legend-group"), el("h3", null, say("coverage")));
    ["strong", "weak", "stale", "none"].forEach(function (level) {
      append(coverage, append(el("div", "pm-legend-row"), ringSwatch(level), el("span", null, say("cov_" + level))));
    });
    var marks = append(el("div", "pm-legend-group"), el("h3", null, say("marks")));
    append(marks, append(el("div", "pm-legend-row"), el("span", null, say("kp1_mark"))));
    append(marks, append(el("div", "pm-legend-row"), el("span", null, say("risk_mark"))));
    append(marks, append(el("div", "pm-legend-row"), el("span", null, say("avoid_mark"))));
    if (WORDS.changed_mark && people.some(function (node) { return has(node, "changed"); })) {
      append(marks, append(el("div", "pm-legend-row"), el("span", null, say("changed_mark"))));
    }
    append(marks, append(el("div", "pm-legend-row"), el("span", null, Object.keys(STANCE_SIGNS).map(function (stance) {
      return STANCE_SIGNS[stance] + " " + (STANCE_WORDS[stance] || stance);
    }).join("  "))));
    append(box, coverage, marks);
  }

  function buildLegend() {
    var box = clear(document.getElementById("pm-legend"));
    pageLook.legend.forEach(function (section) {
      var group = append(el("div", "pm-legend-group"), el("h3", null, section.title));
      section.rows.forEach(function (row) { append(group, legendRow(row)); });
      append(box, group);
    });
  }

  /* ---------- the side panel ---------- */

  var panel = document.getElementById("pm-panel");
  var panelBody = document.getElementById("pm-panel-body");
  var panelFor = null;

  function personLink(id, text) {
    var link = el("button", "pm-link", text || nameOf(id));
    link.type = "button";
    link.addEventListener("click", function () { pick(id); });
    return link;
  }

  function section(title, items) {
    if (!items || !items.length) { return null; }
    var part = el("section");
    append(part, el("h3", null, title));
    var list = el("ul");
    items.forEach(function (item) { append(list, typeof item === "string" ? el("li", null, item) : append(el("li"), item)); });
    return append(part, list);
  }

  function facts(pairs) {
    var list = el("dl");
    pairs.forEach(function (pair) {
      if (pair[1] === null || pair[1] === undefined || pair[1] === "") { return; }
      append(list, el("dt", null, pair[0]), typeof pair[1] === "string" ? el("dd", null, pair[1]) : append(el("dd"), pair[1]));
    });
    return list;
  }

  function swatchText(colour, text) {
    var swatch = el("span", "pm-swatch");
    swatch.style.background = colour || "#fff";
    return append(el("span"), swatch, text);
  }

  function powerBars(power) {
    var keys = Object.keys(power || {});
    if (!keys.length) { return null; }
    var part = el("section");
    append(part, el("h3", null, say("power_sources")));
    var grid = el("div", "pm-bars");
    keys.forEach(function (key) {
      var level = Number(power[key]) || 0;
      var track = el("div", "pm-bar-track");
      track.title = POWER_WORDS[level] || String(level);
      var fill = el("div", "pm-bar-fill");
      fill.style.width = Math.max(0, Math.min(level, 3)) / 3 * 100 + "%";
      append(grid, el("span", null, say("level", { source: valueWord("power", key), level: POWER_WORDS[level] || level })), append(track, fill));
    });
    return append(part, grid);
  }

  function contactText(contact) {
    var how = [valueWord("strength", contact.strength), contact.last_contact ? say("last", { date: contact.last_contact }) : say("no_date")];
    return " \u2013 " + how.join(say("comma")) + (contact.stale ? say("stale_note") : "");
  }

  /** Ties of a person to other stakeholders, in words, with links (the first MAX_TIES). */
  function ties(id) {
    var found = [], more = 0;
    data.edges.forEach(function (edge) {
      if (edge.type === "contact" || (edge.from !== id && edge.to !== id)) { return; }
      if (found.length >= MAX_TIES) { more += 1; return; }
      found.push(personLink(edge.from === id ? edge.to : edge.from, edgeWords(edge)));
    });
    if (more) { found.push(say("more", { count: more })); }
    return found;
  }

  function routesTo(id) {
    return (data.routes || []).map(function (route, index) {
      if (route.target !== id) { return null; }
      var button = el("button", "pm-link", say("route_in", { path: route.path.map(nameOf).join(" \u2192 "), warmth: fixed(route.warmth, 2) }));
      button.type = "button";
      button.addEventListener("click", function () { chooseRoute(index); });
      return button;
    }).filter(Boolean);
  }

  function stakeholderPanel(node) {
    var parts = [];
    var rank = node.rank ? say("rank", { rank: node.rank, score: fixed(node.score, 2) }) : say("not_ranked");
    parts.push(facts([
      [say("department"), node.department_name],
      [say("faction"), node.faction_name ? swatchText(node.ring, node.faction_name) : say("none_known")],
      [say("roles"), node.roles.length ? list(node.roles.map(function (role) { return valueWord("role", role); })) : say("none_known")],
      [say("stance"), swatchText(node.color, STANCE_WORDS[node.stance] || node.stance)],
      [say("status"), valueWord("status", node.status)],
      [say("circle"), node.circle ? valueWord("circle", node.circle) : null],
      [say("competitor"), node.close_to_competitor],
      [say("key_person"), rank]
    ]));
    parts.push(powerBars(node.power));
    parts.push(section(say("why_key"), node.key_reasons));
    if (node.risk) { parts.push(section(say("risk", { score: fixed(node.risk.score, 2) }), node.risk.reasons)); }
    if (node.inside) {
      parts.push(section(say("inside", { score: fixed(node.inside.score, 2) }), node.inside.reasons));
      parts.push(section(say("exposure"), node.inside.risks));
    }
    var contacts = (node.contacts || []).map(function (contact) {
      return append(el("span"), personLink(contact.member, contact.name), contactText(contact));
    });
    parts.push(contacts.length ? section(say("our_contacts"), contacts) : append(el("section"), el("h3", null, say("our_contacts")), el("p", null, say("nobody_knows"))));
    parts.push(section(say("routes_in"), routesTo(node.id)));
    parts.push(section(say("ties"), ties(node.id)));
    if (node.notes) {
      parts.push(append(el("section"), el("h3", null, say("notes")), el("p", "pm-notes", node.notes)));
    }
    return parts;
  }

  function memberPanel(node) {
    var contacts = (node.contacts || []).map(function (contact) {
      return append(el("span"), personLink(contact.stakeholder, contact.name), contactText(contact));
    });
    return [
      facts([[say("our_team"), node.title || say("team_member")], [say("contacts"), String(contacts.length)]]),
      contacts.length ? section(say("their_contacts"), contacts) : el("p", null, say("no_contacts"))
    ];
  }

  /** Fill the side panel with everything the map knows about one person. */
  function showPanel(id) {
    var node = byId.get(id);
    if (!node) { return false; }
    clear(panelBody);
    append(panelBody, el("h2", null, node.name));
    if (node.title) { append(panelBody, el("p", "pm-title", node.title)); }
    if (node.badges && node.badges.length) {
      var chips = el("p");
      node.badges.forEach(function (badge) { append(chips, el("span", "pm-chip", badge)); });
      append(panelBody, chips);
    }
    var parts = node.kind === "member" ? memberPanel(node) : stakeholderPanel(node);
    parts.forEach(function (part) { append(panelBody, part); });
    var centre = el("button", null, say("centre"));
    centre.type = "button";
    centre.addEventListener("click", function () { focusOn(id); });
    append(panelBody, append(el("p"), centre));
    panel.hidden = false;
    panelFor = id;
    spotlight(id);
    return true;
  }

  function hidePanel() {
    panel.hidden = true;
    panelFor = null;
    spotlight(null);
  }

  document.getElementById("pm-panel-close").addEventListener("click", function () { hidePanel(); network.unselectAll(); });

  network.on("click", function (params) {
    if (params.nodes.length) { showPanel(params.nodes[0]); } else if (!params.edges.length) { hidePanel(); }
  });

  /* ---------- choosing a person: search, links, focus ---------- */

  /** Centre a person in the part of the map the side panel does not cover. */
  function focusOn(id) {
    var scale = Math.max(network.getScale(), 1);
    var where = network.getPositions([id])[id];
    if (!where) { return; }
    var covered = panel.hidden ? 0 : Math.min(panel.offsetWidth, container.clientWidth / 2);
    network.moveTo({ position: { x: where.x + covered / 2 / scale, y: where.y }, scale: scale, animation: false });
  }

  /** Select, centre and describe a person (un-hiding them if a filter hides them). */
  function pick(id) {
    if (!byId.has(id)) { return false; }
    if (hidden.has(id)) { resetFilters(); }
    network.selectNodes([id]);
    showPanel(id);
    focusOn(id);
    return true;
  }

  function fold(text) { return String(text).toLowerCase().normalize("NFKC"); }

  /** People whose name or id contains the query (names first), for the search box. */
  function search(query) {
    var wanted = fold(query).trim();
    if (!wanted) { return []; }
    var inName = [], inId = [];
    data.nodes.forEach(function (node) {
      if (fold(node.name).indexOf(wanted) >= 0) { inName.push(node.id); } else if (fold(node.id).indexOf(wanted) >= 0) { inId.push(node.id); }
    });
    return inName.concat(inId);
  }

  var searchBox = document.getElementById("pm-search");
  var results = document.getElementById("pm-results");

  function showResults() {
    clear(results);
    var found = search(searchBox.value).slice(0, 12);
    found.forEach(function (id, index) {
      var node = byId.get(id);
      var item = el("li", index === 0 ? "pm-active" : null);
      append(item, el("span", null, node.name), el("span", "pm-sub", node.title || node.id));
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(id); });
      append(results, item);
    });
    if (!found.length && searchBox.value.trim()) { append(results, el("li", "pm-sub", say("nobody_found"))); }
    results.hidden = !searchBox.value.trim();
    return found;
  }

  function choose(id) {
    results.hidden = true;
    pick(id);
  }

  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = search(searchBox.value);
      if (found.length) { choose(found[0]); }
    } else if (event.key === "Escape") {
      searchBox.value = "";
      results.hidden = true;
    }
  });
  searchBox.addEventListener("blur", function () { results.hidden = true; });

  /* ---------- introduction routes ---------- */

  var routeSelect = document.getElementById("pm-route");
  var routeReasons = document.getElementById("pm-route-reasons");
  // Highlighting a route dims everyone through the global options (one call, fast on big maps);
  // the few people and lines with a look of their own (route members, people who left) are
  // kept here and restyled explicitly on every change.
  var ownLookNodes = new Set(data.nodes.filter(function (node) { return node.faded; }).map(function (node) { return node.id; }));
  var ownLookEdges = new Set();
  var onRoute = new Set(), litEdges = new Set();
  var spotlit = null;  // the person in the side panel

  function routeLabel(route) {
    return (route.asked ? "\u2605 " : "") + say("route_to", { target: nameOf(route.target),
      path: route.path.map(nameOf).join(" \u2192 "), warmth: fixed(route.warmth, 2) });
  }

  function buildRoutes() {
    var none = el("option", null, (data.routes || []).length ? say("no_route") : say("no_routes"));
    none.value = "";
    append(routeSelect, none);
    (data.routes || []).forEach(function (route, index) {
      var option = el("option", null, routeLabel(route));
      option.value = String(index);
      append(routeSelect, option);
    });
    routeSelect.disabled = !(data.routes || []).length;
    routeSelect.addEventListener("change", function () {
      highlightRoute(routeSelect.value === "" ? -1 : Number(routeSelect.value));
    });
  }

  function nodeLook(node) {
    var look = baseNode(node);
    if (onRoute.has(node.id)) {
      look.opacity = 1;
      look.borderWidth = 5;
      look.color = nodeColour(node, ROUTE_COLOR);
      look.font = { color: "#000" };
    } else if (routeOn && node.id !== spotlit) {
      look.opacity = DIM;
      look.font = { color: DIM_FONT };
    } else {
      look.opacity = node.faded ? FADED : 1;
      look.font = { color: node.faded ? FADED_FONT : FONT_COLOUR };
    }
    return look;
  }

  function edgeLook(edge) {
    var look = baseEdge(edge);
    if (litEdges.has(edge.id)) {
      look.width = Math.max(edge.width, 2) + 4;
      look.color = { color: ROUTE_COLOR, highlight: ROUTE_COLOR, hover: ROUTE_COLOR, opacity: 1 };
    } else {
      look.color.opacity = routeOn ? DIM : EDGE_OPACITY;
    }
    return look;
  }

  /** Keep the person in the side panel bright while a route dims everyone else. */
  function spotlight(id) {
    var before = spotlit;
    if (before === id) { return; }
    spotlit = id;
    refreshLines();
    var changed = [before, id].filter(function (person) { return person && byId.has(person); });
    changed.forEach(function (person) { ownLookNodes.add(person); });
    if (routeOn && changed.length) { nodes.update(changed.map(function (person) { return nodeLook(byId.get(person)); })); }
  }

  /** Dim everything but one route's people and lines; -1 clears. Returns the lit line ids. */
  function highlightRoute(index) {
    var route = (data.routes || [])[index] || null;
    clear(routeReasons);
    routeSelect.value = route ? String(index) : "";
    routeOn = Boolean(route);
    onRoute = new Set(route ? route.path : []);
    litEdges = new Set(route ? route.edges : []);
    onRoute.forEach(function (id) { ownLookNodes.add(id); });
    litEdges.forEach(function (id) { ownLookEdges.add(id); });
    refreshLines();
    network.setOptions({
      nodes: { opacity: routeOn ? DIM : 1, font: { color: routeOn ? DIM_FONT : FONT_COLOUR } },
      edges: { color: { opacity: routeOn ? DIM : EDGE_OPACITY } }
    });
    nodes.update(Array.from(ownLookNodes, function (id) { return nodeLook(byId.get(id)); }));
    edges.update(Array.from(ownLookEdges, function (id) { return edgeLook(edgesById.get(id)); }));
    if (!route) { network.redraw(); return []; }
    route.reasons.forEach(function (reason) { append(routeReasons, el("li", null, reason)); });
    if (route.path.some(function (id) { return hidden.has(id); })) { resetFilters(); }
    network.fit({ nodes: route.path, animation: false });
    network.moveTo({ scale: Math.min(network.getScale() * 0.85, 1.3) });
    return Array.from(litEdges);
  }

  function chooseRoute(index) { return highlightRoute(index); }

  /* ---------- header, buttons, labels ---------- */

  function describeAccount() {
    var people = data.nodes.filter(function (node) { return node.kind === "stakeholder"; }).length;
    var team = data.nodes.length - people;
    var parts = [];
    if (meta.grade) { parts.push(say("grade", { grade: meta.grade })); }
    if (meta.stage) { parts.push(say("stage", { stage: valueWord("stage", meta.stage) })); }
    if (meta.culture) { parts.push(say("culture", { culture: valueWord("culture", meta.culture) })); }
    if (meta.shape) { parts.push(say("power", { shape: valueWord("shape", meta.shape) })); }
    if (meta.as_of) { parts.push(say("as_of", { date: meta.as_of })); }
    parts.push(say("people", { people: people, team: team }));
    if (meta.redacted) { parts.push(say("redacted")); }
    document.getElementById("pm-meta").textContent = parts.join(" \u00b7 ");
  }

  var labelsOn = true;

  /** Names on or off; key persons and risks stay named (the wall chart's point). */
  function setLabels(show) {
    labelsOn = Boolean(show);
    document.getElementById("pm-labels").setAttribute("aria-pressed", String(labelsOn));
    network.redraw();
    return labelsOn;
  }

  /** Show everyone shown, with their cards and their departments' boxes, as big as the map allows. */
  function fit() {
    var positions = network.getPositions();
    var left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    data.nodes.forEach(function (node) {
      var where = positions[node.id];
      if (!where || hidden.has(node.id)) { return; }
      var side = CARDS ? CARDS.left : node.size + 40, above = CARDS ? CARDS.above : node.size + 16, below = CARDS ? CARDS.below : node.size + 40;
      left = Math.min(left, where.x - side); right = Math.max(right, where.x + side);
      top = Math.min(top, where.y - above); bottom = Math.max(bottom, where.y + below);
    });
    departmentBoxes().forEach(function (box) {
      left = Math.min(left, box.left); right = Math.max(right, box.right);
      top = Math.min(top, box.top); bottom = Math.max(bottom, box.bottom);
    });
    if (!(right > left)) { network.fit({ animation: false }); return; }
    var width = Math.max(container.clientWidth, 1), height = Math.max(container.clientHeight, 1);
    var scale = Math.min(width / (right - left + 40), height / (bottom - top + 40), 1.6);
    network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 }, scale: scale, animation: false });
  }

  /* the view refits when the window changes size (a wall screen, a projector, a split window) */
  var refitting = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(refitting);
    refitting = requestAnimationFrame(function () { network.setSize("100%", "100%"); fit(); });
  });

  document.getElementById("pm-fit").addEventListener("click", fit);
  document.getElementById("pm-labels").addEventListener("click", function () { setLabels(!labelsOn); });
  document.getElementById("pm-lines").addEventListener("click", function () { setAllLines(!allLines); });
  document.getElementById("pm-controls-toggle").addEventListener("click", function () {
    var controls = document.getElementById("pm-controls");
    controls.hidden = !controls.hidden;
    this.setAttribute("aria-pressed", String(!controls.hidden));
    network.setSize("100%", "100%");  // take the freed width now, not at vis-network's next resize check
    network.redraw();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden && document.activeElement !== searchBox) { hidePanel(); network.unselectAll(); }
  });

  /* ---------- open ---------- */

  var api = {
    data: data, network: network, nodes: nodes, edges: edges, ready: false, timing: { script: started },
    showPanel: showPanel, hidePanel: hidePanel, pick: pick, search: search, highlightRoute: highlightRoute,
    setFilter: setFilter, resetFilters: resetFilters, applyFilters: applyFilters, visibleNodeIds: visibleNodeIds,
    setLabels: setLabels, fit: fit, setAllLines: setAllLines,
    drawnLabels: function () { return drawnLabels.slice(); },
    drawnMarks: function () { return drawnMarks.slice(); },
    departmentBoxes: function () {
      return departmentBoxes().map(function (box) {
        return { id: box.department.id, parent: box.department.parent, left: box.left, right: box.right, top: box.top, bottom: box.bottom };
      });
    },
    panelFor: function () { return panelFor; }
  };
  window.powermap = api;

  network.once("afterDrawing", function () {
    api.timing.firstDraw = performance.now();
    api.ready = true;
    document.documentElement.setAttribute("data-ready", "true");
  });

  wordTheMarkup();
  describeAccount();
  buildFilters();
  buildLegend();
  buildGlanceLegend();
  buildUnreached();
  if (!filter.everyone) { applyFilters(); }
  buildRoutes();
  countShown();
  fit();
  if (meta.path_to) {
    var asked = (data.routes || []).findIndex(function (route) { return route.asked; });
    if (asked >= 0) { highlightRoute(asked); }
  }
  if (meta.focus && byId.has(meta.focus)) { pick(meta.focus); }
  api.timing.built = performance.now();
})();
