/* The statistics dashboard's charts (ECharts from /static/vendor/echarts). The numbers come from the page's data
   island (#stats-data's data-report), the same report the tables beside each chart show; a click on a bar opens its cases. */
(function () {
  "use strict";
  var island = document.getElementById("stats-data");
  if (!island || typeof echarts === "undefined") { return; }
  var rep = JSON.parse(island.getAttribute("data-report"));
  if (!rep) { return; }
  // Series names in the reader's language, from the message catalogue (the view's chart_labels).
  var label = JSON.parse(island.getAttribute("data-labels") || "{}");
  var params = new URLSearchParams(window.location.search);
  params.delete("stat");
  function drillUrl(stat) {
    var q = new URLSearchParams(params);
    q.set("stat", stat);
    return "/statistics/cases?" + q.toString();
  }
  function chart(name, option, stats) {
    var el = document.querySelector('[data-chart="' + name + '"]');
    if (!el) { return; }
    var c = echarts.init(el, null, { renderer: "canvas" });
    option.animation = false;
    option.tooltip = option.tooltip || { trigger: "axis" };
    option.grid = option.grid || { left: 40, right: 20, top: 30, bottom: 60, containLabel: true };
    c.setOption(option);
    if (stats) {
      c.on("click", function (e) {
        var stat = stats(e);
        if (stat) { window.location.href = drillUrl(stat); }
      });
    }
    window.addEventListener("resize", function () { c.resize(); });
  }
  var rc = rep.reconsideration;
  if (rc) {
    chart("rc-sets", {
      legend: { top: 0 },
      xAxis: { type: "category", data: rc.sets.map(function (s) { return s.title; }), axisLabel: { rotate: 30 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: rep.period.label, type: "bar", data: rc.sets.map(function (s) { return s.count; }) },
        { name: label.last_year, type: "bar", data: rc.sets.map(function (s) { return s.last_year; }) }
      ]
    }, function (e) { return e.seriesIndex === 0 ? rc.sets[e.dataIndex].key : null; });
    var outcomes = rc.outcomes.filter(function (o) { return o.count > 0; });
    chart("outcomes", {
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"],
                 data: outcomes.map(function (o) { return { name: o.title, value: o.count }; }) }]
    }, function (e) { return "outcome:" + outcomes[e.dataIndex].key; });
  }
  var resp = (rep.respondents || []).slice(0, 10);
  chart("respondents", {
    legend: { top: 0 },
    yAxis: { type: "category", inverse: true, data: resp.map(function (r) { return r.name; }) },
    xAxis: { type: "value", minInterval: 1 },
    grid: { left: 10, right: 20, top: 30, bottom: 10, containLabel: true },
    series: [
      { name: label.reply_late, type: "bar", stack: "late", data: resp.map(function (r) { return r.reply_late; }) },
      { name: label.performed_late, type: "bar", stack: "late", data: resp.map(function (r) { return r.performed_late; }) },
      { name: label.notices_open, type: "bar", stack: "late", data: resp.map(function (r) { return r.notices_open; }) }
    ]
  });
  var dl = rep.deadlines || [];
  chart("deadlines", {
    legend: { top: 0 },
    xAxis: { type: "category", data: dl.map(function (r) { return r.title; }), axisLabel: { rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: label.met, type: "bar", stack: "d", data: dl.map(function (r) { return r.met; }) },
      { name: label.late, type: "bar", stack: "d", data: dl.map(function (r) { return r.late; }) }
    ]
  }, function (e) { return (e.seriesIndex === 0 ? "deadline_met:" : "deadline_late:") + dl[e.dataIndex].rule_id; });
  var age = rep.open_by_age || [];
  if (age.length) {
    chart("age", {
      legend: { top: 0 },
      xAxis: { type: "category", data: age[0].buckets.map(function (b) { return b.title; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: age.map(function (k) {
        return { name: k.kind_title, type: "bar", stack: "age", data: k.buckets.map(function (b) { return b.count; }) };
      })
    }, function (e) { return "open_age:" + age[e.seriesIndex].kind + ":" + age[0].buckets[e.dataIndex].key; });
  }
  var tr = rep.trends;
  chart("trends", {
    legend: { top: 0 },
    xAxis: { type: "category", data: tr.months },
    yAxis: { type: "value", minInterval: 1 },
    series: tr.received.map(function (r) { return { name: r.title, type: "line", data: r.counts }; }).concat([
      { name: label.concluded, type: "line", data: tr.concluded },
      { name: label.corrected, type: "line", data: tr.corrected }
    ])
  });
}());
