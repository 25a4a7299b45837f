// Helpers for the browser end-to-end checks (test/e2e/*.e2e.mjs), run by scripts/run-e2e.mjs against a real
// VS Code workbench (code-server with the packaged .vsix installed) in Chromium through playwright-core.
//
// A check file registers checks; they run in order, in one browser page with the workbench open on a fresh
// copy of test/integration/workspace/:
//
//   import assert from 'node:assert/strict';
//   import { check } from './helpers.mjs';
//   check('hover shows the graph', async (wb) => {
//     await wb.openFile('hello_activations.py');
//     const hover = await wb.hover('sigmoid', { expectText: 'Sigmoid' });
//     ...
//     await wb.screenshot('hover');
//   });
//
// A failing check gets a screenshot `test-results/e2e/<file>--<check>--failure.png`; the next checks still run.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const registered = [];

/** Registers a check: `fn(wb)` gets the Workbench of this file's page; throw (or fail an assert) to fail. */
export function check(name, fn, { timeoutMs = 60_000 } = {}) {
  registered.push({ name, fn, timeoutMs });
}

/** Used by the runner: the checks registered by the file it just imported. */
export function takeChecks() {
  return registered.splice(0, registered.length);
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const isMac = process.platform === 'darwin';
const mod = isMac ? 'Meta' : 'Control';

export class Workbench {
  /**
   * @param {import('playwright-core').Page} page
   * @param {{ baseUrl: string, folder: string, resultsDir: string, prefix: string }} opts
   */
  constructor(page, { baseUrl, folder, resultsDir, prefix }) {
    this.page = page;
    this.baseUrl = baseUrl;
    /** Absolute path of the workspace folder (a scratch copy: checks may edit and save). */
    this.folder = folder;
    this.resultsDir = resultsDir;
    this.prefix = prefix;
  }

  /** Loads the workbench on the workspace and waits for the explorer to list its files. */
  async open() {
    await this.page.goto(`${this.baseUrl}/?folder=${encodeURIComponent(this.folder)}`);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  /** Clicks a file's row in the explorer (top-level file, or a visible one in an expanded folder). */
  async openFileFromExplorer(name) {
    await this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
    await this.waitForEditorTab(name);
  }

  /**
   * Opens a workspace file by its path relative to the workspace (`editor/unstable_forms.py`) through the
   * explorer: expands each folder, clicks the file, waits for its editor. Needs no file search, so it works
   * while the server is still busy indexing (Quick Open may not).
   */
  async openFile(relativePath) {
    await this.dismissWidgets();
    const parts = relativePath.split('/').filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const row = this.page
        .locator(`.explorer-folders-view .monaco-list-row[aria-level="${i + 1}"]`)
        .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(parts[i])}$`) }) })
        .first();
      await row.waitFor({ timeout: 30_000 });
      if (i < parts.length - 1) {
        if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      } else {
        await row.click();
      }
    }
    await this.waitForEditorTab(parts[parts.length - 1]);
  }

  /** Opens a file with Quick Open (Ctrl+P) by typing `query`; relies on the server's file search. */
  async quickOpen(query) {
    await this.dismissWidgets();
    await this.page.keyboard.press(`${mod}+P`);
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(query);
    const base = query.split('/').pop();
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first().waitFor({ timeout: 30_000 });
    await this.page.keyboard.press('Enter');
    await this.waitForEditorTab(base);
  }

  async waitForEditorTab(name) {
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
    await this.page.locator('.editor-instance .monaco-editor .view-lines, .notebook-editor').first().waitFor({ timeout: 30_000 });
  }

  /** Closes hovers, menus and the quick input so the next action starts from a quiet editor. */
  async dismissWidgets() {
    await this.page.mouse.move(2, 2);
    await this.page.keyboard.press('Escape');
  }

  /** Locator of the first visible text span in the active editor that is exactly `word` (or matches a RegExp). */
  word(word) {
    const re = word instanceof RegExp ? word : new RegExp(`^${escapeRegExp(word)}$`);
    return this.page.locator('.editor-instance .monaco-editor .view-lines span span', { hasText: re }).first();
  }

  /**
   * Moves the mouse over `word` in the active editor until a hover containing `expectText` shows, retrying
   * (the first hover may come before the extension activates). Returns the hover's locator.
   */
  async hover(word, { expectText, attempts = 6 } = {}) {
    const target = this.word(word);
    await target.waitFor({ timeout: 30_000 });
    for (let i = 0; i < attempts; i++) {
      const box = await target.boundingBox();
      if (!box) throw new Error(`"${word}" is not visible in the editor`);
      await this.page.mouse.move(box.x + 1, box.y + box.height / 2);
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const hover = expectText
        ? this.page.locator('.monaco-hover:visible', { hasText: expectText }).first()
        : this.page.locator('.monaco-hover:visible').first();
      try {
        await hover.waitFor({ timeout: 4000 });
        return hover;
      } catch {
        await this.page.mouse.move(2, 2);
        await this.page.waitForTimeout(300);
      }
    }
    throw new Error(`no hover${expectText ? ` containing "${expectText}"` : ''} appeared over "${word}"`);
  }

  /** Facts about an <img> (in a hover, say): loaded, natural and displayed size, start of its src. */
  async imageInfo(imgLocator) {
    await imgLocator.waitFor({ timeout: 10_000 });
    await this.page.waitForTimeout(200);
    return imgLocator.evaluate((el) => ({
      src: (el.getAttribute('src') ?? '').slice(0, 40),
      complete: el.complete,
      naturalWidth: el.naturalWidth,
      naturalHeight: el.naturalHeight,
      width: el.getBoundingClientRect().width,
      height: el.getBoundingClientRect().height,
    }));
  }

  /** Runs a command from the command palette by its title as shown, e.g. "Activation Lens: Open Plot Panel". */
  async runCommand(title) {
    await this.dismissWidgets();
    await this.page.keyboard.press(`${mod}+Shift+P`);
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: 20_000 });
    await this.page.waitForTimeout(200); // the list settles before Enter picks the first row
    await this.page.keyboard.press('Enter');
  }

  /** The active webview's content frame (a FrameLocator): webviews nest two iframes. */
  webview() {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /** Visible text of the active editor's rendered lines (only what is scrolled into view; no-break spaces as spaces). */
  async editorText() {
    const text = await this.page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
    return text.replace(/\u00a0/g, ' ');
  }

  /**
   * Opens the quick-fix menu at the cursor and returns its locator: Ctrl+. first, then a click on the light
   * bulb (the code actions may still be computing when the key is pressed).
   */
  async openQuickFixMenu({ timeoutMs = 20_000 } = {}) {
    const menu = this.page.locator('.action-widget').first();
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      if (attempt % 2 === 0) await this.page.keyboard.press(`${mod}+.`);
      else await this.page.locator('.lightBulbWidget .codicon').first().click({ timeout: 2000 }).catch(() => {});
      try {
        await menu.waitFor({ timeout: 3000 });
        return menu;
      } catch {
        await this.page.keyboard.press('Escape');
      }
    }
    throw new Error(`no quick-fix menu within ${timeoutMs / 1000} s (Ctrl+. and the light bulb)`);
  }

  /** Opens the quick-fix menu at the cursor and picks the action whose title contains `title`. */
  async applyQuickFix(title) {
    const menu = await this.openQuickFixMenu();
    const item = menu.locator('.monaco-list-row', { hasText: title }).first();
    await item.waitFor({ timeout: 15_000 });
    await item.click();
  }

  /** Puts the cursor on the first visible occurrence of `word` in the active editor (clicks it). */
  async clickWord(word) {
    const target = this.word(word);
    await target.waitFor({ timeout: 30_000 });
    await target.click();
  }

  /**
   * The README's screenshots: with ACTIVATION_LENS_SCREENSHOTS=1, saves media/screenshots/<name>.png (the whole
   * page, or one locator) and returns its path; otherwise does nothing and returns undefined. They are
   * committed; .vscodeignore keeps them out of the .vsix.
   */
  async readmeScreenshot(name, locator) {
    if (process.env.ACTIVATION_LENS_SCREENSHOTS !== '1') return undefined;
    const dir = join(REPO_ROOT, 'media', 'screenshots');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    if (locator) await locator.screenshot({ path });
    else await this.page.screenshot({ path });
    return path;
  }

  /** Saves a screenshot as test-results/e2e/<file>--<name>.png (the whole page, or one locator). */
  async screenshot(name, locator) {
    const dir = join(this.resultsDir, 'e2e');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${this.prefix}--${name.replace(/[^\w.-]+/g, '-')}.png`);
    if (locator) await locator.screenshot({ path });
    else await this.page.screenshot({ path });
    return path;
  }
}
