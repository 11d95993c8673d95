/* The dashboard's charts (驾驶舱), drawn with the vendored Apache ECharts from the rows the page embeds as JSON
   (#dashboard-data: the same rows as its tables, its exports and GET /api/v1/dashboard/…). Each row carries
   the `url` of the filtered list it opens; clicking a bar, slice or point goes there. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var FONT = "\"PingFang SC\", \"Microsoft YaHei\", \"WenQuanYi Zen Hei\", \"Noto Sans CJK SC\", sans-serif";
  var COLORS = { registered: "#1f5fa8", closed: "#2e7d32", normal: "#2e7d32", warning: "#e09100", overdue: "#c62828" };
  var charts = [];

  function parts(rows) { return rows.filter(function (r) { return r.id !== null; }); }
  function short(day) { var d = day.split("-"); return Number(d[1]) + "月" + Number(d[2]) + "日"; }
  function empty(el) { el.innerHTML = "<p class=\"text-muted small\">本期没有数据。</p>"; el.style.height = "auto"; }

  function draw(id, option, rowsFor) {
    var el = document.getElementById(id);
    if (!el) return null;
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    option.textStyle = { fontFamily: FONT };
    option.animation = false;
    chart.setOption(option);
    chart.on("click", function (params) {
      var url = rowsFor(params);
      if (url) window.location.href = url;
    });
    charts.push(chart);
    return chart;
  }

  var narrow = function () { return window.innerWidth < 600; };

  // Weekly trends of intake and closure.
  var weeks = data.weekly || [];
  if (weeks.length) {
    draw("chart-weekly", {
      tooltip: { trigger: "axis" },
      legend: { data: ["受理", "办结"], top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 30 },
      xAxis: { type: "category", data: weeks.map(function (w) { return short(w.week_start); }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "受理", type: "line", data: weeks.map(function (w) { return w.registered; }), color: COLORS.registered },
        { name: "办结", type: "line", data: weeks.map(function (w) { return w.closed; }), color: COLORS.closed }
      ]
    }, function (p) { return weeks[p.dataIndex] && weeks[p.dataIndex].url; });
  } else { empty(document.getElementById("chart-weekly")); }

  // 三率 by department as ranking bars; the buttons choose the rate.
  var departments = parts(data.departments || []);
  var ratesEl = document.getElementById("chart-rates"), ratesChart = null, ranked = [];
  function ranking(rate) {
    ranked = departments.filter(function (r) { return r[rate] !== null; })
      .sort(function (a, b) { return a[rate] - b[rate]; });
    if (!ranked.length) { if (ratesChart) ratesChart.clear(); else empty(ratesEl); return; }
    var option = {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return v + "%"; } },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", data: ranked.map(function (r) { return r.label; }),
               axisLabel: { width: narrow() ? 84 : 150, overflow: "truncate" } },
      series: [{ type: "bar", data: ranked.map(function (r) { return r[rate]; }), color: COLORS.registered,
                 label: { show: true, position: "right", formatter: "{c}%" } }]
    };
    if (ratesChart) { ratesChart.setOption(option, true); return; }
    ratesChart = draw("chart-rates", option, function (p) { return ranked[p.dataIndex] && ranked[p.dataIndex].url; });
  }
  if (ratesEl) {
    ranking("response_rate");
    document.querySelectorAll("[data-rate]").forEach(function (button) {
      button.addEventListener("click", function () {
        document.querySelectorAll("[data-rate]").forEach(function (b) { b.classList.toggle("active", b === button); });
        ranking(button.getAttribute("data-rate"));
      });
    });
  }

  // Category hotspots: the share of demands registered in the period, by category.
  var categories = parts(data.categories || []).filter(function (r) { return r.registered > 0; })
    .sort(function (a, b) { return b.registered - a.registered; });
  if (categories.length) {
    draw("chart-categories", {
      tooltip: { trigger: "item", formatter: "{b}：{c}件（{d}%）" },
      series: [{ type: "pie", radius: narrow() ? ["30%", "60%"] : ["35%", "68%"], avoidLabelOverlap: true,
                 label: { formatter: "{b}\n{c}件", overflow: "truncate", width: narrow() ? 70 : 110 },
                 data: categories.map(function (r) { return { name: r.label, value: r.registered }; }) }]
    }, function (p) { return categories[p.dataIndex] && categories[p.dataIndex].url; });
  } else { empty(document.getElementById("chart-categories")); }

  // Figures by park: registered and closed in the period.
  var parks = parts(data.parks || []);
  if (parks.length) {
    draw("chart-parks", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { data: ["登记", "办结"], top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: parks.map(function (r) { return r.label; }),
               axisLabel: { interval: 0, width: narrow() ? 56 : 90, overflow: "truncate" } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "登记", type: "bar", data: parks.map(function (r) { return r.registered; }), color: COLORS.registered },
        { name: "办结", type: "bar", data: parks.map(function (r) { return r.closed; }), color: COLORS.closed }
      ]
    }, function (p) { return parks[p.dataIndex] && parks[p.dataIndex].url; });
  } else { empty(document.getElementById("chart-parks")); }

  // Lights of running demands by lead department; a segment opens that department's list at that light.
  var lights = parts(data.lights || []).slice().reverse();
  var LIGHTS = [["normal", "正常"], ["warning", "即将超期"], ["overdue", "已超期"]];
  if (lights.length) {
    var lightsEl = document.getElementById("chart-lights");
    lightsEl.style.height = Math.max(200, 60 + 32 * lights.length) + "px";
    draw("chart-lights", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { data: LIGHTS.map(function (l) { return l[1]; }), top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: lights.map(function (r) { return r.label; }),
               axisLabel: { width: narrow() ? 84 : 160, overflow: "truncate" } },
      series: LIGHTS.map(function (l) {
        return { name: l[1], type: "bar", stack: "lights", color: COLORS[l[0]],
                 data: lights.map(function (r) { return r[l[0]]; }) };
      })
    }, function (p) {
      var row = lights[p.dataIndex], light = LIGHTS[p.seriesIndex][0];
      return row && row.url + (row.url.indexOf("?") < 0 ? "?" : "&") + "light=" + light;
    });
  } else { empty(document.getElementById("chart-lights")); }

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
