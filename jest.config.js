/** Jest runs every TypeScript test under test/ through ts-jest (type errors fail the run). */
module.exports = {
  // onnxruntime-node's binding creates typed arrays in the outer realm; this environment shares them with tests.
  testEnvironment: '<rootDir>/test/support/ortNodeEnvironment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // @noble/hashes ships ES modules only; Jest's module system needs CommonJS.
    '/node_modules/@noble/hashes/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2020' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@noble/hashes/)'],
  testTimeout: 120000,
  // The UXP host modules exist only inside Premiere; tests get faithful fakes (test/fakes/).
  moduleNameMapper: { '^premierepro$': '<rootDir>/test/fakes/premierepro.ts', '^uxp$': '<rootDir>/test/fakes/uxp.ts' },
};
