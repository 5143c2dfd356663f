/**
 * Tandem's layers, checked in `npm test` (npm run lint:deps). Arrows point down only:
 *   ui → store → worker-client / translator-api → protocol
 *   worker → training / engines → llama / models → speculative
 * See ARCHITECTURE.md for the walk of a translation through them.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle hides which module owns what.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'speculative-is-pure',
      comment: 'The speculative core imports no engine, model, UI, store or worker: only itself and errors.',
      severity: 'error',
      from: { path: '^src/speculative/' },
      to: { path: '^src/', pathNot: ['^src/speculative/', '^src/errors\\.ts$'] },
    },
    {
      name: 'llama-family-is-runtime-free',
      comment: 'LLaMA config, checkpoint and weight code is shared by every runtime and imports none.',
      severity: 'error',
      from: { path: '^src/llama/' },
      to: { path: '^src/', pathNot: ['^src/llama/', '^src/errors\\.ts$', '^src/models/model-source\\.ts$'] },
    },
    {
      name: 'lower-layers-import-nothing-above',
      comment:
        'Engines, models, training and the LLaMA family never reach up into the worker, protocol, client, store, UI or API.',
      severity: 'error',
      from: { path: '^src/(engines|models|training|llama|speculative)/' },
      to: { path: '^src/(worker|protocol|worker-client|store|ui|translator-api|forge)/' },
    },
    {
      name: 'forge-below-the-worker',
      comment:
        'The forge (corpus, distillation, fine-tuning, install) is run by the worker and parsed on the page: it imports neither side.',
      severity: 'error',
      from: { path: '^src/forge/' },
      to: { path: '^src/(worker|worker-client|store|ui|translator-api)/' },
    },
    {
      name: 'models-import-no-engine',
      comment: 'Models (registry, storage, tokenizer) are data and I/O; engines build on them, not the reverse.',
      severity: 'error',
      from: { path: '^src/models/' },
      to: { path: '^src/(engines|training)/' },
    },
    {
      name: 'protocol-is-the-contract',
      comment:
        'The protocol holds messages and error transfer; it may name types of lower layers but imports no side of the worker.',
      severity: 'error',
      from: { path: '^src/protocol/' },
      to: { path: '^src/(worker|worker-client|store|ui|translator-api|engines|training)/' },
    },
    {
      name: 'page-never-imports-the-worker',
      comment:
        'The page reaches the worker only through src/protocol and src/worker-client (tests may host the worker in-thread).',
      severity: 'error',
      from: { path: '^src/(ui|store|worker-client|translator-api)/', pathNot: '\\.test(-support)?\\.tsx?$|/testing/' },
      to: { path: '^src/worker/' },
    },
    {
      name: 'worker-never-imports-the-page',
      severity: 'error',
      from: { path: '^src/worker/' },
      to: { path: '^src/(ui|store|worker-client|translator-api)/' },
    },
    {
      name: 'ui-reads-the-store',
      comment: 'Components select from the store; they never call the worker client, an engine or the worker.',
      severity: 'error',
      from: { path: '^src/ui/' },
      // Test data in protocol/testing (a GPU report, demo info) is plain records, not a door to the worker.
      to: {
        path: '^src/(worker|worker-client|engines|training|translator-api|protocol)/',
        pathNot: '^src/protocol/testing/',
      },
    },
    {
      name: 'engines-enter-by-index',
      comment:
        'Outside an engine, the product uses its index.ts (and its light errors.ts, which the worker needs without loading the engine).',
      severity: 'error',
      from: {
        path: '^src/(worker|store|ui|translator-api|protocol|forge|models)/',
        pathNot: '\\.test(-support)?\\.tsx?$|/testing/',
      },
      to: { path: '^src/engines/[^/]+/', pathNot: '^src/engines/[^/]+/(index|errors)\\.ts$' },
    },
    {
      name: 'product-never-imports-dev-code',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test(-support)?\\.tsx?$|/testing/' },
      to: { path: '^(scripts|e2e)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)(node_modules|dist|dist-lib)/' },
  },
};
