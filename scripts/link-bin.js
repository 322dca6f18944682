#!/usr/bin/env node
// npm links the bins of dependencies, not the project's own; link ours so `npx reservation-desk` works in
// the repository after `npm ci` without fetching anything. Runs from the `prepare` script.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const binDir = path.join(root, 'node_modules', '.bin');
const link = path.join(binDir, 'reservation-desk');
fs.mkdirSync(binDir, { recursive: true });
fs.rmSync(link, { force: true });
fs.symlinkSync(path.relative(binDir, path.join(root, 'bin', 'reservation-desk.js')), link);
