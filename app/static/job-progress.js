// Keeps a job's progress bar current: polls the job's JSON status and, once the job has
// finished, reloads the page so it shows the download or the reason it failed.
// A file of its own because the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var POLL_MS = 1000;

  function show(box, status) {
    var bar = box.querySelector("[role=progressbar]");
    var fill = bar.querySelector(".progress-bar");
    bar.setAttribute("aria-valuenow", String(status.progress));
    fill.style.width = status.progress + "%";
    fill.textContent = status.progress + "%";
    box.querySelector(".job-state").textContent = status.state_label;
    box.querySelector(".job-message").textContent = status.message;
  }

  function follow(box) {
    var url = box.getAttribute("data-job-status-url");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("status " + response.status); }
          return response.json();
        })
        .then(function (status) {
          show(box, status);
          if (status.finished) {
            window.location.reload();
          } else {
            window.setTimeout(poll, POLL_MS);
          }
        })
        .catch(function () { window.setTimeout(poll, POLL_MS * 5); });
    }
    window.setTimeout(poll, POLL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-job-status-url]").forEach(follow);
  });
})();
