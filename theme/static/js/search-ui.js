/* Support Atlas search: Pagefind's JS API behind a small result overlay, with instant answers from the tables.
 * Loaded by search.js when the search box is first used, so pages stay light until then.
 *
 * The overlay is position:fixed, so opening it never moves the page. Arrow keys walk the answers and results,
 * Enter opens one, Escape closes. Each result is a sub-result of a page (an answer under its own heading), titled
 * by that heading; its excerpt is the answer's own text, never the hidden search words (between ⟦ and ⟧, see plugins/atlas_site/vocabulary.py). Instant answers come from data/answers.<lang>.json.
 */
(function () {
  "use strict";

  var START = "\u27e6", END = "\u27e7";
  var EXCERPT_WORDS = 26;       // words of an answer shown under its title
  var PAGES = 6;                // pages of the whole query whose answers are ranked
  var PAGES_PER_WORD = 3;       // and pages of each query word alone
  var MAX_TERMS = 8;            // query words searched alone at most
  var SUBS_PER_PAGE = 2;        // answers listed per page at most
  var MAX_HITS = 10;            // results listed
  var CONTEXT_SHARE = 0.2;      // how much a word of the page's title counts for each of its sections
  var MIN_STEM = 4;             // two words are one when they share at least this many first letters
  var STEM_SLACK = 3;           // ... and differ only in their last few letters ("reageren", "reageert"), so a
                                //     longer word Pagefind matched by its start ("callback" for "call") does not count
  var MAX_INSTANT = 6;          // instant answers shown at most
  var DEBOUNCE_MS = 20;

  var root = document.querySelector(".search[data-bundle]");
  if (!root) {
    return;
  }
  var strings = JSON.parse(root.dataset.strings);
  var bundle = new URL(root.dataset.bundle, document.baseURI).href;
  var siteRoot = new URL(root.dataset.root, document.baseURI).href;
  var input = root.querySelector("input[type=search]");
  var panel = root.querySelector(".search-panel");
  var status = root.querySelector(".search-status");
  var instantBox = root.querySelector(".search-instant");
  var list = root.querySelector(".search-results");
  var both = root.querySelector(".search-both input") || { checked: false };   // a one-language site has no option
  /* Every language of the site as [code, name in the page's language], the original's first: its folder from the
     site root is "" (the root), every other one's its code. */
  var languages = JSON.parse(root.dataset.languages).map(function (l, i) {
    return { code: l[0], name: l[1], folder: i ? l[0] + "/" : "" };
  });
  var pageLang = document.documentElement.lang;
  var others = languages.filter(function (l) { return l.code !== pageLang; });
  var maintainers = root.querySelector(".search-maintainers input");
  var engine = null;            // Promise of the Pagefind module, (re)made when "both languages" changes
  var merged = false;
  var shards = null;            // Promise of each language's further index shards (folders under the bundle)
  var sharded = false;          // whether a searched language's index is in more than one shard
  var answers = null;           // Promise of the instant-answer data
  var timer = 0;
  var generation = 0;           // a newer query makes older results stale

  /* The language of a result's page when it is not the page's own (null when it is): the language whose folder
     the address is in, the longest folder first, so the original's (the root) is the one left. */
  function languageOf(where) {
    var rootPath = new URL(siteRoot).pathname;
    var path = where.pathname.indexOf(rootPath) === 0 ? where.pathname.slice(rootPath.length) : where.pathname;
    var found = languages.slice().sort(function (a, b) { return b.folder.length - a.folder.length; })
      .filter(function (l) { return path.indexOf(l.folder) === 0; })[0];
    return found && found.code !== pageLang ? found : null;
  }

  /* --- text --------------------------------------------------------------------------------- */

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\p{L}\p{N}+&/]+/gu, " ").trim();
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  /* --- Pagefind ----------------------------------------------------------------------------- */

  /* A large site's index is in shards (extract/indexing.py): pagefind/ holds each language's first, and its entry
     lists every language's further shards, each a bundle of its own, which are merged into the search. */
  function loadShards() {
    if (!shards) {
      shards = fetch(bundle + "pagefind-entry.json")
        .then(function (r) { return r.ok ? r.json() : {}; })
        .then(function (entry) { return entry.atlas_shards || {}; }, function () { return {}; });
    }
    return shards;
  }

  function loadEngine() {
    if (!engine || merged !== both.checked) {
      var previous = engine;
      merged = both.checked;
      engine = Promise.all([previous ? previous.then(function (pf) { return pf.destroy().then(function () { return pf; }); })
                                     : import(bundle + "pagefind.js"), loadShards()])
        .then(function (loaded) {
          var pf = loaded[0], further = loaded[1];
          /* Pagefind skips an index whose path starts like the primary's or an earlier one's; here the same bundle
             is merged once per other language, each named by an equivalent path ("pagefind/./", "pagefind/././")
             that does not. */
          var indexes = (further[pageLang] || []).map(function (path) { return [bundle + path, pageLang]; });
          (merged ? others : []).forEach(function (l, i) {
            indexes.push([bundle + "./".repeat(i + 1), l.code]);
            (further[l.code] || []).forEach(function (path) { indexes.push([bundle + path, l.code]); });
          });
          sharded = indexes.length > (merged ? others.length : 0);
          return Promise.all(indexes.map(function (index) {
            return pf.mergeIndex(index[0], { language: index[1] });
          })).then(function () { return pf; });
        });
    }
    return engine;
  }

  /* The answer's own words from its heading to the next heading: the hidden search words skipped, query words marked. */
  function excerpt(words, sub, anchors, terms) {
    var marked = {};
    (sub.locations || []).forEach(function (loc) {
      var word = fold(words[loc] || "");
      marked[loc] = terms.some(function (term) { return sameWord(word, term); });
    });
    var start = sub.anchor && typeof sub.anchor.location === "number" ? sub.anchor.location : 0;
    var stop = words.length;
    anchors.forEach(function (other) {
      if (/^h[1-6]$/i.test(other.element) && other.location > start && other.location < stop) { stop = other.location; }
    });
    start += (sub.title || "").split(/\s+/).filter(Boolean).length;
    var hidden = false, picked = [], firstHit = -1;
    for (var i = start; i < stop; i++) {
      if (words[i].indexOf(START) >= 0) { hidden = true; }
      if (!hidden && marked[i] && firstHit < 0) { firstHit = picked.length; }
      if (!hidden) { picked.push([words[i], !!marked[i]]); }
      if (words[i].indexOf(END) >= 0) { hidden = false; }
    }
    var from = firstHit > EXCERPT_WORDS / 2 ? firstHit - Math.floor(EXCERPT_WORDS / 3) : 0;
    return { words: picked.slice(from, from + EXCERPT_WORDS), cut: from > 0, more: from + EXCERPT_WORDS < picked.length };
  }

  /* --- ranking -----------------------------------------------------------------------------
   * Pagefind finds pages that contain every query word. Customers add words no answer has ("what to do",
   * "ze"), so each word is also searched alone. Every sub-result (an answer under its heading) of the pages
   * found is then scored by the query words it contains: each word counts by its rarity on the site (inverse
   * document frequency, from Pagefind's own counts) times the log of its best weighted score there (a word in
   * the heading or the hidden vocabulary weighs more than one in running text). Both hold across index shards:
   * a merged search lists every shard's pages, so its counts are the whole site's, and a weighted score is the
   * word's weight on its own page, whatever the shard. */

  var totals = {};             // pages searchable with each filter: the N of the rarity

  /* How many pages the search covers with these filters. With one filter value, Pagefind's count of it (only the
     filter files are loaded); otherwise a search for every page, which loads every index chunk of every shard (on
     a large site most of a first query's transfer), so only when a maintainer asks for every page. */
  function pageCount(pf, filters) {
    var keys = Object.keys(filters);
    if (keys.length === 1 && typeof filters[keys[0]] === "string") {
      return pf.filters().then(function (counts) { return (counts[keys[0]] || {})[filters[keys[0]]] || 0; });
    }
    return pf.search(null, { filters: filters }).then(function (s) { return s.results.length; });
  }

  function sameWord(word, term) {
    if (word === term) {
      return true;
    }
    var shorter = Math.min(word.length, term.length), longer = Math.max(word.length, term.length);
    var common = 0;
    while (common < shorter && word[common] === term[common]) {
      common++;
    }
    return common >= MIN_STEM && common >= longer - STEM_SLACK;
  }

  /* query word -> its best weighted score in a sub-result */
  function bestOf(words, sub, terms) {
    var best = {};
    (sub.weighted_locations || []).forEach(function (loc) {
      var word = fold(words[loc.location] || "");
      terms.forEach(function (term) {
        if (word && sameWord(word, term)) {
          best[term] = Math.max(best[term] || 0, loc.balanced_score);
        }
      });
    });
    return best;
  }

  /* A section is about what its page is about: words of the page's title and lead count for it, at a share. */
  function score(best, context, rarity) {
    var all = {};
    Object.keys(context).forEach(function (term) { all[term] = context[term] * CONTEXT_SHARE; });
    Object.keys(best).forEach(function (term) { all[term] = Math.max(all[term] || 0, best[term]); });
    return Object.keys(all).reduce(function (sum, term) { return sum + rarity[term] * Math.log(1 + all[term]); }, 0);
  }

  function mergeLocations(into, page) {
    var subs = page.sub_results && page.sub_results.length ? page.sub_results
      : [{ url: page.url, title: page.meta.title, weighted_locations: page.weighted_locations || [] }];
    subs.forEach(function (sub) {
      var known = into.subs[sub.url];
      if (!known) {
        into.subs[sub.url] = known = { url: sub.url, title: sub.title, anchor: sub.anchor, weighted_locations: [], locations: [] };
      }
      (sub.weighted_locations || []).forEach(function (loc) {
        if (known.locations.indexOf(loc.location) < 0) {
          known.locations.push(loc.location);
          known.weighted_locations.push(loc);
        }
      });
    });
  }

  function hits(pf, query) {
    var filters = maintainers.checked ? {} : { audience: "customer" };
    var terms = fold(query).split(" ").filter(Boolean).filter(function (w, i, all) { return all.indexOf(w) === i; })
      .slice(0, MAX_TERMS);
    var key = JSON.stringify(filters) + merged;
    var total = totals[key] || (totals[key] = pageCount(pf, filters));
    var searches = [pf.search(query, { filters: filters })].concat(terms.length > 1 ? terms.map(function (term) {
      return pf.search(term, { filters: filters });
    }) : []);
    /* With the index in shards, a word's rarity counts the pages that have the word itself (an exact search): a
       search for a word that an index lacks finds the pages of its longest known beginning ("op" for "opzeggen"),
       which in one index happens only when no page has the word, but in shards in every shard without it. */
    var exact = sharded ? terms.map(function (term) { return pf.search("\"" + term + "\"", { filters: filters }); }) : [];
    return Promise.all([total].concat(searches, exact)).then(function (found) {
      var n = Math.max(found[0], 1), all = found[1], single = found.slice(2, 2 + searches.length - 1),
          exactly = found.slice(1 + searches.length);
      var rarity = {};
      terms.forEach(function (term, i) {
        var df = (exactly.length && exactly[i].results.length) || (single.length ? single[i] : all).results.length;
        rarity[term] = Math.log(1 + n / Math.max(df, 1));
      });
      /* A page found by several searches holds each search's locations: merge them per sub-result. */
      var picked = [all.results.slice(0, PAGES)].concat(single.map(function (s) { return s.results.slice(0, PAGES_PER_WORD); }));
      var order = [];
      picked.forEach(function (results) {
        results.forEach(function (r) { if (order.indexOf(r.id) < 0) { order.push(r.id); } });
      });
      /* Pagefind hands out one object per page and rewrites its locations for each search: a page's data is
         loaded for one search at a time and its locations copied before the next (pages load in parallel). */
      var pages = {}, byPage = {};
      picked.forEach(function (results) {
        results.forEach(function (r) { (byPage[r.id] = byPage[r.id] || []).push(r); });
      });
      return Promise.all(order.map(function (id) {
        return byPage[id].reduce(function (previous, result) {
          return previous.then(function () { return result.data(); }).then(function (page) {
            pages[id] = pages[id] || { page: page, subs: {} };
            mergeLocations(pages[id], page);
          });
        }, Promise.resolve());
      })).then(function () {
        var scored = [];
        order.forEach(function (id, rankOfPage) {
          var page = pages[id].page;
          var words = page.content.split(/\s+/);
          var top = pages[id].subs[page.url];
          var context = top ? bestOf(words, top, terms) : {};
          Object.keys(pages[id].subs).forEach(function (url) {
            var sub = pages[id].subs[url];
            var s = score(bestOf(words, sub, terms), sub === top ? {} : context, rarity);
            var text = excerpt(words, sub, page.anchors || [], terms);
            if (s > 0 && text.words.length) {   /* a heading with nothing under it (a page's title) is no answer */
              var where = new URL(sub.url, document.baseURI);   /* a merged index's URLs are absolute */
              scored.push({ score: s, order: rankOfPage, url: where.pathname + where.hash, title: sub.title || page.meta.title,
                            page: page.meta.title,
                            lang: languageOf(where),
                            excerpt: text });
            }
          });
        });
        scored.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
        var perPage = {};
        return scored.filter(function (hit) {
          perPage[hit.order] = (perPage[hit.order] || 0) + 1;
          return perPage[hit.order] <= SUBS_PER_PAGE;
        }).slice(0, MAX_HITS);
      });
    });
  }

  /* --- instant answers ---------------------------------------------------------------------- */

  function loadAnswers() {
    if (!answers) {
      answers = fetch(new URL(root.dataset.answers, document.baseURI).href)
        .then(function (r) { return r.json(); })
        .then(function (data) {
          data.folded = {};
          Object.keys(data.names).forEach(function (category) {
            data.folded[category] = [];
            Object.keys(data.names[category]).forEach(function (key) {
              data.names[category][key].forEach(function (name) {
                var f = fold(name);
                if (f) { data.folded[category].push([f, key]); }
              });
            });
            data.folded[category].sort(function (a, b) { return b[0].length - a[0].length; });
          });
          return data;
        });
    }
    return answers;
  }

  /* Which plan, severity, region, product and contact channel a query names (the longest name wins). */
  function named(data, query) {
    var text = " " + fold(query) + " ", found = {};
    Object.keys(data.folded).forEach(function (category) {
      for (var i = 0; i < data.folded[category].length; i++) {
        var name = data.folded[category][i];
        if (text.indexOf(" " + name[0] + " ") >= 0) {
          found[category] = name[1];
          text = text.replace(" " + name[0] + " ", " ");
          return;
        }
      }
    });
    return found;
  }

  function instant(data, query) {
    var q = named(data, query);
    return data.answers.filter(function (a) {
      if (a.kind === "response") {
        return q.severities === a.severity && (!q.plans || q.plans === a.plan);
      }
      if (a.kind === "hours") {
        return q.regions === a.region && !q.products;
      }
      if (a.kind === "portal") {
        return q.products === a.product && (!q.plans || q.plans === a.plan);
      }
      return a.kind === "contact" && q.contacts === a.contact && !q.products;
    }).slice(0, MAX_INSTANT);
  }

  /* --- rendering ---------------------------------------------------------------------------- */

  function showInstant(items) {
    instantBox.textContent = "";
    instantBox.hidden = !items.length;
    if (!items.length) {
      return;
    }
    instantBox.appendChild(el("h2", "search-heading", strings.answer));
    var ul = el("ul", "search-answers");
    items.forEach(function (a) {
      var li = el("li", "search-answer");
      li.appendChild(el("strong", "", a.title + ": "));
      if (a.url) {
        var portal = el("a", "", a.text);
        portal.href = a.url;
        li.appendChild(portal);
      } else {
        li.appendChild(document.createTextNode(a.text));
      }
      li.appendChild(document.createTextNode(" "));
      var src = el("a", "search-source", strings.source);
      src.href = new URL(a.source, siteRoot).href;
      li.appendChild(src);
      ul.appendChild(li);
    });
    instantBox.appendChild(ul);
  }

  function showHits(items) {
    list.textContent = "";
    items.forEach(function (hit) {
      var li = el("li");
      var a = el("a", "search-hit");
      a.href = hit.url;
      if (hit.lang) {
        a.hreflang = hit.lang.code;
      }
      a.appendChild(el("span", "search-hit-title", hit.title));
      if (hit.page && hit.page !== hit.title) {
        a.appendChild(el("span", "search-hit-page", hit.page + (hit.lang ? " · " + hit.lang.name : "")));
      }
      var p = el("span", "search-hit-excerpt", hit.excerpt.cut ? "… " : "");
      hit.excerpt.words.forEach(function (w) {
        p.appendChild(w[1] ? el("mark", "", w[0]) : document.createTextNode(w[0]));
        p.appendChild(document.createTextNode(" "));
      });
      if (hit.excerpt.more) {
        p.appendChild(document.createTextNode("…"));
      }
      a.appendChild(p);
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function place() {
    var box = input.getBoundingClientRect();
    panel.style.top = Math.round(box.bottom + 6) + "px";
  }

  function open() {
    place();
    panel.hidden = false;
  }

  function close() {
    panel.hidden = true;
  }

  function run() {
    var query = input.value.trim();
    var mine = ++generation;
    if (!query) {
      close();
      return;
    }
    open();
    status.textContent = strings.searching;
    Promise.all([loadEngine().then(function (pf) { return hits(pf, query); }), loadAnswers()])
      .then(function (found) {
        if (mine !== generation) {
          return;
        }
        var quick = instant(found[1], query);
        showInstant(quick);
        showHits(found[0]);
        status.textContent = fill(found[0].length ? strings.results : strings.none, { query: query, n: found[0].length });
        root.dataset.done = query;   // tests and the benchmark wait for this
      });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  }

  /* --- keyboard ----------------------------------------------------------------------------- */

  function links() {
    return Array.prototype.slice.call(panel.querySelectorAll(".search-answer a, .search-hit"));
  }

  function move(from, step) {
    var all = links();
    var next = all.indexOf(from) + step;
    if (next < 0) {
      input.focus();
    } else if (next < all.length) {
      all[next].focus();
    }
  }

  input.addEventListener("input", schedule);
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (panel.hidden && input.value.trim()) {
        open();
      } else {
        move(null, 1);
      }
    } else if (e.key === "Enter") {
      e.preventDefault();
      var first = panel.querySelector(".search-hit") || links()[0];
      if (first) { first.click(); }
    } else if (e.key === "Escape") {
      close();
    }
  });
  panel.addEventListener("keydown", function (e) {
    if (e.target === both || e.target === maintainers) {
      return;
    }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      move(e.target, e.key === "ArrowDown" ? 1 : -1);
    } else if (e.key === "Escape") {
      close();
      input.focus();
    }
  });
  [both, maintainers].forEach(function (box) { if (box.addEventListener) { box.addEventListener("change", run); } });
  document.addEventListener("click", function (e) {
    if (!root.contains(e.target)) {
      close();
    }
  });
  root.addEventListener("focusout", function (e) {
    if (e.relatedTarget && !root.contains(e.relatedTarget)) {
      close();
    }
  });
  window.addEventListener("resize", function () { if (!panel.hidden) { place(); } });
  if (input.value.trim()) {   /* typed while this script was loading */
    run();
  }
}());
