/** Jest runs every TypeScript test under test/ through ts-jest (type errors fail the run). */

// onnxruntime-node's telemetry off in Jest's own processes and every worker and child they start.
// src/node-io/onnxruntimeNode.ts cannot do it there: a test's process.env is Jest's copy, and
// the native library reads the real one (it would write mat-debug-<pid>.log into the temp folder).
process.env.ORT_DISABLE_TELEMETRY = '1';

module.exports = {
  // onnxruntime-node's binding creates typed arrays in the outer realm; this environment shares them with tests.
  testEnvironment: '<rootDir>/test/support/ortNodeEnvironment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // @noble/hashes ships ES modules only; jest's module system needs CommonJS.
    '/node_modules/@noble/hashes/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' }, isolatedModules: true }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@noble/hashes/)'],
  testTimeout: 120000,
  // The UXP host modules exist only inside Premiere and After Effects; tests get faithful fakes (test/fakes/).
  moduleNameMapper: {
    '^premierepro$': '<rootDir>/test/fakes/premierepro.ts',
    '^aftereffects$': '<rootDir>/test/fakes/afterEffectsModule.ts',
    '^uxp$': '<rootDir>/test/fakes/uxp.ts',
  },
};
