/**
 * Progress that travels, without a server: the resume code's shape (made, typed, normalized), and the store's
 * resume codes (a new one revokes the old) and forgetting a learner (every row about them, nobody else's).
 */
import { describe, expect, it } from 'vitest';
import { normalizeResumeCode, redeemResumeSchema, deleteMyDataSchema, RESUME_CODE_ALPHABET } from '../../server/contracts/resume.ts';
import { hashResumeCode, newResumeCode } from '../../server/http/resume-code.ts';
import { openSqliteStore } from '../../server/store/sqlite-progress-store.ts';

describe('resume codes', () => {
  it('are four groups of four from the unambiguous alphabet, and differ every time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newResumeCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
      for (const ch of code.replaceAll('-', '')) expect(RESUME_CODE_ALPHABET).toContain(ch);
      expect(code).not.toMatch(/[01ILO]/);
    }
  });

  it('accept what a person types (case, spaces, dashes) and refuse anything else with a sentence', () => {
    const code = newResumeCode();
    const typed = ` ${code.toLowerCase().replaceAll('-', ' ')} `;
    expect(redeemResumeSchema.parse({ code: typed }).code).toBe(normalizeResumeCode(code));
    for (const bad of ['', 'ABCD-EFGH-JKMN', 'ABCD-EFGH-JKMN-PQRO', 'ABCD-EFGH-JKMN-PQRS-TUVW', 'x'.repeat(100)]) {
      const parsed = redeemResumeSchema.safeParse({ code: bad });
      expect(parsed.success, bad).toBe(false);
    }
    expect(redeemResumeSchema.safeParse({}).success).toBe(false);
    expect(redeemResumeSchema.safeParse({ code: 'ABCD-EFGH-JKMN-PQR0' }).error?.issues[0]?.message).toMatch(/16 letters and digits/);
  });

  it('hash the normalized code, so the stored hash is the same however it was typed', () => {
    const code = newResumeCode();
    expect(hashResumeCode(normalizeResumeCode(code.toLowerCase()))).toBe(hashResumeCode(code.replaceAll('-', '')));
    expect(hashResumeCode('AAAA')).not.toBe(hashResumeCode('AAAB'));
    expect(hashResumeCode(code.replaceAll('-', ''))).not.toContain(code.replaceAll('-', ''));
  });

  it('deleting needs the words, not just a click', () => {
    expect(deleteMyDataSchema.safeParse({ confirm: 'delete my data' }).success).toBe(true);
    expect(deleteMyDataSchema.safeParse({ confirm: 'yes' }).success).toBe(false);
    expect(deleteMyDataSchema.safeParse({}).success).toBe(false);
  });
});

describe('the store', () => {
  it('keeps one code per learner: a new one revokes the old', () => {
    const store = openSqliteStore(':memory:');
    store.setResumeCode('alice', 'h1', 1000);
    expect(store.learnerOfResumeCode('h1')).toBe('alice');
    expect(store.resumeCodeCreatedAt('alice')).toBe(1000);
    store.setResumeCode('alice', 'h2', 2000);
    expect(store.learnerOfResumeCode('h1')).toBeUndefined();
    expect(store.learnerOfResumeCode('h2')).toBe('alice');
    expect(store.resumeCodeCreatedAt('alice')).toBe(2000);
    expect(store.resumeCodeCreatedAt('bob')).toBeUndefined();
    store.close();
  });

  it('forgets every row about a learner and nobody else', () => {
    const store = openSqliteStore(':memory:');
    for (const learner of ['alice', 'bob']) {
      store.markVisited(learner, 'l1', 1);
      store.markPassed(learner, 'l1', 'e1', 2);
      store.recordAttempt({ learner, lesson: 'l1', exercise: 'e1', status: 'passed', output: 'ok', at: 3 });
      store.setResumeCode(learner, `hash-${learner}`, 4);
    }
    store.createWorkshop({
      id: 'w1', code: 'ABCDEF', title: 'W', lessons: ['l1'], capacity: 10, startsAt: 0, endsAt: 10, sandboxMinutes: 5,
      passwordHash: undefined, prewarmShare: 0, endedAt: undefined, createdBy: 'i', createdAt: 0,
    });
    store.addMember({ workshop: 'w1', member: 'm-alice', learner: 'alice', name: 'Alice', joinedAt: 5 });
    store.addMember({ workshop: 'w1', member: 'm-bob', learner: 'bob', name: 'Bob', joinedAt: 5 });

    expect(store.forgetLearner('alice')).toEqual({ visits: 1, passes: 1, attempts: 1, memberships: 1, resumeCodes: 1 });
    expect(store.progress('alice')).toEqual({ lessons: {} });
    expect(store.attempts('alice', 0)).toEqual([]);
    expect(store.membershipOf('alice')).toBeUndefined();
    expect(store.learnerOfResumeCode('hash-alice')).toBeUndefined();
    expect(store.members('w1').map((m) => m.name)).toEqual(['Bob']);
    expect(store.progress('bob').lessons['l1']?.passed).toEqual(['e1']);
    expect(store.learnerOfResumeCode('hash-bob')).toBe('bob');
    expect(store.forgetLearner('alice')).toEqual({ visits: 0, passes: 0, attempts: 0, memberships: 0, resumeCodes: 0 });
    store.close();
  });
});
