// Builds web/static/govuk/ from the pinned govuk-frontend: our Sass (system fonts, no GOV.UK branding)
// and govuk-frontend's ES module. Fonts and GOV.UK images are deliberately not copied.
// Run: cd web/assets && npm ci && npm run build   (the output is committed, so `make run` needs no npm)
import { compile, NodePackageImporter } from "sass";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static", "govuk");
const dist = join(here, "node_modules", "govuk-frontend", "dist", "govuk");
mkdirSync(out, { recursive: true });

const css = compile(join(here, "scss", "app.scss"), {
  importers: [new NodePackageImporter(here)],
  style: "compressed",
  // govuk-frontend 6 still uses a few deprecated Sass features internally; they are not ours to fix.
  quietDeps: true,
}).css;
if (css.includes("GDS Transport")) {
  throw new Error("GDS Transport found in the CSS: it is licensed for GOV.UK only");
}
writeFileSync(join(out, "app.css"), css + "\n");

// The source map is not shipped, so drop the comment pointing at it (it would only cause 404s).
const js = readFileSync(join(dist, "govuk-frontend.min.js"), "utf8").replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
writeFileSync(join(out, "govuk-frontend.min.js"), js);
const version = JSON.parse(readFileSync(join(here, "node_modules", "govuk-frontend", "package.json"))).version;
// The sources' hash lets the test suite notice a stylesheet edited without a rebuild (no npm needed).
const sources = createHash("sha256");
for (const file of ["scss/app.scss", "build.mjs", "package.json"]) {
  sources.update(readFileSync(join(here, file)));
}
writeFileSync(join(out, "VERSION"), `govuk-frontend ${version}\nsources sha256 ${sources.digest("hex")}\n`);
console.log(`built ${out} from govuk-frontend ${version} (${css.length} bytes of CSS)`);
