// newsdigest: embeds (YouTube, maps, charts...) load only when the reader asks. Until then the
// page makes no request to the embed's host: a story shows a link to it and, with this script,
// a button that puts the iframe in its place.
(function () {
  "use strict";
  function load(figure) {
    var frame = document.createElement("iframe");
    frame.src = figure.getAttribute("data-embed-src");
    frame.title = figure.getAttribute("data-embed-title") || "Embedded content";
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    var width = Number(figure.getAttribute("data-embed-width"));
    var height = Number(figure.getAttribute("data-embed-height"));
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.aspectRatio = width && height ? width + " / " + height : "16 / 9";
    figure.insertBefore(frame, figure.firstChild);
    var button = figure.querySelector(".embed-load");
    if (button) { button.hidden = true; }
    frame.focus();
  }
  var figures = document.querySelectorAll("figure.embed[data-embed-src]");
  for (var i = 0; i < figures.length; i++) {
    var button = figures[i].querySelector(".embed-load");
    if (!button) { continue; }
    button.hidden = false;
    button.addEventListener("click", load.bind(null, figures[i]));
  }
}());
