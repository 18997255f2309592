/** How a call to the engine fails: with what it was about named, and the engine's own error as its cause. */

/** The HTTP status the engine answered with, when it did. */
export const statusCode = (err: unknown): number | undefined => (err as { statusCode?: number } | null)?.statusCode;

export async function about<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as Error;
    throw new Error(`docker: ${what}: ${e.message}`, { cause: err });
  }
}
