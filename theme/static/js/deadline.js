/* "When will I hear back?" in the browser: the algorithm of extract/deadline.py, on data/deadline.json.
 * compute() is pure and exported as window.SupportAtlasDeadline for the tests that hold it to the Python. */
(function () {
  "use strict";
  var MINUTE = 60000;
  var formatters = {};

  function fixedOffset(tz) {
    var m = /^UTC([+-])(\d{2}):(\d{2})$/.exec(tz);
    return m ? (m[1] === "-" ? -1 : 1) * (parseInt(m[2], 10) * 60 + parseInt(m[3], 10)) : null;
  }

  /* Wall-clock date and time of an instant in a zone (IANA name or fixed UTC offset). */
  function wall(ms, zone) {
    var off = fixedOffset(zone);
    if (off !== null) {
      var d = new Date(ms + off * MINUTE);
      return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes() };
    }
    if (!formatters[zone]) {
      formatters[zone] = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric",
        month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" });
    }
    var p = {};
    formatters[zone].formatToParts(new Date(ms)).forEach(function (part) { p[part.type] = parseInt(part.value, 10); });
    return { y: p.year, m: p.month, d: p.day, h: p.hour % 24, mi: p.minute };
  }

  function offsetAt(ms, zone) {
    var w = wall(ms, zone);
    return (Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi) - Math.floor(ms / MINUTE) * MINUTE) / MINUTE;
  }

  /* The instant of a wall-clock time in a zone. */
  function instant(y, m, d, h, mi, zone) {
    var guess = Date.UTC(y, m - 1, d, h, mi);
    var first = guess - offsetAt(guess, zone) * MINUTE;
    var second = guess - offsetAt(first, zone) * MINUTE;
    return offsetAt(second, zone) === offsetAt(first, zone) ? first : second;
  }

  function isoDate(w) {
    return w.y + "-" + String(w.m).padStart(2, "0") + "-" + String(w.d).padStart(2, "0");
  }

  function weekday(w) { return (new Date(Date.UTC(w.y, w.m - 1, w.d)).getUTCDay() + 6) % 7; }

  function nextMidnight(w, zone) {
    var next = new Date(Date.UTC(w.y, w.m - 1, w.d + 1));
    return instant(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, zone);
  }

  function hm(text) { var p = text.split(":"); return [parseInt(p[0], 10), parseInt(p[1], 10)]; }

  /* Latest expected first contact: {deadline (ms), zone, filedInZone (wall clock of filing in the region's zone),
   * minutes, aroundTheClock, steps: [{from, to, minutes}]}. */
  function compute(data, plan, severity, region, filedMs, localZone) {
    var row = data.times.filter(function (t) { return t.plan === plan && t.severity === severity; })[0];
    if (!row) { throw new Error("no-time"); }
    if (row.max_minutes === null) { throw new Error("no-single-time"); }
    var hours = data.regions[region];
    if (!hours) { throw new Error("unknown-region"); }
    var zone = hours.tz || localZone;
    var minutes = row.max_minutes;
    var filedInZone = wall(filedMs, zone);
    if (row.around_the_clock) {
      return { deadline: filedMs + minutes * MINUTE, zone: zone, filedInZone: filedInZone, minutes: minutes, aroundTheClock: true,
               steps: [{ from: filedMs, to: filedMs + minutes * MINUTE, minutes: minutes }] };
    }
    var open = hm(hours.start), close = hm(hours.end);
    var closed = {};
    hours.holidays.forEach(function (d) { closed[d] = true; });
    var moment = filedMs, remaining = minutes, steps = [];
    for (var i = 0; i < 3660; i++) {
      var w = wall(moment, zone);
      var opens = instant(w.y, w.m, w.d, open[0], open[1], zone);
      var closes = instant(w.y, w.m, w.d, close[0], close[1], zone);
      if (hours.days.indexOf(weekday(w)) < 0 || closed[isoDate(w)] || moment >= closes) {
        moment = nextMidnight(w, zone);
        continue;
      }
      moment = Math.max(moment, opens);
      var available = Math.floor((closes - moment) / MINUTE);
      if (available >= remaining) {
        steps.push({ from: moment, to: moment + remaining * MINUTE, minutes: remaining });
        return { deadline: moment + remaining * MINUTE, zone: zone, filedInZone: filedInZone, minutes: minutes, aroundTheClock: false, steps: steps };
      }
      steps.push({ from: moment, to: closes, minutes: available });
      remaining -= available;
      moment = nextMidnight(w, zone);
    }
    throw new Error("no-hours");
  }

  /* --- the form ------------------------------------------------------------------------- */
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function duration(minutes, t) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return [h ? format(t.hours, { n: h }) : "", m ? format(t.minutes, { n: m }) : ""].filter(Boolean).join(" ");
  }

  /* A time with its zone, always: Intl names an IANA zone ("CET"); a fixed offset is named as in the tables
   * and in extract/deadline.py ("UTC+08:00"). */
  function when(ms, zone, lang, withDay) {
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" };   /* 24 h, as the tables */
    if (withDay) { options.weekday = "long"; options.day = "numeric"; options.month = "long"; }
    if (fixedOffset(zone) === null) {
      options.timeZone = zone;
      return new Intl.DateTimeFormat(lang, options).format(new Date(ms));
    }
    delete options.timeZoneName;
    options.timeZone = "UTC";
    return new Intl.DateTimeFormat(lang, options).format(new Date(ms + fixedOffset(zone) * MINUTE)) + " " + zone;
  }

  function localInputValue(date) {
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + "T" + pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  function setUp(section, data) {
    var form = section.querySelector("form");
    var out = section.querySelector(".deadline-result");
    var t = JSON.parse(section.dataset.strings);
    var lang = document.documentElement.lang;
    var localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    form.elements.at.value = localInputValue(new Date());
    function offered() {
      var plan = form.elements.plan.value;
      Array.prototype.forEach.call(form.elements.severity.options, function (option) {
        option.disabled = !data.times.some(function (r) { return r.plan === plan && r.severity === option.value; });
      });
      if (form.elements.severity.selectedOptions[0].disabled) {
        var first = Array.prototype.filter.call(form.elements.severity.options, function (o) { return !o.disabled; })[0];
        if (first) { form.elements.severity.value = first.value; }
      }
    }
    form.elements.plan.addEventListener("change", offered);
    offered();
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      out.textContent = "";
      var filed = new Date(form.elements.at.value);
      if (isNaN(filed.getTime())) { out.textContent = t.bad_time; return; }
      var result;
      try {
        result = compute(data, form.elements.plan.value, form.elements.severity.value, form.elements.region.value, filed.getTime(), localZone);
      } catch (e) {
        out.textContent = t.impossible;
        return;
      }
      var region = form.elements.region.selectedOptions[0].textContent;   /* the region's name in the page's language */
      var heading = document.createElement("p");
      heading.className = "deadline-answer";
      heading.textContent = format(t.answer, { when: when(result.deadline, result.zone, lang, true) });
      out.appendChild(heading);
      if (offsetAt(result.deadline, result.zone) !== offsetAt(result.deadline, localZone)) {   /* the customer's own clock too */
        var own = document.createElement("p");
        own.className = "deadline-local";
        own.textContent = format(t.local, { when: when(result.deadline, localZone, lang, true) });
        out.appendChild(own);
      }
      var summary = document.createElement("p");
      summary.textContent = result.aroundTheClock ? format(t.clock, { duration: duration(result.minutes, t) })
        : format(t.business, { duration: duration(result.minutes, t), region: region });
      out.appendChild(summary);
      var list = document.createElement("ol");
      var first = document.createElement("li");   /* the steps start on the region's business clock */
      first.textContent = format(t.convert, { filed: when(filed.getTime(), localZone, lang, true),
                                              converted: when(filed.getTime(), result.zone, lang, true), region: region });
      list.appendChild(first);
      result.steps.forEach(function (step, index) {
        var li = document.createElement("li");
        var last = index === result.steps.length - 1;
        li.textContent = last ? format(t.step_end, { from: when(step.from, result.zone, lang, true), duration: duration(step.minutes, t), to: when(step.to, result.zone, lang, false) })
          : format(t.step, { from: when(step.from, result.zone, lang, true), to: when(step.to, result.zone, lang, false), duration: duration(step.minutes, t) });
        list.appendChild(li);
      });
      out.appendChild(list);
    });
    section.hidden = false;
  }

  /* --- the plan chooser: hide plans that do not meet the ticked needs -------------------- */
  function setUpChooser(chooser) {
    var table = document.getElementById(chooser.dataset.table);
    var status = chooser.querySelector(".chooser-status");
    function apply() {
      var needs = Array.prototype.filter.call(chooser.querySelectorAll("input[type=checkbox]"), function (box) { return box.checked; })
        .map(function (box) { return box.value; });
      var shown = 0;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var ok = needs.every(function (need) { return row.dataset[need] === "yes"; });
        row.hidden = !ok;
        shown += ok ? 1 : 0;
      });
      status.textContent = JSON.parse(chooser.dataset.status)[shown];   /* the plural form for each count, from the catalog */
    }
    chooser.addEventListener("change", apply);
    chooser.hidden = false;
    apply();
  }

  window.SupportAtlasDeadline = { compute: compute };
  document.querySelectorAll("[data-chooser]").forEach(setUpChooser);
  var sections = document.querySelectorAll("section.deadline");
  if (sections.length) {
    fetch(sections[0].dataset.src).then(function (r) { return r.json(); }).then(function (data) {
      window.SupportAtlasDeadline.data = data;
      sections.forEach(function (section) { setUp(section, data); });
    });
  }
}());
