/** Jest in native ESM mode (NestJS 12 ships ESM only); ts-jest transpiles our TypeScript. */
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // its ESM build imports JSON without import attributes, which Jest's ESM loader warns about
    '^libphonenumber-js/max$': '<rootDir>/node_modules/libphonenumber-js/max/index.cjs',
    '^libphonenumber-js$': '<rootDir>/node_modules/libphonenumber-js/index.cjs',
    // @fastify/static (the API docs' assets) requires content-disposition 3, an ES module: Node 20.19+
    // can require() it, Jest's runtime cannot. Tests get 2.0.1, the same API as CommonJS (a devDependency).
    '^content-disposition$': '<rootDir>/node_modules/content-disposition/dist/index.js',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.mjs',
      globalTeardown: '<rootDir>/test/global-teardown.mjs',
      slowTestThreshold: 20,
    },
  ],
  testTimeout: 30_000,
};
