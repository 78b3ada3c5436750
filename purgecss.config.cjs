// The one stylesheet the pages load (static/vendor/site.css, built by `make` through
// participation/site/assets.py): KERN, its grid, the fonts and the app's own rules, less every
// selector no template and no Python module can produce.
module.exports = {
  css: [
    "static/vendor/kern/kern.min.css",
    "static/vendor/kern/kern-grid.min.css",
    "static/vendor/fira-sans.css",
    "static/css/fonts.css",
    "static/css/app.css",
  ],
  // Classes written in templates and built in Python (e.g. a badge's tone).
  content: ["templates/**/*.html", "participation/**/*.py"],
  // Custom properties no kept rule reads go too; every @font-face stays (fira-sans.css and
  // fonts.css declare only the faces the pages use).
  variables: true,
  fontFace: false,
  keyframes: true,
  // Selectors on the class attribute stay (KERN's grid and levels test it).
  dynamicAttributes: ["class"],
  safelist: {
    // Class names a template puts together from a prefix and a value.
    greedy: [
      /^kern-badge--/,
      /^kern-btn--/,
      /^kern-alert--/,
      /^merge-pair__/,
      /^diff-section--/,
      /^comment--depth-/,
      /^chart__bar--/,
      /^chart-legend__swatch--/,
      // htmx sets these while it requests, swaps and settles.
      /^htmx-/,
    ],
    // Every selector with :not() stays: PurgeCSS 8 drops `:is(…):not(…)` whole, and that is
    // where KERN sets the colours every component reads
    // (`:is(body, .kern-light, …):not([class*=kern-level-])`).
    standard: [/^:root$/, /^html$/, /^body$/, /^:not$/],
  },
};
