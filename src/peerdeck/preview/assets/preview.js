"use strict";
(() => {
  const data = JSON.parse(document.getElementById("deck-data").textContent);
  const $ = (id) => document.getElementById(id);
  const state = { night: false, answers: false };
  const shells = [];
  const rendered = new Set();

  // The page's base is the media folder (as Anki's is): a link within the
  // page names the page itself.
  const here = (id) => location.href.split("#")[0] + "#" + encodeURIComponent(id);

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children) node.append(child);
    return node;
  }

  // A card as Anki shows it: the note type's stylesheet and the card's HTML
  // in a shadow root of their own, under an element with Anki's body classes.
  function paint(view) {
    const card = view.card;
    const classes = ["card", "card" + (card[3] + 1)];
    if (state.night) classes.push("nightMode", "night_mode");
    const side = view.answer ? card[2] : card[1];
    view.root.innerHTML =
      "<style>:host{display:block} .card{display:block;margin:0;padding:20px;" +
      "overflow-wrap:break-word;min-height:3em}</style><style>" + data.styles[view.style] +
      '</style><div class="' + classes.join(" ") + '"><div id="qa">' + side + "</div></div>";
    view.caption.textContent = card[0] + (view.answer ? ": back" : ": front");
    view.figure.dataset.side = view.answer ? "back" : "front";
    view.button.textContent = view.answer ? "Show front" : "Show back";
  }

  // A deck's description, as on its overview screen in Anki: the deck's
  // HTML in a shadow root of its own, so its markup cannot reach the page.
  function describe(description) {
    const host = el("div", { className: "description" });
    host.attachShadow({ mode: "open" }).innerHTML =
      "<style>:host{display:block} img{max-width:100%}</style>" + description;
    return host;
  }

  // Anki's hint link shows its text with document.getElementById, which
  // cannot see into a card's shadow root: do it here, before the link's own
  // handler runs.
  function showHint(event) {
    const link = event.target.closest && event.target.closest("a.hint");
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const text = link.nextElementSibling;
    if (text && text.classList.contains("hint")) text.style.display = "block";
    link.style.display = "none";
  }

  function renderCards(shell) {
    if (shell.views) return;
    shell.views = [];
    const box = shell.element.querySelector(".cards");
    box.textContent = "";
    shell.note.c.forEach((card) => {
      const host = el("div", { className: "card-host" });
      const caption = el("span");
      const button = el("button", { className: "flip", type: "button" });
      const figure = el("figure", { className: "card-view" },
        el("figcaption", {}, caption, button), host);
      const view = { card, style: shell.note.s, answer: state.answers, figure, caption,
        button, root: host.attachShadow({ mode: "open" }) };
      button.addEventListener("click", () => { view.answer = !view.answer; paint(view); });
      view.root.addEventListener("click", showHint, true);
      paint(view);
      shell.views.push(view);
      rendered.add(view);
      box.append(figure);
    });
  }

  function noteElement(note) {
    const head = el("div", { className: "note-head" },
      el("span", { className: "note-id" }, el("a", { href: here(note.i), textContent: note.i })),
      el("span", { className: "muted", textContent: note.k }),
      el("span", { className: "muted", textContent: note.f }));
    if (note.r) head.append(el("span", { className: "retired-badge", textContent: "retired" }));
    const tags = el("span", { className: "tags" });
    for (const tag of note.t) {
      const button = el("button", { type: "button", textContent: "#" + tag });
      button.addEventListener("click", () => { $("tag").value = tag; applyFilter(); });
      tags.append(button, " ");
    }
    head.append(tags);
    const article = el("article", { className: "note", id: note.i }, head);
    if (note.p.length) article.append(problemList(note.p));
    article.append(el("div", { className: "cards" },
      el("div", { className: "card-host placeholder" })));
    return article;
  }

  function problemList(problems) {
    const list = el("ul", { className: "problems" });
    for (const p of problems) {
      list.append(el("li", { className: p.severity,
        textContent: p.at + ": " + p.code + " " + p.message + (p.severity === "warning" ? " (warning)" : "") }));
    }
    return list;
  }

  // Every deck and its parents, in order, each in the index with the notes
  // it and its subdecks hold; a heading before the notes of each deck.
  function build() {
    const byDeck = new Map();
    data.notes.forEach((note) => {
      const parts = note.d.split("::");
      for (let i = 1; i <= parts.length; i++) {
        const name = parts.slice(0, i).join("::");
        if (!byDeck.has(name)) byDeck.set(name, []);
      }
      byDeck.get(note.d).push(note);
    });
    const main = $("notes");
    const decks = [...byDeck.keys()].sort();
    const navList = el("ul");
    const groupOf = new Map();
    decks.forEach((deck, index) => {
      const parts = deck.split("::");
      const anchor = "deck-" + index;
      const count = el("span", { className: "muted" });
      const item = el("li", { style: "margin-left:" + (parts.length - 1) + "em" },
        el("a", { href: here(anchor), textContent: parts[parts.length - 1] }), " ", count);
      navList.append(item);
      const heading = el("h2", { className: "deck", id: anchor, textContent: deck });
      main.append(heading);
      const description = (data.descriptions || {})[deck];
      if (description) main.append(describe(description));
      const group = { heading, count, item, shells: [], parent: groupOf.get(parts.slice(0, -1).join("::")) };
      groupOf.set(deck, group);
      for (const note of byDeck.get(deck)) {
        const shell = { note, element: noteElement(note), group,
          text: (note.i + " " + note.x + " " + note.t.join(" ")).toLowerCase() };
        shells.push(shell);
        for (let g = group; g; g = g.parent) g.shells.push(shell);
        main.append(shell.element);
      }
      groups.push(group);
    });
    groups.forEach(updateCount);
    $("decks").append(navList);
    const tags = new Set();
    data.notes.forEach((note) => note.t.forEach((tag) => {
      const parts = tag.split("::");
      for (let i = 1; i <= parts.length; i++) tags.add(parts.slice(0, i).join("::"));
    }));
    for (const tag of [...tags].sort()) $("tag").append(el("option", { value: tag, textContent: tag }));
    showProblems();
  }

  // At the top: every problem that stops a build (with a link to its note),
  // then the other problems no note holds.
  function showProblems() {
    const stopping = data.problems.filter((p) => p.severity === "error").map((p) => [p, null]);
    data.notes.forEach((note) => note.p.forEach((p) => {
      if (p.severity === "error") stopping.push([p, note.i]);
    }));
    const others = data.problems.filter((p) => p.severity !== "error");
    const box = $("problems");
    if (stopping.length) {
      const list = problemList(stopping.map(([p]) => p));
      stopping.forEach(([, id], index) => {
        if (id) list.children[index].append(" ", el("a", { href: here(id), textContent: id }));
      });
      box.append(el("strong", { textContent: stopping.length === 1
        ? "1 problem stops a build:" : stopping.length + " problems stop a build:" }), list);
    }
    if (others.length) box.append(el("strong", { textContent: "Other problems:" }), problemList(others));
    box.hidden = !(stopping.length || others.length);
  }

  const groups = [];
  // A deck's count takes in its subdecks.
  function updateCount(group) {
    const shown = group.shells.filter((s) => !s.element.hidden);
    group.count.textContent = "(" + shown.length + ")";
    group.item.hidden = shown.length === 0;
    group.heading.hidden = shown.length === 0;
  }

  function summary() {
    const shown = shells.filter((s) => !s.element.hidden);
    const cards = shown.reduce((n, s) => n + s.note.c.length, 0);
    const all = data.notes.reduce((n, note) => n + note.p.length, data.problems.length);
    $("summary").textContent = shown.length + " of " + shells.length + " notes, " + cards +
      " cards" + (all ? ", " + all + " problems" : "");
  }

  function applyFilter() {
    const words = $("filter").value.toLowerCase().split(/\s+/).filter(Boolean);
    const tag = $("tag").value;
    for (const shell of shells) {
      const tagged = !tag || shell.note.t.some((t) => t === tag || t.startsWith(tag + "::"));
      shell.element.hidden = !(tagged && words.every((w) => shell.text.includes(w)));
    }
    groups.forEach(updateCount);
    summary();
  }

  function observe() {
    const byElement = new Map(shells.map((s) => [s.element, s]));
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          renderCards(byElement.get(entry.target));
          observer.unobserve(entry.target);
        }
      }
    }, { rootMargin: "1000px 0px" });
    shells.forEach((s) => observer.observe(s.element));
  }

  function goToHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    const shell = shells.find((s) => s.note.i === id);
    if (!shell) return;
    shell.element.hidden = false;
    renderCards(shell);
    shells.forEach((s) => s.element.classList.toggle("focused", s === shell));
    shell.element.scrollIntoView({ block: "start" });
  }

  let timer = 0;
  $("filter").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(applyFilter, 120);
  });
  $("tag").addEventListener("change", applyFilter);
  $("night").addEventListener("change", (event) => {
    state.night = event.target.checked;
    document.body.classList.toggle("night", state.night);
    rendered.forEach(paint);
  });
  $("phone").addEventListener("change", (event) => {
    document.body.classList.toggle("phone", event.target.checked);
  });
  $("answers").addEventListener("change", (event) => {
    state.answers = event.target.checked;
    rendered.forEach((view) => { view.answer = state.answers; paint(view); });
  });
  window.addEventListener("hashchange", goToHash);

  build();
  summary();
  observe();
  goToHash();
  document.body.dataset.ready = "true";

  // Served by `peerdeck preview --serve`: reload when the site is rebuilt.
  if (location.protocol === "http:") {
    let version = null;
    const poll = () => fetch("/__peerdeck__/version", { cache: "no-store" })
      .then((r) => r.text())
      .then((v) => {
        if (version !== null && v !== version) location.reload();
        version = v;
      })
      .catch(() => {})
      .finally(() => setTimeout(poll, 500));
    poll();
  }
})();
