// Proves the harness itself: the packaged extension is the one under test, and it activates on Python.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, extension, openFixture, waitFor, workspaceRoot } from './helpers';

suite('harness smoke: the packaged extension in a real VS Code', () => {
  test('the extension is installed from the .vsix, not loaded from the source tree', function () {
    const installedUnder = process.env.ACTIVATION_LENS_EXTENSIONS_DIR;
    if (!installedUnder) {
      // @vscode/test-electron runs the source tree as the development extension: nothing to check here.
      this.skip();
    }
    const ext = extension();
    assert.ok(ext.extensionPath.startsWith(installedUnder), `${ext.extensionPath} is not under ${installedUnder}`);
    // The .vsix ships bundles only: no TypeScript sources, no tests, no node_modules.
    for (const notShipped of ['src', 'test', 'node_modules', 'tsconfig.json']) {
      assert.equal(existsSync(join(ext.extensionPath, notShipped)), false, `${notShipped} should not be in the .vsix`);
    }
    const manifest = JSON.parse(readFileSync(join(ext.extensionPath, 'package.json'), 'utf8')) as { version: string };
    assert.equal(manifest.version, (ext.packageJSON as { version: string }).version);
    assert.ok(existsSync(join(ext.extensionPath, 'dist', 'extension.js')), 'dist/extension.js is in the .vsix');
  });

  test('the extension host is the VS Code version the harness asked for', function () {
    // The runner sets it for each target (newest, and the engines floor), so a run cannot silently fall back
    // to the other install.
    const expected = process.env.ACTIVATION_LENS_EXPECT_VSCODE;
    if (!expected) this.skip();
    assert.equal(vscode.version, expected);
  });

  test('the test workspace is open', () => {
    assert.match(workspaceRoot().path, /workspace/);
  });

  test('opening a Python file activates the extension', async () => {
    const editor = await openFixture('hello_activations.py');
    assert.equal(editor.document.languageId, 'python');
    await waitFor(`${EXTENSION_ID} to activate`, () => extension().isActive, 15_000);
  });
});
