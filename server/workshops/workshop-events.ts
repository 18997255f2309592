/**
 * Who listens for a workshop's changes: instructors' grids (re-read on every change) and learners' pages (the
 * instructor's messages, the end). Listeners return nothing and must not throw; the returned function unsubscribes.
 */
export type WorkshopEvent = { type: 'changed' } | { type: 'message'; at: number; text: string } | { type: 'ended' };

export class WorkshopEvents {
  private readonly listeners = new Map<string, Set<(event: WorkshopEvent) => void>>();

  subscribe(workshop: string, listener: (event: WorkshopEvent) => void): () => void {
    const set = this.listeners.get(workshop) ?? new Set();
    set.add(listener);
    this.listeners.set(workshop, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(workshop) === set) this.listeners.delete(workshop);
    };
  }

  emit(workshop: string, event: WorkshopEvent): void {
    for (const listener of this.listeners.get(workshop) ?? []) listener(event);
  }

  listenerCount(workshop: string): number {
    return this.listeners.get(workshop)?.size ?? 0;
  }
}
