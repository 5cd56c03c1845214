// Suggest organisation names while typing, from the shared organisation records.
//
// Every <input list="organisation-names"> is served by the one
// <datalist id="organisation-names"> on the page. The endpoint is read from the
// datalist's data-suggest-url attribute (default /organisations/suggest). Options are
// built with DOM APIs only: names come from other people's filings and are never HTML.
(function () {
  "use strict";

  var DATALIST_ID = "organisation-names";
  var MIN_CHARS = 2;
  var DELAY_MS = 200;

  function start() {
    var datalist = document.getElementById(DATALIST_ID);
    if (!datalist) {
      return;
    }
    var url = datalist.getAttribute("data-suggest-url") || "/organisations/suggest";
    var inputs = document.querySelectorAll('input[list="' + DATALIST_ID + '"]');
    var timer = null;
    var pending = null;

    function fill(organisations) {
      var options = organisations.map(function (organisation) {
        var option = document.createElement("option");
        option.value = organisation.name;
        return option;
      });
      datalist.replaceChildren.apply(datalist, options);
    }

    function lookUp(text) {
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      var address = url + "?q=" + encodeURIComponent(text);
      fetch(address, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: pending.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (organisations) {
          fill(Array.isArray(organisations) ? organisations : []);
        })
        .catch(function (error) {
          // A superseded request is aborted on purpose; anything else just means no
          // suggestions, and the filer can still type the name in full.
          if (error.name !== "AbortError") {
            fill([]);
          }
        });
    }

    function onInput(event) {
      var text = event.target.value.trim();
      window.clearTimeout(timer);
      if (text.length < MIN_CHARS) {
        if (pending) {
          pending.abort();
        }
        fill([]);
        return;
      }
      timer = window.setTimeout(function () {
        lookUp(text);
      }, DELAY_MS);
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", onInput);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
