/** Everything Boxlab keeps: progress and workshops, behind their two interfaces, in one database. */
import type { ProgressStore } from './progress-store.ts';
import type { WorkshopStore } from './workshop-store.ts';

export type Store = ProgressStore & WorkshopStore;
