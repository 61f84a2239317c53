/* eslint-disable */
// Lets a plain-JS child process (forked by an integration test, outside jest) require the TypeScript sources
// directly: each .ts file is transpiled on load with the TypeScript compiler's transpileModule, as ts-jest does.
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = function compileTs(module, filename) {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
