// Runs the end-to-end tests one file at a time (each starts its own Worker and
// browser) and removes the demo data they shared (server.mjs) afterwards.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const files = process.argv.slice(2);
const runner = spawn(
  process.execPath,
  ["--test", "--test-concurrency=1", ...(files.length ? files : ["test/e2e/*.test.mjs"])],
  { stdio: "inherit" },
);
runner.on("exit", (code, signal) => {
  rmSync(join(tmpdir(), `paystatus-e2e-demo-of-run-${runner.pid}`), { recursive: true, force: true });
  process.exit(signal ? 1 : (code ?? 1));
});
