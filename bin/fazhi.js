#!/usr/bin/env node
// Thin launcher: the CLI lives in the library (dist/cli/main.js); only this file exits.
import { runCli } from "../dist/cli/main.js";

const code = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + "\n"),
  err: (s) => process.stderr.write(s + "\n"),
});
process.exitCode = code;
