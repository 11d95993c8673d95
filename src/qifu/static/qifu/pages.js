/* The pages' behaviour, kept out of the markup: the Content-Security-Policy allows no inline script.
   Markup asks for it with data attributes:
     data-print                      a button that prints the page;
     data-confirm="…"                a form (or a submit button) that asks before it is sent;
     data-autosubmit                 a field whose change sends its form;
     data-reload-param="name"        a select whose change reloads the page with ?name=value;
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
})();
