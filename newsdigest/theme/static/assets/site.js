// newsdigest: "Updated 3 days ago" in the page's language as of when the reader looks (the
// absolute date stays as the text without JavaScript), the copy-link button, and video embeds
// that load from YouTube or Vimeo only once the reader presses play.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  var units = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
               ["hour", 3600], ["minute", 60], ["second", 1]];
  var format = window.Intl && Intl.RelativeTimeFormat ?
    new Intl.RelativeTimeFormat(lang, {numeric: "auto"}) : null;

  function ago(then, now) {
    var seconds = Math.max(0, Math.round((now - then) / 1000));
    for (var i = 0; i < units.length; i++) {
      var n = Math.floor(seconds / units[i][1]);
      if (n >= 1 || units[i][0] === "second") {
        return format.format(-n, units[i][0]);
      }
    }
    return "";
  }

  function refresh() {
    if (!format) { return; }
    var times = document.querySelectorAll("time[data-relative]");
    for (var i = 0; i < times.length; i++) {
      var el = times[i];
      var then = Date.parse(el.getAttribute("datetime"));
      if (isNaN(then)) { continue; }
      if (!el.title) { el.title = el.textContent; }
      el.textContent = ago(then, Date.now());
    }
  }

  function copyLinks() {
    var links = document.querySelectorAll("a[data-copy-link]");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function (event) {
        if (!navigator.clipboard) { return; }
        event.preventDefault();
        var link = this;
        var status = document.querySelector(".copy-status");
        navigator.clipboard.writeText(link.href).then(function () {
          if (status) { status.textContent = link.getAttribute("data-copied"); }
        }, function () {
          if (status) { status.textContent = link.getAttribute("data-copy-failed") + " " + link.href; }
        });
      });
    }
  }

  function embeds() {
    var players = document.querySelectorAll(".player[data-embed]");
    for (var i = 0; i < players.length; i++) {
      players[i].querySelector("a.play").addEventListener("click", function (event) {
        event.preventDefault();
        var player = this.parentNode;
        var frame = document.createElement("iframe");
        frame.src = player.getAttribute("data-embed");
        frame.title = player.getAttribute("data-title");
        frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
        frame.allowFullscreen = true;
        player.replaceChild(frame, this);
        frame.focus();
      });
    }
  }

  refresh();
  copyLinks();
  embeds();
  setInterval(refresh, 60000);
}());
