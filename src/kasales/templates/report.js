(function () {
  "use strict";
  // kasales report: sorting, finding and paging the account table, and an account's details on demand.
  // The charts are SVG in the page and need none of this. Nothing here loads anything.
  var root = document.documentElement;
  root.classList.add("js");
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var t = data.t, ui = data.ui, accounts = data.a;
  var T = function (i) { return i === null || i === undefined ? "" : t[i]; };
  var table = document.getElementById("account-table");
  var bodies = Array.prototype.slice.call(table.tBodies);
  var size = bodies[0].rows.length || 1;
  var rows = [];
  bodies.forEach(function (b) { rows.push.apply(rows, Array.prototype.slice.call(b.rows)); });
  var links = Array.prototype.slice.call(document.querySelectorAll("nav.pages a"));
  var current = 1;

  function showPage(n) {
    current = Math.min(Math.max(n, 1), bodies.length);
    bodies.forEach(function (b, i) { b.hidden = i !== current - 1; });
    links.forEach(function (a, i) { if (i === current - 1) { a.setAttribute("aria-current", "page"); } else { a.removeAttribute("aria-current"); } });
  }
  function repaginate() {
    rows.forEach(function (row, i) { bodies[Math.floor(i / size)].appendChild(row); });
  }
  links.forEach(function (a, i) {
    a.addEventListener("click", function (e) { e.preventDefault(); showPage(i + 1); table.scrollIntoView(); });
  });

  var collator = new Intl.Collator(root.lang);
  table.querySelectorAll("thead th").forEach(function (th, column) {
    th.addEventListener("click", function () {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var numeric = th.dataset.type === "num";
      var key = function (row) {
        var cell = row.cells[column];
        return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
      };
      var keyed = rows.map(function (row) { var k = key(row); return [numeric ? parseFloat(k) : k, row]; });
      keyed.sort(function (a, b) { return dir * (numeric ? a[0] - b[0] : collator.compare(a[0], b[0])); });
      rows = keyed.map(function (pair) { return pair[1]; });
      repaginate();
      filter();
    });
  });

  var search = document.getElementById("filter"), count = document.getElementById("table-count");
  var countText = count.textContent, SHOWN = 200;
  search.hidden = false;
  function filter() {
    var q = search.value.trim().toLowerCase();
    if (!q) {
      rows.forEach(function (row) { row.hidden = false; });
      count.textContent = countText;
      showPage(current);
      return;
    }
    var n = 0;
    bodies.forEach(function (b) { b.hidden = false; });
    rows.forEach(function (row) {
      var hit = (row.cells[0].textContent + " " + row.cells[1].textContent).toLowerCase().indexOf(q) >= 0;
      if (hit) { n += 1; }
      row.hidden = !hit || n > SHOWN;
    });
    count.textContent = ui.matches.replace("{n}", n);
  }
  search.addEventListener("input", filter);

  var byId = {};
  accounts.forEach(function (a, i) { byId[T(a.id)] = i; });
  var dialog = document.getElementById("detail");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function grid(parent, head, body) {
    var tab = add(parent, el("table")), tr = add(add(tab, el("thead")), el("tr")), tb = add(tab, el("tbody"));
    head.forEach(function (h) { add(tr, el("th", h[1], h[0])); });
    body.forEach(function (cells) {
      var row = add(tb, el("tr"));
      cells.forEach(function (c) { add(row, el("td", c[1], c[0])); });
    });
  }
  function bullets(parent, items) {
    var ul = add(parent, el("ul", "flags"));
    items.forEach(function (item) { add(ul, el("li", item[0], item[1])); });
  }
  function fixed(x, digits) { return x === null ? "-" : x.toFixed(digits); }

  function render(a) {
    dialog.replaceChildren();
    var head = add(dialog, el("header"));
    add(head, el("h3", null, T(a.name))).id = "detail-name";
    add(head, el("span", "sub", T(a.id)));
    add(head, el("span", "badge v-" + T(a.verdict), T(a.verdict_label)));
    add(head, el("span", "sub", ui.stage + ": " + T(a.stage) + " · " + ui.file + ": " + T(a.file)));
    var close = add(head, el("button", "close", ui.close));
    close.type = "button";
    close.addEventListener("click", function () { dialog.close(); });
    bullets(dialog, a.reasons.map(function (r) { return ["", T(r)]; }));
    var cols = add(dialog, el("div", "grid")), left = add(cols, el("div")), right = add(cols, el("div"));
    add(left, el("h4", null, T(a.man) + ": " + T(a.action)));
    grid(left, [[ui.dimension], [ui.status], [ui.evidence]], a.dims.map(function (d) {
      return [[T(d[0])], [T(d[2]), "s-" + T(d[1])], [T(d[3]) || "-"]];
    }));
    add(left, el("h4", "l-" + T(a.level), T(a.risk)));
    grid(left, [[ui.factor], [ui.score, "num"], [ui.weight, "num"], [ui.points, "num"], [ui.note]],
      a.factors.map(function (f) {
        return [[T(f[0])], [f[1] === null ? ui.unassessed : String(f[1]), "num"], [fixed(f[2], 2), "num"],
          [fixed(f[3], 2), "num"], [T(f[4])]];
      }));
    add(right, el("h4", null, ui.intel + " " + a.intel + "%"));
    grid(right, [[ui.category], ["%", "num"], [ui.missing + " / " + ui.partial]], a.categories.map(function (c) {
      var gaps = c[2].map(T).join("; ") + (c[2].length && c[3].length ? "; " : "") + c[3].map(T).join("; ");
      return [[T(c[0])], [c[1] + "%", "num"], [gaps || "✓"]];
    }));
    add(right, el("h4", null, ui.roles + ": " + a.covered.length + "/" + (a.covered.length + a.uncovered.length)));
    add(right, el("div", null, ui.covered + ": " + (a.covered.map(T).join(", ") || ui.none)));
    add(right, el("div", null, ui.not_covered + ": " + (a.uncovered.map(T).join(", ") || ui.none)));
    add(right, el("div", null, ui.coach + ": " + (a.coach ? ui.yes : ui.no) + " · " + ui.decision_makers + ": " +
      (a.decision_makers.map(T).join(", ") || ui.none)));
    if (a.notes.length) {
      add(right, el("h4", null, ui.notes));
      bullets(right, a.notes.map(function (n) {
        return ["", T(n[0]) + ": " + T(n[1]) + (T(n[2]) ? " (" + T(n[2]) + ")" : "")];
      }));
    }
    if (a.flags.length) {
      add(dialog, el("h4", null, ui.flags));
      bullets(dialog, a.flags.map(function (f) { return [T(f[0]), T(f[1])]; }));
    }
    if (a.outcome) {  // a won or lost deal: its outcome and receivables instead of open-deal strategies
      add(dialog, el("p", null, T(a.outcome)));
      if (a.money) { add(dialog, el("p", null, T(a.money))); }
    }
    if (a.strategies.length) { add(dialog, el("h4", null, ui.strategies)); }
    a.strategies.forEach(function (s) {
      var box = add(dialog, el("div", "strategy"));
      add(box, el("b", null, T(s[0])));
      add(box, el("span", "sub", ui.reason + ": " + T(s[1])));
      add(box, el("div", null, ui.advice + ": " + T(s[2])));
    });
    add(dialog, el("p", null, ui.next_step + ": " + T(a.next)));
  }

  function route() {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash.indexOf("account-") === 0 && byId[hash.slice(8)] !== undefined) {
      render(accounts[byId[hash.slice(8)]]);
      if (!dialog.open) { dialog.showModal(); }
    } else if (hash.indexOf("page-") === 0) {
      showPage(parseInt(hash.slice(5), 10) || 1);
    }
  }
  dialog.addEventListener("close", function () {
    if (location.hash.indexOf("#account-") === 0) {
      try { history.replaceState(null, "", location.pathname + location.search); } catch (e) { /* an old file:// rule */ }
    }
  });
  window.addEventListener("hashchange", route);
  showPage(1);
  route();
  root.dataset.ready = String(Math.round(performance.now()));  // when the page answered: read by the benchmark
})();
