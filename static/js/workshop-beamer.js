/* The beamer's board refreshes itself: every few seconds it asks the server for the
   board (an HTML fragment rendered and escaped by Django) and swaps it in when its
   revision changed. Without JavaScript the page still works with the reload link. */
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board || !window.fetch) {
    return;
  }
  var url = board.getAttribute("data-board-url");
  var interval = parseInt(board.getAttribute("data-interval"), 10) || 2000;
  var live = document.getElementById("board-live");

  function currentRevision() {
    var inner = board.querySelector("[data-revision]");
    return inner ? inner.getAttribute("data-revision") : "";
  }

  function say(key) {
    if (!live) {
      return;
    }
    var text = live.getAttribute(key) || "";
    if (key === "data-ok") {
      text += " " + new Date().toLocaleTimeString();
    }
    live.textContent = text;
  }

  function refresh() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        var revision = response.headers.get("X-Board-Revision");
        if (revision && revision === currentRevision()) {
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (html !== null) {
          var parsed = new DOMParser().parseFromString(html, "text/html");
          var next = parsed.querySelector("[data-revision]");
          if (next) {
            board.replaceChildren(document.importNode(next, true));
          }
        }
        say("data-ok");
      })
      .catch(function () {
        say("data-failed");
      })
      .finally(function () {
        window.setTimeout(refresh, interval);
      });
  }

  window.setTimeout(refresh, interval);
})();
