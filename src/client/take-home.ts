/**
 * "Download my work" on a lesson page: measure first (so a refusal — too large, no sandbox yet — is the server's
 * sentence beside the button), then let the browser download the .tar.gz itself, streamed to disk.
 */
import { takeHomeUrl, type TakeHomeCheck } from '../../server/contracts/take-home.ts';
import { withBase } from '../lib/base-path.ts';
import { ApiFailure } from './lesson-api.ts';

const button = document.querySelector<HTMLButtonElement>('button[data-action="take-home"]');
const status = document.querySelector<HTMLElement>('[data-take-home-status]');
const lesson = document.querySelector<HTMLElement>('[data-lesson]')?.dataset['lesson'];

const mib = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KiB` : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`);

async function measure(url: string): Promise<TakeHomeCheck> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    throw new ApiFailure(0, 'offline', 'The server cannot be reached. Check your connection and try again.');
  }
  const body = (await res.json().catch(() => undefined)) as (TakeHomeCheck & { error?: { code?: unknown; message?: unknown } }) | undefined;
  if (!res.ok) {
    const { code, message } = body?.error ?? {};
    throw typeof code === 'string' && typeof message === 'string' ? new ApiFailure(res.status, code, message) : new ApiFailure(res.status, 'http', `The server answered ${res.status}. Try again.`);
  }
  return body!;
}

if (button && status && lesson) {
  const say = (text: string, kind: 'info' | 'error') => {
    status.textContent = text;
    status.dataset['kind'] = kind;
    status.hidden = false;
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    say('Measuring your work…', 'info');
    try {
      const check = await measure(withBase(takeHomeUrl(lesson, true)));
      const images = check.images.length ? ` and ${check.images.length} image${check.images.length === 1 ? '' : 's'} you built (${mib(check.imagesBytes)})` : '';
      say(`Downloading your home folder (${mib(check.homeBytes)})${images}, with a Dockerfile and a README to rebuild this lesson's environment.`, 'info');
      const a = document.createElement('a');
      a.href = withBase(takeHomeUrl(lesson));
      a.download = '';
      document.body.append(a);
      a.click();
      a.remove();
    } catch (err) {
      say(err instanceof ApiFailure ? err.message : 'The download failed. Try again.', 'error');
    } finally {
      button.disabled = false;
    }
  });
}
