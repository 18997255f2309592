/**
 * The contracts are written with zod/mini, which ships no error messages of its own ("Invalid input"): the pages
 * that parse them stay small. Whatever explains a refusal to a person (the server's answers, the build's lesson
 * errors, the tests) imports this first, for zod's English messages ("expected number, received string").
 */
import * as z from 'zod/mini';

z.config(z.locales.en());
