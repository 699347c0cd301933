// Starts reveal.js on the exported slides. It runs after reveal.js and its notes plugin are inlined
// above it, so everything it needs is already defined; nothing is fetched.
//
// An experiment panel keeps its settings in the URL hash beside reveal's slide position, parts
// joined by "|": #/3/1|training:lr=0.5&epochs=10… The plugin below lets reveal read and write only
// its own part and keeps the panels' parts, so a link with both opens that slide with those
// settings; a link with a panel's part alone opens the slide of that panel.
(function () {
  var Reveal = window.Reveal;
  var isPanelPart = function (part) {
    return /^[A-Za-z][\w.-]*:/.test(part);
  };
  var split = function (hash) {
    var parts = String(hash || "")
      .replace(/^#/, "")
      .split("|");
    return {
      slide: parts.filter(function (p) {
        return p !== "" && !isPanelPart(p);
      })[0],
      panels: parts.filter(isPanelPart),
    };
  };
  var panelHash = {
    id: "backprop-lab-hash",
    init: function (deck) {
      var loc = deck.location;
      if (!loc || !loc.getIndicesFromHash || !loc.replaceState) return;
      var read = loc.getIndicesFromHash.bind(loc);
      loc.getIndicesFromHash = function (hash, options) {
        var slide = split(hash === undefined ? window.location.hash : hash).slide;
        return read("#" + (slide || ""), options);
      };
      var replace = loc.replaceState.bind(loc);
      loc.replaceState = function (url) {
        var panels = split(window.location.hash).panels;
        if (panels.length === 0) return replace(url);
        var at = url.indexOf("#");
        var base = at === -1 ? url : url.slice(0, at);
        var slide = at === -1 ? "" : url.slice(at + 1);
        return replace(base + "#" + (slide ? [slide] : []).concat(panels).join("|"));
      };
    },
  };
  Reveal.initialize({
    hash: true,
    controls: true,
    progress: true,
    slideNumber: "c/t",
    center: false,
    transition: "slide",
    // Room for a code cell and an 800 × 400 chart below it.
    width: 1200,
    height: 820,
    margin: 0.03,
    // Keys typed into an experiment panel (arrows in its number fields and menus) stay there.
    keyboardCondition: function () {
      var focused = document.activeElement;
      return !(focused && focused.closest && focused.closest(".bpl-experiment"));
    },
    plugins: [panelHash].concat(window.RevealNotes ? [window.RevealNotes] : []),
  });
  Reveal.on("ready", function () {
    var hash = split(window.location.hash);
    if (hash.slide || hash.panels.length === 0) return;
    var name = hash.panels[0].split(":")[0];
    var panel = Array.prototype.find.call(document.querySelectorAll(".bpl-experiment"), function (el) {
      return (el.getAttribute("data-key") || el.getAttribute("data-experiment")) === name;
    });
    var slide = panel && panel.closest("section");
    if (slide) {
      var at = Reveal.getIndices(slide);
      Reveal.slide(at.h, at.v);
    }
  });
})();
