/**
 * The instructor pages start here: who is signed in, and when nobody is, the sign-in form (WorkshopSignIn.astro).
 * Hides the page's `[data-loading]` line once it knows. Resolves with the instructor once signed in; a wrong token is the server's sentence under the form.
 */
import { ApiFailure, instructorMe, instructorOidc, signIn, signOut } from './workshop-api.ts';

/** "Sign in with <provider>" when the server offers it; quietly nothing when it does not or cannot say. */
async function offerProvider(section: HTMLElement): Promise<void> {
  const offer = await instructorOidc().catch(() => undefined);
  if (!offer?.enabled || !offer.provider) return;
  section.querySelector('[data-oidc-name]')!.textContent = offer.provider;
  section.querySelector<HTMLElement>('[data-oidc]')!.hidden = false;
}

export async function requireInstructor(): Promise<string> {
  const loading = document.querySelector<HTMLElement>('[data-loading]');
  try {
    return (await instructorMe()).instructor;
  } catch (err) {
    if (!(err instanceof ApiFailure) || err.status !== 401) throw err;
  } finally {
    if (loading) loading.hidden = true;
  }
  const section = document.querySelector<HTMLElement>('[data-signin]')!;
  const form = section.querySelector<HTMLFormElement>('form')!;
  const error = section.querySelector<HTMLElement>('[role="alert"]')!;
  const token = form.elements.namedItem('token') as HTMLInputElement;
  section.hidden = false;
  token.focus();
  void offerProvider(section);
  return new Promise((resolve) => {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
      button.disabled = true;
      error.hidden = true;
      try {
        const { instructor } = await signIn(token.value.trim());
        section.hidden = true;
        token.value = '';
        resolve(instructor);
      } catch (err) {
        error.textContent = err instanceof ApiFailure ? err.message : 'Signing in failed. Try again.';
        error.hidden = false;
        token.select();
      } finally {
        button.disabled = false;
      }
    });
  });
}

/** The "Signed in as … / Sign out" line. */
export function showSignedIn(root: HTMLElement, instructor: string): void {
  root.querySelector('[data-instructor-name]')!.textContent = instructor;
  root.querySelector('[data-signout]')?.addEventListener('click', async () => {
    await signOut().catch(() => undefined);
    location.reload();
  });
}
