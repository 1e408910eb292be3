import { deepStrictEqual, rejects } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { announceWithoutValues } from '../../client/src/settingsChanged';

describe('the settings-changed notification', () => {
  it('is sent without values, whatever sections the client names, and announced once sent', async () => {
    const events: string[] = [];
    const middleware = announceWithoutValues(() => events.push('announced'));
    await middleware(['kubeLbReach'], (sections) => {
      events.push(`sent ${JSON.stringify(sections)}`);
      return Promise.resolve();
    });
    deepStrictEqual(events, ['sent undefined', 'announced']);
  });

  it('is announced only after sending finished, not when it started', async () => {
    const events: string[] = [];
    let finish!: () => void;
    const sending = announceWithoutValues(() => events.push('announced'))(['kubeLbReach'], () => new Promise<void>((resolve) => { finish = resolve; }));
    await Promise.resolve();
    deepStrictEqual(events, []);
    finish();
    await sending;
    deepStrictEqual(events, ['announced']);
  });

  it('a failed send is not announced, and its error reaches the client (which logs it)', async () => {
    const events: string[] = [];
    await rejects(announceWithoutValues(() => events.push('announced'))(['kubeLbReach'], () => Promise.reject(new Error('connection closed'))), /connection closed/);
    deepStrictEqual(events, []);
  });
});
