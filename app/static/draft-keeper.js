/* Keeps what a person types into an item form in this browser tab until the server has
 * taken it. If the session has timed out, the post is bounced to the sign-in page and the
 * typing would be lost; after signing in, the person is sent back to the same form and
 * the typed values are restored. Loaded on every page as a file: no inline script. */
(function () {
  "use strict";
  if (!window.sessionStorage) { return; }
  var PREFIX = "candor-draft:";
  var form = document.querySelector("form[data-draft-key]");
  var onLoginPage = document.querySelector("form[data-login]") !== null;
  var formKey = form ? PREFIX + form.getAttribute("data-draft-key") : null;

  // A draft that was submitted and did not come back (as a login page or as this same
  // form) was saved by the server: forget it.
  if (!onLoginPage) {
    Object.keys(sessionStorage).forEach(function (key) {
      if (key.indexOf(PREFIX) !== 0 || key === formKey) { return; }
      var entry = JSON.parse(sessionStorage.getItem(key) || "{}");
      if (entry.submitted) { sessionStorage.removeItem(key); }
    });
  }
  if (!form) { return; }

  var fields = form.querySelectorAll("input:not([type=hidden]):not([type=file]):not([type=submit]), select, textarea");

  function save(submitted) {
    var values = {};
    fields.forEach(function (field) {
      values[field.name] = field.type === "checkbox" ? field.checked : field.value;
    });
    sessionStorage.setItem(formKey, JSON.stringify({ values: values, submitted: submitted }));
  }

  var stored = JSON.parse(sessionStorage.getItem(formKey) || "null");
  var serverHasInput = form.querySelector(".is-invalid") !== null;
  if (stored && stored.submitted && !serverHasInput) {
    var restored = false;
    fields.forEach(function (field) {
      if (!(field.name in stored.values)) { return; }
      var value = stored.values[field.name];
      if (field.type === "checkbox") {
        restored = restored || field.checked !== value;
        field.checked = value;
      } else if (field.value !== value) {
        field.value = value;
        restored = true;
      }
    });
    if (restored) {
      var note = document.createElement("div");
      note.className = "alert alert-info";
      note.setAttribute("role", "status");
      note.textContent = "Your session had ended before this form was saved. " +
        "What you typed has been restored: review it and save again.";
      form.prepend(note);
    }
  }
  form.addEventListener("input", function () { save(false); });
  form.addEventListener("submit", function () { save(true); });
})();
