/**
 * The import rules of ARCHITECTURE.md, checked by `npm run lint:imports` (part of `npm test`). The table below is
 * the "may import" column of ARCHITECTURE.md's folder table: change them together.
 *
 * Imports of TypeScript (`.ts` with extensions, `import type` too) are read with swc: dependency-cruiser cannot
 * use TypeScript 7.0 as a parser. `.astro` files are checked by scripts/check-astro-imports.ts.
 */

/** Folders of server/ → the server folders, npm packages and Node built-ins each may import (itself always). */
const ANY_BUILTIN = '*';
const mayImport = {
  contracts: { server: [], npm: ['zod'], builtins: [] },
  config: { server: ['contracts'], npm: ['zod'], builtins: ['crypto'] },
  domain: { server: ['contracts'], npm: [], builtins: [] },
  sandbox: { server: ['contracts', 'config', 'domain'], npm: [], builtins: ANY_BUILTIN },
  'sandbox/docker': { server: ['sandbox', 'contracts', 'domain'], npm: ['dockerode'], builtins: ANY_BUILTIN },
  sessions: { server: ['sandbox', 'domain', 'contracts', 'config'], npm: [], builtins: ANY_BUILTIN },
  terminal: {
    server: ['sessions', 'sandbox', 'domain', 'contracts'],
    npm: ['ws', '@xterm/headless', '@xterm/addon-serialize'],
    builtins: ANY_BUILTIN,
  },
  checks: { server: ['sessions', 'sandbox', 'store', 'domain', 'contracts'], npm: [], builtins: ANY_BUILTIN },
  store: { server: ['contracts'], npm: [], builtins: ANY_BUILTIN },
  workshops: { server: ['sessions', 'sandbox', 'store', 'domain', 'contracts'], npm: ['zod'], builtins: ANY_BUILTIN },
  // prom-client: /metrics; node:sqlite: the store's readiness check opens its file anew.
  observability: { server: ['sessions', 'sandbox'], npm: ['prom-client'], builtins: ANY_BUILTIN },
  // ws: for the WebSocket upgrade gate; @fastify/static: for serving the built site; uqr: a workshop's QR code;
  // openid-client: instructor sign-in with an OpenID Connect provider.
  http: {
    server: ['checks', 'sessions', 'sandbox', 'store', 'workshops', 'observability', 'domain', 'contracts', 'config'],
    npm: ['fastify', '@fastify/static', 'zod', 'ws', 'uqr', 'openid-client'],
    builtins: ANY_BUILTIN,
  },
};

/** Pure folders: no I/O, so nothing of Node but what `builtins` above allows. */
const PURE = ['contracts', 'config', 'domain'];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A server folder as an import's target: `sandbox` is not its `docker/` implementation. */
const folderPath = (folder) => (folder === 'sandbox' ? '^server/sandbox/(?!docker/)' : `^server/${escape(folder)}/`);
/** An npm package, or its types from DefinitelyTyped. */
const npmPath = (names) => `^node_modules/(@types/)?(${names.map(escape).join('|')})/`;

/** `server/sandbox/images-cli.ts` is an entry point (`npm run images`) like main.ts: it picks the engine. */
const ENTRY_POINTS_IN_FOLDERS = '^server/sandbox/images-cli\\.ts$';

const folderRules = Object.entries(mayImport).map(([folder, may]) => {
  const allowed = [folder, ...may.server].map(folderPath);
  if (may.npm.length) allowed.push(npmPath(may.npm));
  return {
    name: `${folder}-may-import`,
    comment: `server/${folder}/ may import only ${[...may.server.map((f) => `server/${f}/`), ...may.npm].join(', ') || 'itself'} (ARCHITECTURE.md)`,
    severity: 'error',
    from: { path: folderPath(folder), pathNot: ENTRY_POINTS_IN_FOLDERS },
    to: { path: '^(server|src|scripts|tests|bench|node_modules)/', pathNot: allowed },
  };
});

const pureRules = PURE.map((folder) => {
  const builtins = mayImport[folder].builtins;
  return {
    name: `${folder}-is-pure`,
    comment: `server/${folder}/ is pure: no Node built-ins${builtins.length ? ` but ${builtins.map((b) => `node:${b}`).join(', ')}` : ''} (no fs, net, child_process…)`,
    severity: 'error',
    from: { path: folderPath(folder) },
    to: { dependencyTypes: ['core'], ...(builtins.length ? { pathNot: `^(node:)?(${builtins.join('|')})$` } : {}) },
  };
});

export default {
  forbidden: [
    {
      name: 'dockerode-only-in-sandbox-docker',
      comment: 'Only server/sandbox/docker/ talks to the engine (tests/helpers/ and bench/lib/ may, for tests and benches)',
      severity: 'error',
      from: { pathNot: '^(server/sandbox/docker|tests/helpers|bench/lib)/' },
      to: { path: npmPath(['dockerode', 'docker-modem']) },
    },
    {
      name: 'site-imports-only-contracts',
      comment: 'src/ (the site) imports nothing of server/ but server/contracts/',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^server/', pathNot: '^server/contracts/' },
    },
    {
      name: 'server-imports-only-server',
      comment: 'server/ never imports the site, scripts, tests or benches',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(src|scripts|tests|bench)/' },
    },
    ...folderRules,
    ...pureRules,
    {
      name: 'server-imports-resolve',
      comment: 'An import the checker cannot resolve would escape every rule above',
      severity: 'error',
      from: { path: '^server/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'no-cycles-in-server',
      comment: 'An import cycle in server/ (type imports count: they tie the modules together just the same)',
      severity: 'error',
      from: { path: '^server/' },
      to: { circular: true },
    },
  ],
  required: [
    {
      // A sentinel: were npm imports invisible to the checker (as with `exclude: node_modules`), every rule about
      // packages would pass without looking.
      name: 'checker-sees-npm-imports',
      comment: 'The Docker runtime imports dockerode; if this fails, the checker no longer sees npm imports',
      severity: 'error',
      module: { path: '^server/sandbox/docker/docker-runtime\\.ts$' },
      to: { path: npmPath(['dockerode']) },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-test)/' },
    // `.astro` files are not read (see scripts/check-astro-imports.ts); imports of them resolve to the file.
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js', '.json'] },
  },
};
