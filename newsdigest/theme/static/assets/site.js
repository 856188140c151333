// newsdigest: "Updated N days ago" as of when the reader looks, and the copy-link button.
(function () {
  "use strict";
  var units = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
               ["hour", 3600], ["minute", 60]];

  function ago(then, now) {
    var seconds = Math.round((now - then) / 1000);
    if (seconds < 60) { return "just now"; }
    for (var i = 0; i < units.length; i++) {
      var n = Math.floor(seconds / units[i][1]);
      if (n >= 1) {
        return n.toLocaleString("en-US") + " " + units[i][0] + (n === 1 ? "" : "s") + " ago";
      }
    }
    return "just now";
  }

  function refresh() {
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
        var status = document.querySelector(".copy-status");
        navigator.clipboard.writeText(this.href).then(function () {
          if (status) { status.textContent = "Link copied"; }
        }, function () {
          if (status) { status.textContent = "Could not copy; the link is: " + location.href; }
        });
      });
    }
  }

  refresh();
  copyLinks();
  setInterval(refresh, 60000);
}());
