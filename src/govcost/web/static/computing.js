// A page whose optimisation findings are being computed: asks /api/v1/findings/status every two
// seconds and reloads the page once they are ready. Without JavaScript the page reloads itself
// (<noscript> refresh).
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-ready-url]");
  if (!box || !window.fetch) { return; }
  function tick() {
    window.fetch(box.getAttribute("data-ready-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (answer) {
        if (answer.ready) { window.location.reload(); } else { window.setTimeout(tick, 2000); }
      })
      .catch(function () { window.setTimeout(tick, 5000); });
  }
  window.setTimeout(tick, 2000);
});
