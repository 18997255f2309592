import { describe, expect, it } from 'vitest';
import { homePath, parseListing, resolvedInHome, shownPath, sizeAllowed, textOf } from '../../server/sandbox/file-access.ts';
import { fileOfTar } from '../../server/sandbox/file-io.ts';
import { fileEntry, endOfArchive } from '../../server/sandbox/tar-pieces.ts';

const HOME = '/home/learner';
const value = <T>(r: { ok: true; value: T } | { ok: false; refusal: string }) => (r.ok ? r.value : `refused: ${r.refusal}`);

describe('paths in the home', () => {
  it('reads ~/, relative and absolute paths into the home', () => {
    expect(value(homePath('~/app/Dockerfile', HOME))).toBe('/home/learner/app/Dockerfile');
    expect(value(homePath('app/./x.py', HOME))).toBe('/home/learner/app/x.py');
    expect(value(homePath('/home/learner/a', HOME))).toBe('/home/learner/a');
    expect(value(homePath('~', HOME))).toBe(HOME);
    expect(value(homePath('~/app/', HOME))).toBe('/home/learner/app');
  });
  it('refuses "..", paths outside the home and a look-alike prefix, with sentences', () => {
    expect(value(homePath('~/../root/x', HOME))).toMatch(/refused: .*“\.\.”/);
    expect(value(homePath('app/../../etc', HOME))).toMatch(/“\.\.”/);
    expect(value(homePath('/etc/passwd', HOME))).toMatch(/refused: “\/etc\/passwd” is outside your home folder/);
    expect(value(homePath('/home/learnerx/a', HOME))).toMatch(/outside your home/);
    expect(value(homePath('  ', HOME))).toMatch(/refused/);
  });
  it('refuses a resolved path (after links) that leads out', () => {
    expect(value(resolvedInHome('~/l', '/etc/shadow', HOME))).toMatch(/a link .* leads out of your home folder, to \/etc\/shadow/);
    expect(value(resolvedInHome('~/l', '/home/learner/real', HOME))).toBe('/home/learner/real');
  });
  it('shows paths as the learner reads them', () => {
    expect(shownPath('/home/learner/app/x', HOME)).toBe('~/app/x');
    expect(shownPath(HOME, HOME)).toBe('~');
  });
});

describe('size and text', () => {
  it('allows up to the limit and refuses past it with the sizes', () => {
    expect(value(sizeAllowed('~/f', 1024 * 1024))).toBe(1024 * 1024);
    expect(value(sizeAllowed('~/f', 3 * 1024 * 1024))).toMatch(/refused: ~\/f holds 3\.0 MiB, more than the 1\.0 MiB/);
  });
  it('takes UTF-8 text, refuses NUL bytes and invalid UTF-8', () => {
    expect(value(textOf('~/a', new TextEncoder().encode('héllo ✓\n')))).toBe('héllo ✓\n');
    expect(value(textOf('~/a', Uint8Array.from([0x61, 0x00, 0x62])))).toMatch(/refused: ~\/a is a binary file/);
    expect(value(textOf('~/a', Uint8Array.from([0xc3, 0x28])))).toMatch(/binary/);
    expect(value(textOf('~/a', new Uint8Array()))).toBe('');
  });
});

describe('listings and archives', () => {
  it('parses a NUL-separated find listing, folders first, any name', () => {
    const printed = 'f\t12\tb.txt\0d\t4096\tapp\0l\t7\tlink\0f\t3\tname\twith tab\0f\t1\tA\0';
    const { entries, more } = parseListing(printed);
    expect(entries.map((e) => [e.type, e.name])).toEqual([['dir', 'app'], ['file', 'A'], ['file', 'b.txt'], ['link', 'link'], ['file', 'name\twith tab']]);
    expect(entries[2]!.size).toBe(12);
    expect(more).toBe(0);
    expect(parseListing(printed, 2)).toMatchObject({ more: 3 });
  });
  it('takes the one file out of a tar', () => {
    const tar = Buffer.concat([fileEntry('x.txt', 'hello world', 0), endOfArchive()]);
    expect(fileOfTar(tar).toString()).toBe('hello world');
    expect(() => fileOfTar(endOfArchive())).toThrow(/no regular file/);
  });
});
