// Every node serves this package at /client/ so that a page imports it without a bundler; what it serves is
// exactly client-js/src (the server build copies it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { baseUrl, noServer } from "./server.js";

const src = fileURLToPath(new URL("../../src/", import.meta.url));

test("the node serves every module of the package at /client/, as JavaScript, unchanged", { skip: noServer }, async () => {
  const modules = readdirSync(src).filter((f) => f.endsWith(".js") || f.endsWith(".d.ts"));
  assert.ok(modules.includes("index.js") && modules.includes("react.js"));
  for (const file of modules) {
    const r = await fetch(`${baseUrl}/client/${file}`);
    assert.equal(r.status, 200, file);
    if (file.endsWith(".js") && !file.endsWith(".d.ts")) assert.match(r.headers.get("content-type"), /javascript/, file);
    assert.equal(await r.text(), readFileSync(src + file, "utf8"), `/client/${file} differs from client-js/src: rebuild the server`);
  }
});

test("only the sources are served, not the package's other files", { skip: noServer }, async () => {
  assert.equal((await fetch(`${baseUrl}/client/package.json`)).status, 404);
  assert.equal((await fetch(`${baseUrl}/client/README.md`)).status, 404);
});
