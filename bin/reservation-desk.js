#!/usr/bin/env node
// The `reservation-desk` command. The TypeScript is compiled by `npm install` (the `prepare` script).
require('../dist/src/cli.js')
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`reservation-desk: ${err && err.message ? err.message : err}\n`);
      process.exitCode = 1;
    },
  );
