#!/usr/bin/env node
// Entry of the `go-offline` command. Runs the bundled CLI from dist/cli (built on npm install);
// in a checkout where it is missing, builds it first.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const bundle = join(__dirname, '..', 'dist', 'cli', 'go-offline.cjs');
if (!existsSync(bundle)) {
  const { execFileSync } = require('node:child_process');
  execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });
}
require(bundle);
