// Draws every <div class="chart" data-figure="…"> with the Plotly served by the app itself.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.Plotly) { return; }
  document.querySelectorAll(".chart[data-figure]").forEach(function (el) {
    var fig = JSON.parse(el.getAttribute("data-figure"));
    window.Plotly.newPlot(el, fig.data, fig.layout, { displaylogo: false, responsive: true });
  });
});
