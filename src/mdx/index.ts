/**
 * The components every lesson can use without importing them: the lesson page passes this map to the
 * rendered MDX (`<Content components={mdxComponents} />`).
 */
import Terminal from '../components/Terminal.astro';
import Callout from './Callout.astro';
import Exercise from './Exercise.astro';
import Quiz from './Quiz.astro';
import Run from './Run.astro';

export const mdxComponents = { Terminal, Run, Exercise, Quiz, Callout };
