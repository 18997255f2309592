/**
 * Zod compiles fast parsers with `new Function` when it may, and finds out by trying: under the site's Content
 * Security Policy (no 'unsafe-eval') that try is a reported violation. Pages parse a few small messages; the
 * interpreter is fast enough. Imported first by every client module that parses with the contracts.
 */
import * as z from 'zod/mini';

z.config({ jitless: true });
