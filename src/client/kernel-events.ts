/**
 * How the kernel panel and a terminal talk through the DOM (like `boxlab:run`): the panel asks the terminal element
 * for `kernel` frames (`boxlab:kernel`, `{ on }`), and the terminal hands each frame back (`boxlab:kernel-figures`).
 */
import type { ServerControl } from '../../server/contracts/terminal-protocol.ts';

export const KERNEL_WATCH_EVENT = 'boxlab:kernel';
export const KERNEL_FIGURES_EVENT = 'boxlab:kernel-figures';
export type KernelFigures = Extract<ServerControl, { type: 'kernel' }>;
export interface KernelWatchDetail {
  on: boolean;
}
