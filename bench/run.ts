/**
 * `npm run bench -- <name> [--out FILE]`: runs bench/<name>.ts, whose `run(args)` prints its own table
 * and returns its figures; with --out they are written there as JSON. Nothing else lives here.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const [name, ...rest] = process.argv.slice(2);
const outAt = rest.indexOf('--out');
const out = outAt >= 0 ? rest[outAt + 1] : undefined;
const args = outAt >= 0 ? rest.filter((_, i) => i !== outAt && i !== outAt + 1) : rest;
const file = new URL(`./${name}.ts`, import.meta.url);

if (!name || !/^[a-z][a-z0-9-]*$/.test(name) || name === 'run' || !existsSync(file)) {
  console.error(`usage: npm run bench -- <name> [--out FILE]   (name: a module in bench/, e.g. terminal)`);
  process.exit(2);
}
if (outAt >= 0 && !out) {
  console.error('--out needs a file name');
  process.exit(2);
}
const bench = (await import(file.href)) as { run(args: string[]): Promise<unknown> };
const figures = await bench.run(args);
if (out) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(figures, null, 2) + '\n');
  console.log(`figures written to ${out}`);
}
// Bench modules may leave sockets or timers behind; the figures are written, so end here.
process.exit(0);
