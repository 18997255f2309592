/** Everything Boxlab keeps: progress, workshops and resume codes, behind their interfaces, in one database. */
import type { ProgressStore } from './progress-store.ts';
import type { ResumeStore } from './resume-store.ts';
import type { WorkshopStore } from './workshop-store.ts';

export type Store = ProgressStore & WorkshopStore & ResumeStore;
