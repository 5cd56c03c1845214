// Suggest organisation names while typing, from the shared organisation records, and
// show the entity profile of a listed organisation as soon as the filer picks it.
//
// Every <input list="organisation-names"> is served by the one
// <datalist id="organisation-names"> on the page. The endpoints are read from the
// datalist's data-suggest-url and data-profile-url attributes (defaults
// /organisations/suggest and /profiles/lookup). Options and the profile box are built with
// DOM APIs only: names come from other people's filings and are never HTML.
(function () {
  "use strict";

  var DATALIST_ID = "organisation-names";
  var MIN_CHARS = 2;
  var DELAY_MS = 200;
  var RULE_CLASSES = {
    red_line: "alert-danger",
    review: "alert-warning",
    caution: "alert-info",
  };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // The box under an organisation field that says who the organisation is.
  function profileBox(input) {
    var id = input.id ? input.id + "-profile" : "";
    var box = id ? document.getElementById(id) : null;
    if (!box) {
      box = element("div", "organisation-profile mt-2");
      if (id) {
        box.id = id;
      }
      box.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", box);
      input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
    }
    return box;
  }

  function showProfiles(input, profiles) {
    var box = profileBox(input);
    var nodes = profiles.map(function (profile) {
      var alert = element("div", "alert small mb-2 " + (RULE_CLASSES[profile.rule] || "alert-secondary"));
      alert.setAttribute("role", "status");
      var heading = element("p", "mb-1");
      heading.appendChild(element("strong", "", profile.rule_label + ": "));
      heading.appendChild(document.createTextNode(profile.name + " (" + profile.category + ")"));
      alert.appendChild(heading);
      alert.appendChild(element("p", "mb-1", profile.rule_text));
      if (profile.why) {
        alert.appendChild(element("p", "mb-1", profile.why));
      }
      if (profile.parents.length) {
        alert.appendChild(element("p", "mb-1", "Part of " + profile.parents.join("; ") + "."));
      }
      if (profile.lists.length) {
        alert.appendChild(element("p", "mb-1", "Listed on: " + profile.lists.join("; ") + "."));
      }
      var link = element("a", "alert-link", "Read the full profile");
      link.href = profile.url;
      link.target = "_blank";
      link.rel = "noopener";
      alert.appendChild(link);
      return alert;
    });
    box.replaceChildren.apply(box, nodes);
  }

  function start() {
    var datalist = document.getElementById(DATALIST_ID);
    if (!datalist) {
      return;
    }
    var url = datalist.getAttribute("data-suggest-url") || "/organisations/suggest";
    var profileUrl = datalist.getAttribute("data-profile-url") || "/profiles/lookup";
    var inputs = document.querySelectorAll('input[list="' + DATALIST_ID + '"]');
    var timer = null;
    var pending = null;
    var pendingProfile = null;
    // Name -> organisation record number, from the latest suggestions.
    var suggested = {};

    function lookUpProfile(input) {
      var name = input.value.trim();
      if (pendingProfile) {
        pendingProfile.abort();
      }
      if (name.length < MIN_CHARS) {
        showProfiles(input, []);
        return;
      }
      pendingProfile = new AbortController();
      var address = profileUrl + "?name=" + encodeURIComponent(name);
      if (Object.prototype.hasOwnProperty.call(suggested, name)) {
        address += "&organisation_id=" + encodeURIComponent(suggested[name]);
      }
      fetch(address, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: pendingProfile.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : { profiles: [] };
        })
        .then(function (data) {
          showProfiles(input, Array.isArray(data.profiles) ? data.profiles : []);
        })
        .catch(function (error) {
          // Without a profile the filer can still save; the item is screened on saving.
          if (error.name !== "AbortError") {
            showProfiles(input, []);
          }
        });
    }

    function fill(organisations) {
      suggested = {};
      organisations.forEach(function (organisation) {
        suggested[organisation.name] = organisation.id;
      });
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
      // "change": a suggestion picked, or the field left after typing.
      input.addEventListener("change", function () {
        lookUpProfile(input);
      });
      if (input.value.trim()) {
        lookUpProfile(input);  // editing an item: say who it names straight away
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
