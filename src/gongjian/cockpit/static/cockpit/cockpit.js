// The cockpit's charts: drawn with Apache ECharts from the data the page carries (#cockpit-data); a click on a
// bar, segment or point opens the list behind it. Without JavaScript the data tables remain.
(function () {
  "use strict";
  var dataNode = document.getElementById("cockpit-data");
  if (!dataNode || typeof echarts === "undefined") return;
  var data = JSON.parse(dataNode.textContent);
  var projector = document.body.classList.contains("projector");
  var text = projector ? "#f1f3f5" : "#333";
  var charts = [];

  function option(w) {
    var narrow = window.innerWidth < 576;
    var base = {
      animation: false,
      textStyle: { fontSize: projector ? 18 : 12, color: text },
      tooltip: { trigger: w.chart === "line" ? "axis" : "item" },
      legend: { top: 0, textStyle: { color: text } },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      color: w.series.map(function (s) { return s.colour; })
    };
    if (w.chart === "hbar") {
      base.legend = { show: false };
      base.xAxis = { type: "value", axisLabel: { color: text } };
      base.yAxis = { type: "category", inverse: true, data: w.categories, axisLabel: { color: text, width: narrow ? 80 : 160, overflow: "truncate" } };
      base.series = w.series.map(function (s) {
        var one = { name: s.name, type: "bar", data: s.data, itemStyle: { color: s.colour },
          label: { show: true, position: "right", color: text, formatter: "{c}" + (s.suffix || "") } };
        if (s.mark) one.markLine = { symbol: "none", silent: true, lineStyle: { color: "#dc3545", type: "dashed" }, data: [{ xAxis: s.mark }] };
        return one;
      });
      return base;
    }
    base.xAxis = { type: "category", data: w.categories, axisLabel: { color: text, interval: 0, rotate: narrow || w.categories.length > 5 ? 30 : 0, width: 120, overflow: "truncate" } };
    base.yAxis = { type: "value", minInterval: 1, axisLabel: { color: text } };
    base.series = w.series.map(function (s) {
      var one = { name: s.name, data: s.data, itemStyle: { color: s.colour } };
      if (w.chart === "line" || s.type === "line") {
        one.type = "line"; one.symbolSize = 10; one.lineStyle = { color: s.colour };
      } else {
        one.type = "bar"; one.barMaxWidth = 48;
        if (w.chart === "bar") one.stack = "colours";
      }
      return one;
    });
    return base;
  }

  data.widgets.forEach(function (w) {
    var el = document.querySelector('.chart[data-widget="' + w.key + '"]');
    if (!el) return;
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option(w));
    chart.on("click", function (params) {
      if (params.data && params.data.drilldown) window.location.href = params.data.drilldown;
    });
    el.dataset.ready = "1";
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  var me = document.currentScript;
  var refresh = me && parseInt(me.dataset.refresh || "0", 10);
  if (refresh > 0) setTimeout(function () { window.location.reload(); }, refresh * 1000);
})();
