// An import job's progress: reads /api/v1/imports/jobs/{id} every second, updates the bar and the
// status text (announced politely to screen readers), and reloads the page for the result when the
// job ends. Without JavaScript the page reloads itself (<noscript> refresh).
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-job-url]");
  if (!box || !window.fetch) { return; }
  var bar = box.querySelector("progress");
  var status = box.querySelector("[role=status]");
  function tick() {
    window.fetch(box.getAttribute("data-job-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (job) {
        if (bar) { bar.value = job.fraction; bar.textContent = Math.round(job.fraction * 100) + " %"; }
        if (status && status.textContent !== job.message) { status.textContent = job.message; }
        if (job.finished) { window.location.reload(); } else { window.setTimeout(tick, 1000); }
      })
      .catch(function () { window.setTimeout(tick, 3000); });
  }
  window.setTimeout(tick, 1000);
});
