// The hand-written declarations accept what the README shows and refuse misuse; the JSDoc of the sources
// type-checks under strict rules. (TypeScript is a development dependency only.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

function check(project) {
  try {
    execFileSync(process.execPath, [tsc, "-p", project], { cwd: here, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    assert.fail(`tsc -p ${project}:\n${e.stdout}${e.stderr}`);
  }
}

test("index.d.ts and react.d.ts type a real usage and refuse misuse", () => check("types/tsconfig.json"));

test("the JSDoc types of the sources check under strict rules", () => check("types/tsconfig.src.json"));
