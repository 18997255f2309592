/**
 * Tests run against their own build of the site: the real course plus the fixture lessons under
 * tests/fixtures/lessons, in dist-test/ so that `npm start`'s dist/ never shows fixtures.
 */
export const TEST_SITE_DIR = 'dist-test';
export const FIXTURE_LESSONS = 'tests/fixtures/lessons';
