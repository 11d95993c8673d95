/* The pages' behaviour, kept out of the markup: the Content-Security-Policy allows no inline script.
   Markup asks for it with data attributes:
     data-print                      a button that prints the page;
     data-confirm="…"                a form (or a submit button) that asks before it is sent;
     data-autosubmit                 a field whose change sends its form;
     data-reload-param="name"        a select whose change reloads the page with ?name=value;
     data-picker="url"               the enterprise picker (enterprises/_picker.html).
     data-menu-toggle                the header's menu button: on a phone it opens and closes the sidebar
                                     (Escape or a tap outside closes it, and focus goes back to the button).
   Then a few page-specific helpers, each run only when its elements are on the page. */
(function () {
  "use strict";

  var menuButton = document.querySelector("[data-menu-toggle]");
  var menu = menuButton ? document.getElementById(menuButton.getAttribute("aria-controls")) : null;
  function setMenu(open) {
    if (!menu) return;
    menu.parentElement.classList.toggle("menu-open", open);
    menuButton.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      var first = menu.querySelector("a");
      if (first) first.focus();
    }
  }
  function menuOpen() { return menuButton && menuButton.getAttribute("aria-expanded") === "true"; }
  if (menu) {
    menu.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (menuOpen() && next instanceof Element && !menu.contains(next) && next !== menuButton) setMenu(false);
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menuOpen()) {
      setMenu(false);
      menuButton.focus();
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    if (target.closest("[data-menu-toggle]")) {
      setMenu(!menuOpen());
      return;
    }
    if (menuOpen() && !menu.contains(target)) {
      setMenu(false);
      return;
    }
    if (target.closest("[data-print]")) {
      window.print();
      return;
    }
    var button = target.closest("button[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-confirm") &&
        !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!(field instanceof HTMLElement)) return;
    if (field.hasAttribute("data-autosubmit") && field.form) field.form.submit();
    var param = field.getAttribute("data-reload-param");
    if (param) window.location.search = "?" + encodeURIComponent(param) + "=" + encodeURIComponent(field.value);
  });

  // Demand intake: the chosen category's default department and time limit.
  (function () {
    var select = document.getElementById("id_category"), hint = document.getElementById("category-hint");
    if (!select || !hint) return;
    function show() {
      var option = select.options[select.selectedIndex];
      var text = option ? option.getAttribute("data-hint") : "";
      hint.textContent = text || "选择类别后显示默认主办部门和办理时限。";
    }
    select.addEventListener("change", show);
    show();
  })();

  // Demand assignment: the number of days applies to general demands only.
  (function () {
    var complexity = document.getElementById("assign-complexity"), days = document.getElementById("assign-days");
    if (!complexity || !days) return;
    function sync() { days.disabled = complexity.value !== "general"; }
    complexity.addEventListener("change", sync);
    sync();
  })();

  // New application: the agent's fields only for a proxy application.
  (function () {
    var box = document.getElementById("agent-fields");
    if (!box) return;
    function sync() { var proxy = document.getElementById("mode-proxy"); box.hidden = !(proxy && proxy.checked); }
    document.querySelectorAll("input[name=mode]").forEach(function (radio) { radio.addEventListener("change", sync); });
    sync();
  })();

  // Pre-review: mark each material's row by its verdict; the problem text only for a problem.
  (function () {
    var table = document.getElementById("review-table");
    if (!table) return;
    function mark(row) {
      var checked = row.querySelector("input[type=radio]:checked"), value = checked ? checked.value : "";
      row.classList.toggle("is-problem", value === "problem");
      row.classList.toggle("is-defer", value === "defer");
      var text = row.querySelector("[name^=problem_]");
      if (text) text.style.visibility = value === "problem" ? "visible" : "hidden";
    }
    table.querySelectorAll("tbody tr").forEach(function (row) {
      row.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.addEventListener("change", function () { mark(row); });
      });
      mark(row);
    });
  })();
  // The enterprise picker: suggestions from the data-picker URL as one types (arrows and Enter, or a click, to
  // choose); choosing fills the hidden enterprise_id, typing again empties it (the server then resolves the text).
  // With data-picker-reload, choosing reloads the page with ?enterprise_id= (a form that shows what fits).
  document.querySelectorAll("[data-picker]").forEach(function (box) {
    var text = box.querySelector("[data-picker-text]"), hidden = box.querySelector("[data-picker-id]");
    var list = box.querySelector(".qf-picker-list"), timer = null, asked = "";
    function close() {
      list.hidden = true;
      list.innerHTML = "";
      text.setAttribute("aria-expanded", "false");
    }
    function choose(option) {
      hidden.value = option.getAttribute("data-pick-id");
      text.value = option.getAttribute("data-pick-name");
      close();
      if (box.hasAttribute("data-picker-reload")) {
        window.location.search = "?enterprise_id=" + encodeURIComponent(hidden.value);
      }
    }
    function ask() {
      var q = text.value.trim();
      asked = q;
      if (!q) { close(); return; }
      fetch(box.getAttribute("data-picker") + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          if (asked !== q) return;  // a later keystroke's answer decides
          list.innerHTML = html;
          list.hidden = !html.trim();
          text.setAttribute("aria-expanded", String(!list.hidden));
        });
    }
    text.addEventListener("input", function () {
      hidden.value = "";
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    text.addEventListener("keydown", function (event) {
      var options = Array.prototype.slice.call(list.querySelectorAll("[data-pick-id]"));
      if (list.hidden || !options.length) return;
      var at = options.indexOf(list.querySelector(".active"));
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (at >= 0) options[at].classList.remove("active");
        at = event.key === "ArrowDown" ? (at + 1) % options.length : (at <= 0 ? options.length - 1 : at - 1);
        options[at].classList.add("active");
        options[at].scrollIntoView({block: "nearest"});
      } else if (event.key === "Enter" && at >= 0) {
        event.preventDefault();
        choose(options[at]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    list.addEventListener("click", function (event) {
      var option = event.target instanceof Element ? event.target.closest("[data-pick-id]") : null;
      if (option) choose(option);
    });
    document.addEventListener("click", function (event) {
      if (!(event.target instanceof Node) || !box.contains(event.target)) close();
    });
  });
})();
