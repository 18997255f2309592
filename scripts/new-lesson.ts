/**
 * `npm run new:lesson -- <course> <slug>`: scaffold a lesson folder under content/ with a starter
 * exercise (check, solution, cheats, setup) that lesson CI passes as it is. Refuses to overwrite anything.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { planLesson } from './lesson-template.ts';

const ROOT = 'content';
const dirs = (path: string) => (existsSync(path) ? readdirSync(path).filter((n) => statSync(join(path, n)).isDirectory()).sort() : []);

const [course, slug] = process.argv.slice(2);
if (!course || !slug) {
  console.error('Usage: npm run new:lesson -- <course> <slug>   e.g. npm run new:lesson -- containers namespaces');
  process.exit(2);
}
try {
  const plan = planLesson(dirs(ROOT), (c) => dirs(join(ROOT, c)), course, slug);
  const base = join(ROOT, plan.dir);
  for (const [file, text] of Object.entries(plan.files)) {
    const path = join(base, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { flag: 'wx' });
  }
  console.log(`Created ${base}/ (${Object.keys(plan.files).join(', ')}).\nNext: npm run dev, open the lesson, then npm run test:lessons. See docs/authoring.md.`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
