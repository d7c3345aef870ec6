// Starts govuk-frontend's components (error summary focus, details, radios' conditional reveals, ...).
// Loaded as a module from our own origin: the CSP allows no inline script apart from the template's
// one-line js-enabled flag, which carries the per-request nonce.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// Print buttons (record print view): no inline onclick, so wire them here.
for (const button of document.querySelectorAll("[data-app-print]")) {
  button.addEventListener("click", () => window.print());
}
