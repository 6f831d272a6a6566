// Draws every <div class="chart" data-figure="…"> with the Plotly served by the app itself, on a white
// background, with text in the page's ink and traces without a colour of their own in COLORWAY: each
// colour at least 3:1 against the background (WCAG 2.1, 1.4.11), the text 4.5:1 (1.4.3).
// Other chart colours: src/govcost/web/colours.py.
var COLORWAY = ["#0b4f8a", "#b35900", "#1a6b00", "#a4001d", "#6a3d9a", "#00626f", "#6b5200", "#4a4a4a"];
var BASE_LAYOUT = { colorway: COLORWAY, paper_bgcolor: "#ffffff", plot_bgcolor: "#ffffff", font: { color: "#1a1a1a" } };

document.addEventListener("DOMContentLoaded", function () {
  if (!window.Plotly) { return; }
  document.querySelectorAll(".chart[data-figure]").forEach(function (el) {
    var fig = JSON.parse(el.getAttribute("data-figure"));
    var layout = Object.assign({}, BASE_LAYOUT, fig.layout || {});
    window.Plotly.newPlot(el, fig.data, layout, { displaylogo: false, responsive: true });
  });
});
