import { describe, expect, it } from 'vitest';
import { BOXLAB_DAEMON_SETTINGS, mergeDaemonConfig } from '../../deploy/daemon-json.ts';

describe("provision's daemon.json merge", () => {
  it('adds gVisor and live-restore to an empty or missing file', () => {
    expect(mergeDaemonConfig(undefined)).toEqual(BOXLAB_DAEMON_SETTINGS);
    expect(mergeDaemonConfig({})).toEqual(BOXLAB_DAEMON_SETTINGS);
  });

  it("keeps every setting and runtime of the operator's own, and an explicit live-restore off (said)", () => {
    const operator = { 'log-driver': 'journald', 'live-restore': false, runtimes: { 'sysbox-runc': { path: '/usr/bin/sysbox-runc' } }, 'data-root': '/srv/docker' };
    const notes = { keptLiveRestoreOff: false };
    expect(mergeDaemonConfig(operator, true, notes)).toEqual({
      'log-driver': 'journald',
      'data-root': '/srv/docker',
      'live-restore': false,
      runtimes: { 'sysbox-runc': { path: '/usr/bin/sysbox-runc' }, runsc: BOXLAB_DAEMON_SETTINGS.runtimes.runsc },
    });
    expect(notes.keptLiveRestoreOff).toBe(true);
  });

  it("keeps an operator's own runsc, adding only the arguments Boxlab needs", () => {
    const operator = { runtimes: { runsc: { path: '/opt/gvisor/runsc', runtimeArgs: ['--platform=kvm', '--network=host'] } } };
    expect(mergeDaemonConfig(operator)['runtimes']).toEqual({ runsc: { path: '/opt/gvisor/runsc', runtimeArgs: ['--platform=kvm', '--network=host', '--host-uds=open'] } });
  });

  it('leaves live-restore out for a swarm-mode engine, which refuses it', () => {
    expect(mergeDaemonConfig({}, false)).toEqual({ runtimes: BOXLAB_DAEMON_SETTINGS.runtimes });
  });

  it('changes nothing the second time (provision is idempotent)', () => {
    const once = mergeDaemonConfig({ debug: true });
    expect(JSON.stringify(mergeDaemonConfig(JSON.parse(JSON.stringify(once))))).toBe(JSON.stringify(once));
  });

  it('refuses a file it cannot merge into', () => {
    expect(() => mergeDaemonConfig([])).toThrow('is not a JSON object');
    expect(() => mergeDaemonConfig({ runtimes: 'runc' })).toThrow('"runtimes" that is not an object');
  });
});
