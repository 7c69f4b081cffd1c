/* The Office's pages, enhanced without inline script (works under a Content-Security-Policy):
 * - [data-picker]: a list of checkboxes gets a filter box, a count and the chosen agencies as
 *   removable chips; arrow keys move between the visible boxes, Enter in the filter picks the
 *   first match. Without script the checkboxes work as they are.
 * - form[data-review-form]: leaving the page, or saving one form while another has unsaved
 *   changes, asks first.
 * - [data-job-status-url]: the progress of a scan being read (or of a large report being built)
 *   is fetched and shown until it ends; with data-job-reload the page is then drawn again.
 * Texts come from data-* attributes of the page, already translated.
 */
(function () {
  "use strict";

  function fold(text) {
    return (text || "")
      .replace(/đ/g, "d").replace(/Đ/g, "D")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();
  }

  function format(template, values) {
    return (template || "").replace(/%\((\w+)\)s/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  // --- agency picker ------------------------------------------------------------------------

  function enhancePicker(root) {
    if (root.dataset.enhanced) { return; }
    root.dataset.enhanced = "1";
    var tools = root.querySelector("[data-picker-tools]");
    var filter = root.querySelector("[data-picker-filter]");
    var count = root.querySelector("[data-picker-count]");
    var chips = root.querySelector("[data-picker-chips]");
    var list = root.querySelector("[data-picker-list]");
    if (!tools || !filter || !list) { return; }
    var texts = root.closest("[data-picker-texts]") || document.body;
    var options = Array.prototype.slice.call(list.querySelectorAll("li"));
    options.forEach(function (li) { li.dataset.folded = fold(li.dataset.search || li.textContent); });
    tools.hidden = false;
    root.classList.add("cd-picker--enhanced");

    function box(li) { return li.querySelector("input[type=checkbox]"); }
    function visible() { return options.filter(function (li) { return !li.hidden; }); }
    function chosen() { return options.filter(function (li) { return box(li).checked; }); }

    function refresh(announceMatches) {
      var picked = chosen();
      var shown = visible().length;
      var parts = [picked.length
        ? format(texts.dataset.textChosen, { n: picked.length })
        : texts.dataset.textNone];
      if (announceMatches) { parts.push(format(texts.dataset.textMatches, { n: shown })); }
      count.textContent = parts.join(" · ");
      while (chips.firstChild) { chips.removeChild(chips.firstChild); }
      picked.forEach(function (li) {
        var input = box(li);
        var name = li.querySelector("span").textContent;
        var item = document.createElement("li");
        var label = document.createElement("span");
        label.textContent = name;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "cd-chip__remove";
        remove.dataset.value = input.value;
        remove.setAttribute("aria-label", format(texts.dataset.textRemove, { name: name }));
        remove.textContent = "×";
        item.className = "cd-chip";
        item.appendChild(label);
        item.appendChild(remove);
        chips.appendChild(item);
      });
    }

    function applyFilter() {
      var words = fold(filter.value).split(/\s+/).filter(Boolean);
      options.forEach(function (li) {
        li.hidden = !words.every(function (w) { return li.dataset.folded.indexOf(w) >= 0; });
      });
      refresh(words.length > 0);
    }

    function focusAt(items, index) {
      if (items.length) { box(items[Math.max(0, Math.min(index, items.length - 1))]).focus(); }
    }

    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      var items = visible();
      if (event.key === "ArrowDown") {
        event.preventDefault();
        focusAt(items, 0);
      } else if (event.key === "Enter") {
        event.preventDefault(); // never submit the whole form from the filter box
        if (items.length) {
          var input = box(items[0]);
          input.checked = !input.checked;
          refresh(true);
        }
      } else if (event.key === "Escape" && filter.value) {
        event.preventDefault();
        filter.value = "";
        applyFilter();
      }
    });
    list.addEventListener("keydown", function (event) {
      if (!event.target.matches("input[type=checkbox]")) { return; }
      var items = visible();
      var index = items.indexOf(event.target.closest("li"));
      if (event.key === "ArrowDown") {
        event.preventDefault();
        focusAt(items, index + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (index <= 0) { filter.focus(); } else { focusAt(items, index - 1); }
      } else if (event.key === "Home") {
        event.preventDefault();
        focusAt(items, 0);
      } else if (event.key === "End") {
        event.preventDefault();
        focusAt(items, items.length - 1);
      } else if (event.key === "Enter") {
        event.preventDefault();
        event.target.checked = !event.target.checked;
        refresh(false);
      }
    });
    list.addEventListener("change", function () { refresh(false); });
    chips.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-value]");
      if (!button) { return; }
      options.forEach(function (li) {
        var input = box(li);
        if (input.value === button.dataset.value) {
          input.checked = false;
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
      refresh(false);
      filter.focus();
    });
    refresh(false);
  }

  // --- unsaved changes ----------------------------------------------------------------------

  var dirty = new Set();
  var submitting = false;

  function watchForm(form) {
    if (form.dataset.watched) { return; }
    form.dataset.watched = "1";
    var mark = function () { dirty.add(form); };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function (event) {
      // Saving one directive reloads the page: edits typed in another one would be lost.
      var others = Array.from(dirty).filter(function (f) { return f !== form && f.isConnected; });
      var texts = form.closest("[data-text-unsaved]");
      if (others.length && texts && !window.confirm(texts.dataset.textUnsaved)) {
        event.preventDefault();
        return;
      }
      submitting = true;
    });
  }

  window.addEventListener("beforeunload", function (event) {
    var pending = Array.from(dirty).some(function (form) { return form.isConnected; });
    if (pending && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // --- scan import progress -----------------------------------------------------------------

  function watchJob(root) {
    if (root.dataset.watching) { return; }
    root.dataset.watching = "1";
    var url = root.dataset.jobStatusUrl;
    var bar = root.querySelector("progress");
    var label = root.querySelector("[data-job-label]");
    var pages = root.querySelector("[data-job-pages]");
    var result = root.querySelector("[data-job-result]");
    var error = root.querySelector("[data-job-error]");
    function show(state) {
      if (bar) { bar.max = 100; bar.value = state.percent; bar.textContent = state.percent + "%"; }
      if (label) { label.textContent = state.label; }
      var total = state.pages_total || state.rows_total;
      if (pages && total) {
        pages.textContent = format(root.dataset.textPages, {
          done: state.pages_total ? state.pages_done : state.rows_done, total: total
        });
      }
      if (state.error && error) {
        error.textContent = state.error;
        error.hidden = false;
      }
      if (state.review_url && result) {
        var link = result.querySelector("a");
        if (link) { link.href = state.review_url; }
        result.hidden = false;
      }
    }
    function poll() {
      if (!root.isConnected) { return; }
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state) { window.setTimeout(poll, 3000); return; }
          show(state);
          if (!state.finished) {
            window.setTimeout(poll, 1000);
          } else if (root.dataset.jobReload) {
            window.location.reload();
          } else if (state.review_url) {
            window.location.assign(state.review_url);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    poll();
  }

  function enhance() {
    document.querySelectorAll("[data-picker]").forEach(enhancePicker);
    document.querySelectorAll("form[data-review-form]").forEach(watchForm);
    document.querySelectorAll("[data-job-status-url]").forEach(watchJob);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
  document.addEventListener("turbo:load", enhance);
  document.addEventListener("turbo:render", enhance);
})();
