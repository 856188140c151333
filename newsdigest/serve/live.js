/* newsdigest serve: reloads the page after each good build and shows a failed build's problems.
   Injected into HTML responses by the preview server only; never written into the site. */
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : null;
  var OVERLAY_ID = "newsdigest-problems";

  function text(tag, content, className) {
    var node = document.createElement(tag);
    node.textContent = content;
    if (className) node.className = className;
    return node;
  }

  function where(problem) {
    var place = problem.path + (problem.line ? ":" + problem.line : "");
    return place + ":" + (problem.severity === "warning" ? " warning:" : "") +
      (problem.field ? " " + problem.field + ":" : "");
  }

  function hide() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.parentNode.removeChild(old);
  }

  function show(problems) {
    hide();
    var box = document.createElement("section");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", OVERLAY_ID + "-title");
    box.appendChild(text("h2", "The last save has problems. This page shows the last good build.",
                         "nd-title")).id = OVERLAY_ID + "-title";
    var list = document.createElement("ul");
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.appendChild(text("code", where(problem), "nd-where"));
      item.appendChild(document.createTextNode(" " + problem.message));
      if (problem.hint) item.appendChild(text("span", " (" + problem.hint + ")", "nd-hint"));
      list.appendChild(item);
    });
    box.appendChild(list);
    box.appendChild(text("p", "Fix the file and save: this page reloads by itself.", "nd-note"));
    var close = text("button", "Hide", "nd-hide");
    close.type = "button";
    close.addEventListener("click", hide);
    box.appendChild(close);
    document.body.appendChild(box);
  }

  var style = document.createElement("style");
  style.textContent =
    "#" + OVERLAY_ID + "{position:fixed;z-index:2147483647;left:0;right:0;bottom:0;" +
    "max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#1b1b1b;" +
    "color:#fff;font:15px/1.5 system-ui,sans-serif;border-top:4px solid #ff6b6b;" +
    "box-shadow:0 -2px 12px rgba(0,0,0,.5)}" +
    "#" + OVERLAY_ID + " h2{margin:0 0 .5rem;font-size:1.05rem;color:#fff}" +
    "#" + OVERLAY_ID + " ul{margin:0;padding-left:1.25rem}" +
    "#" + OVERLAY_ID + " code{color:#ffd27a;font:14px/1.5 ui-monospace,monospace}" +
    "#" + OVERLAY_ID + " .nd-hint,#" + OVERLAY_ID + " .nd-note{color:#ddd}" +
    "#" + OVERLAY_ID + " button{font:inherit;color:#1b1b1b;background:#fff;border:0;" +
    "padding:.25rem .75rem;border-radius:3px;cursor:pointer}" +
    "#" + OVERLAY_ID + " button:focus{outline:3px solid #ffd27a;outline-offset:2px}";
  document.head.appendChild(style);

  var source = new EventSource("/__newsdigest/events");
  source.addEventListener("reload", function (event) {
    var data = JSON.parse(event.data);
    if (String(data.build) !== build) {
      window.location.reload();
    } else {
      hide();
    }
  });
  source.addEventListener("problems", function (event) {
    show(JSON.parse(event.data));
  });
})();
