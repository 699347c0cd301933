// Starts reveal.js on the exported slides. It runs after reveal.js, its notes plugin and plotly.js
// are inlined above it, so everything it needs is already defined; nothing is fetched.
(function () {
  var Reveal = window.Reveal;
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
    plugins: window.RevealNotes ? [window.RevealNotes] : [],
  });
})();
