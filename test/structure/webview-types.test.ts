import * as assert from 'assert';
import * as path from 'path';
import * as ts from 'typescript';

/** The repository root, from out/test/structure. */
const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * Webpack builds the webview scripts with `transpileOnly`, so nothing else type-checks them against the browser's
 * types: a Node-only name (Buffer, require) or an extension-host import would only fail inside VS Code.
 */
const WEBVIEW_PROJECTS = ['extension/views/sequence-chart/webview/tsconfig.json', 'extension/views/memory/webview/tsconfig.json'];

describe('structure: webview scripts', () => {
  for (const project of WEBVIEW_PROJECTS) {
    it(`type-checks ${project} with the DOM's types and no Node's`, function () {
      this.timeout(120000);
      const file = path.join(ROOT, project);
      const read = ts.readConfigFile(file, ts.sys.readFile);
      assert.ok(!read.error, read.error && ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
      const config = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(file));
      const program = ts.createProgram(config.fileNames, { ...config.options, noEmit: true });
      const problems = ts.getPreEmitDiagnostics(program).map((d) => {
        const where = d.file && d.start !== undefined ? `${path.relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
        return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
      });
      assert.deepStrictEqual(problems, []);
    });
  }
});
