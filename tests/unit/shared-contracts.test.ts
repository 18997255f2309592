import { describe, expect, it } from 'vitest';
import { closeCodes, isFinalClose } from '../../server/contracts/close-codes.ts';
import { isLessonId, lessonIdSchema, lessonKey } from '../../server/contracts/lesson-id.ts';
import { lessonIdFromEntry } from '../../src/lib/lesson-id.ts';

describe('lesson ids', () => {
  it('are lowercase paths; the API params and the socket check the same pattern', () => {
    for (const id of ['containers/what-is-a-container', 'fixtures/two-terminals', 'a', 'x_y/1-2']) {
      expect(isLessonId(id), id).toBe(true);
      expect(lessonIdSchema.safeParse(id).success, id).toBe(true);
    }
    for (const id of ['', 'Containers/x', '/etc', '-x', 'a b', 'a\\b', 'a/../b', 'x'.repeat(201)]) {
      expect(isLessonId(id), id).toBe(false);
      expect(lessonIdSchema.safeParse(id).success, id).toBe(false);
    }
  });

  it('that the server would refuse fail the site build, naming the file', () => {
    const roots = ['content'];
    expect(lessonIdFromEntry('content/01-containers/02-vs-vms/index.mdx', roots)).toBe('containers/vs-vms');
    expect(() => lessonIdFromEntry('content/01-containers/02-Vs VMs/index.mdx', roots)).toThrow(
      /content\/01-containers\/02-Vs VMs\/index\.mdx: .*"containers\/Vs VMs".*Rename the folders/,
    );
  });
});

describe('lesson keys', () => {
  it('never change: claimed sandboxes carry them in their names across server upgrades', () => {
    // Values of the FNV-1a key as written by every earlier version; a new function would orphan claimed sandboxes.
    expect(lessonKey('containers/what-is-a-container')).toBe('e8222313');
    expect(lessonKey('fixtures/checks')).toBe('e1b1597d');
  });
});

describe('close codes', () => {
  it('tell the client to stop only when reconnecting cannot help', () => {
    expect(isFinalClose(closeCodes.protocol)).toBe(true);
    expect(isFinalClose(closeCodes.ended)).toBe(true);
    for (const code of [closeCodes.unavailable, closeCodes.restarting, closeCodes.tooLarge, 1006]) expect(isFinalClose(code)).toBe(false);
  });
});
