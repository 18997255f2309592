/**
 * The editor's API with a real engine: list, read and write a learner's files in their shell sandbox, as the
 * learner, through exec; a file changed meanwhile is a 409, never overwritten; refusals are sentences (outside the
 * home, a link leading out, binary, too large); another learner (and a foreign Origin) cannot touch them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fileUrl, filesUrl } from '../../server/contracts/files.ts';
import type { LessonManifest } from '../../server/contracts/manifest.ts';
import { startBoxlab, TWO_LESSONS, type RunningBoxlab } from '../helpers/boxlab.ts';
import { newLearnerCookie } from '../helpers/terminal-client.ts';

const started: RunningBoxlab[] = [];
afterAll(async () => {
  for (const b of started) await b.destroy();
});
const learnerOf = (cookie: string) => cookie.split('=')[1]!.split('.')[0]!;
const LESSON = 'test/one';

describe('the editor API', () => {
  it('lists, reads and writes; refuses a stale version, paths out, links out, binary, too large, other learners', async () => {
    const box = await startBoxlab({}, undefined, TWO_LESSONS);
    started.push(box);
    const cookie = await newLearnerCookie(box.baseUrl);
    const get = (url: string, c = cookie) => fetch(`${box.baseUrl}${url}`, { headers: { cookie: c } });
    const put = (body: unknown, c = cookie, origin = box.baseUrl) =>
      fetch(`${box.baseUrl}${fileUrl(LESSON)}`, { method: 'PUT', headers: { cookie: c, origin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

    const none = await get(fileUrl(LESSON, '~/x'));
    expect(none.status).toBe(409);
    expect(await message(none)).toMatch(/no sandbox for this lesson/);

    const sandbox = await box.boxlab.manager.acquire(learnerOf(cookie), LESSON, 'shell');
    const sh = async (cmd: string) => {
      const done = await box.runtime.exec(sandbox.id, { cmd: ['sh', '-c', cmd], user: 'learner', timeoutMs: 10_000 });
      expect(done.exitCode, done.output).toBe(0);
      return done.output;
    };
    await sh(
      'mkdir -p ~/app && printf "FROM debian\\n" > ~/app/Dockerfile && chmod 640 ~/app/Dockerfile && ln -s /etc/passwd ~/out && ln -s app ~/inside && printf "a\\0b" > ~/bin.dat && head -c 1100000 /dev/zero | tr "\\0" a > ~/big.txt',
    );

    // List one level: folders first, names, types, sizes.
    const listing = await (await get(filesUrl(LESSON, '~'))).json();
    expect(listing.path).toBe('~');
    expect(listing.entries[0]).toMatchObject({ name: 'app', type: 'dir' });
    expect(listing.entries).toEqual(expect.arrayContaining([{ name: 'out', type: 'link', size: expect.any(Number) }, { name: 'big.txt', type: 'file', size: 1100000 }]));

    // Read: text and its version.
    const read = await (await get(fileUrl(LESSON, '~/app/Dockerfile'))).json();
    expect(read).toMatchObject({ path: '~/app/Dockerfile', content: 'FROM debian\n', version: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // A link inside the home is followed, and answered by where it leads.
    expect((await (await get(fileUrl(LESSON, 'inside/Dockerfile'))).json()).path).toBe('~/app/Dockerfile');

    // Write with that version: saved in place (the same inode, so a container bind-mounting the file sees it),
    // mode kept, no file left beside it, readable in the sandbox.
    const inode = await sh('stat -c %i ~/app/Dockerfile');
    const saved = await put({ path: '~/app/Dockerfile', content: 'FROM debian:13\nRUN echo ✓\n', version: read.version });
    expect(saved.status).toBe(200);
    const written = await saved.json();
    expect(written.version).not.toBe(read.version);
    expect(await sh('cat ~/app/Dockerfile; stat -c %a ~/app/Dockerfile; ls -a ~/app')).toBe('FROM debian:13\nRUN echo ✓\n640\n.\n..\nDockerfile\n');
    expect(await sh('stat -c %i ~/app/Dockerfile')).toBe(inode);

    // Changed in the terminal meanwhile: 409 with a sentence, the file untouched; overwriting needs the new version.
    await sh('echo x >> ~/app/Dockerfile');
    const stale = await put({ path: '~/app/Dockerfile', content: 'mine\n', version: written.version });
    expect(stale.status).toBe(409);
    expect(await message(stale)).toMatch(/changed in your sandbox since you opened it.*Reload.*overwrite/);
    expect(await sh('tail -n1 ~/app/Dockerfile')).toBe('x\n');
    const fresh = await (await get(fileUrl(LESSON, '~/app/Dockerfile'))).json();
    expect((await put({ path: '~/app/Dockerfile', content: 'mine\n', version: fresh.version })).status).toBe(200);
    expect(await sh('cat ~/app/Dockerfile')).toBe('mine\n');

    // A new file: absent, then created; a second "absent" save finds it there.
    const absent = await (await get(fileUrl(LESSON, '~/app/new.py'))).json();
    expect(absent).toMatchObject({ content: '', version: 'absent' });
    expect((await put({ path: '~/app/new.py', content: 'print(1)\n', version: 'absent' })).status).toBe(200);
    expect((await put({ path: '~/app/new.py', content: 'print(2)\n', version: 'absent' })).status).toBe(409);

    // Refusals, each a sentence.
    const refused = async (res: Response, pattern: RegExp) => {
      expect(res.status).toBe(422);
      expect(await message(res)).toMatch(pattern);
    };
    await refused(await get(fileUrl(LESSON, '/etc/passwd')), /outside your home folder/);
    await refused(await get(fileUrl(LESSON, '~/../../etc/passwd')), /“\.\.”/);
    await refused(await get(fileUrl(LESSON, '~/out')), /a link .* leads out of your home folder, to \/etc\/passwd/);
    await refused(await put({ path: '~/out', content: 'x', version: 'absent' }), /leads out/);
    await refused(await get(fileUrl(LESSON, '~/bin.dat')), /binary file/);
    await refused(await get(fileUrl(LESSON, '~/big.txt')), /more than the 1\.0 MiB the editor opens/);
    await refused(await get(fileUrl(LESSON, '~/app')), /a folder/);
    expect((await get(fileUrl(LESSON, '~/x\u0000y'))).status).toBe(400);
    // The size limit on saving: 1 MiB of text goes through (and reads back), a byte more is refused.
    const mib = 'a'.repeat(1024 * 1024);
    expect((await put({ path: '~/full.txt', content: mib, version: 'absent' })).status).toBe(200);
    expect((await (await get(fileUrl(LESSON, '~/full.txt'))).json()).content).toHaveLength(1024 * 1024);
    await refused(await put({ path: '~/wide.txt', content: '✓'.repeat(400_000), version: 'absent' }), /holds 1\.1 MiB, more than the 1\.0 MiB/);
    expect((await put({ path: '~/long.txt', content: `${mib}a`, version: 'absent' })).status).toBe(400);
    expect(await sh('cat /etc/passwd | head -c 4')).toBe('root');

    // Another learner has no sandbox here and cannot reach this one's; no cookie, no access; a foreign Origin cannot write.
    const other = await newLearnerCookie(box.baseUrl);
    expect((await get(fileUrl(LESSON, '~/app/Dockerfile'), other)).status).toBe(409);
    expect((await put({ path: '~/app/Dockerfile', content: 'theirs', version: 'absent' }, other)).status).toBe(409);
    expect((await fetch(`${box.baseUrl}${fileUrl(LESSON, '~/app/Dockerfile')}`)).status).toBe(401);
    expect((await put({ path: '~/app/Dockerfile', content: 'evil', version: fresh.version }, cookie, 'https://evil.example')).status).toBe(403);
    expect((await get(fileUrl('no/such-lesson', '~/x'))).status).toBe(404);
    expect(await sh('cat ~/app/Dockerfile')).toBe('mine\n');
  });
});

describe('the editor in a lab', () => {
  const LAB: LessonManifest = {
    version: 1,
    lessons: [{ id: 'test/lab', title: 'lab', profile: 'shell', network: 'isolated', nodes: ['alpha', 'beta'], dir: 'tests/fixtures', exercises: [] }],
  };
  it('reads and writes the files of the node asked for, and only that one', async () => {
    const box = await startBoxlab({ BOXLAB_POOL_SHELL: '0', BOXLAB_MAX_PER_LEARNER: '2' }, undefined, LAB);
    started.push(box);
    const cookie = await newLearnerCookie(box.baseUrl);
    const [alpha, beta] = await box.boxlab.manager.acquireLab(learnerOf(cookie), 'test/lab', 'shell', ['alpha', 'beta']);
    const cat = async (id: string) => (await box.runtime.exec(id, { cmd: ['sh', '-c', 'cat ~/n.txt 2>&1 || true'], user: 'learner', timeoutMs: 10_000 })).output;
    const put = (node: string, content: string) =>
      fetch(`${box.baseUrl}${fileUrl('test/lab')}`, {
        method: 'PUT',
        headers: { cookie, origin: box.baseUrl, 'content-type': 'application/json' },
        body: JSON.stringify({ path: '~/n.txt', content, version: 'absent', node }),
      });
    expect((await put('beta', 'on beta\n')).status).toBe(200);
    expect(await cat(beta!.id)).toBe('on beta\n');
    expect(await cat(alpha!.id)).toMatch(/No such file/);
    expect((await (await fetch(`${box.baseUrl}${fileUrl('test/lab', '~/n.txt', 'beta')}`, { headers: { cookie } })).json()).content).toBe('on beta\n');
    expect((await (await fetch(`${box.baseUrl}${fileUrl('test/lab', '~/n.txt', 'alpha')}`, { headers: { cookie } })).json()).version).toBe('absent');
    expect((await fetch(`${box.baseUrl}${fileUrl('test/lab', '~/n.txt', 'gamma')}`, { headers: { cookie } })).status).toBe(409);
  });
});
