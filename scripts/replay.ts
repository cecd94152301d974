/**
 * npm run --silent replay -- FILE.ndjson
 * Reads a scenario (one JSON object per line, in time order) and writes one
 * JSON object per line to stdout: a verdict per report and the episodes.
 * Diagnostics go to stderr only, so stdout stays machine-readable.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { Replay, type ReplayLine, type ScenarioLine } from "../src/detection/replay";

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write("usage: npm run --silent replay -- FILE.ndjson\n");
    process.exit(2);
  }
  const replay = new Replay();
  let buffer: string[] = [];
  const emit = (lines: ReplayLine[]) => {
    for (const l of lines) buffer.push(JSON.stringify(l));
    if (buffer.length >= 4096) flush();
  };
  const flush = () => {
    if (buffer.length) process.stdout.write(`${buffer.join("\n")}\n`);
    buffer = [];
  };

  const input = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const raw of input) {
    lineNo++;
    const text = raw.trim();
    if (!text) continue;
    let line: ScenarioLine;
    try {
      line = JSON.parse(text) as ScenarioLine;
    } catch {
      process.stderr.write(`line ${lineNo}: not JSON, skipped\n`);
      continue;
    }
    emit(replay.push(line));
  }
  emit(replay.finish());
  flush();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
