// Proves the browser harness: the workbench opens on the test workspace, a Python file opens from the
// explorer, and the packaged extension is running in the extension host (Developer: Show Running Extensions).
import assert from 'node:assert/strict';
import { check } from './helpers.mjs';

check('the workbench opens on the test workspace', async (wb) => {
  const row = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'hello_activations.py' });
  await row.first().waitFor({ timeout: 30_000 });
  await wb.screenshot('workbench');
});

check('a Python file opens from the explorer', async (wb) => {
  await wb.openFileFromExplorer('hello_activations.py');
  await wb.word('sigmoid').waitFor({ timeout: 30_000 });
  const text = await wb.editorText();
  assert.match(text, /def\s+sigmoid\(x\):/);
  const language = await wb.page.locator('.statusbar-item', { hasText: /^Python$/ }).first().textContent({ timeout: 10_000 });
  assert.equal(language?.trim(), 'Python');
  await wb.screenshot('python-file');
});

check('the packaged extension runs in the extension host', async (wb) => {
  await wb.runCommand('Developer: Show Running Extensions');
  const row = wb.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Activation Lens' }).first();
  await row.waitFor({ timeout: 30_000 });
  // Listed extensions that have not activated show no activation time.
  assert.match(await row.innerText(), /Activation:\s*\d+\s*ms/);
  await wb.screenshot('running-extensions');
});
