/**
 * `npm run bench -- <name> [--out FILE]`: run one benchmark, print its table, write its JSON to FILE.
 * Each benchmark is a module bench/<name>.ts exporting `run(args): Promise<object>`.
 */
import { writeFileSync } from 'node:fs';

const [name, ...rest] = process.argv.slice(2);
const known = ['sandbox', 'terminal', 'vm'];
if (!name || !known.includes(name)) {
  console.error(`usage: npm run bench -- <${known.join('|')}> [--out FILE]`);
  process.exit(2);
}
const outIndex = rest.indexOf('--out');
const out = outIndex >= 0 ? rest[outIndex + 1] : undefined;
const mod = (await import(`./${name}.ts`)) as { run(args: string[]): Promise<object> };
const result = await mod.run(rest);
if (out) {
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nJSON written to ${out}`);
}
process.exit(0);
