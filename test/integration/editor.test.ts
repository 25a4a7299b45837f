// The editor features in a real VS Code extension host: hovers, diagnostics, quick fixes (applied),
// fix-all on save's code action kind, suppression comments, inline values, notebook cells and settings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getActivation } from '../../src/core/math/catalog';
import { extension, fixtureUri, hoverTextAt, openFixture, openNotebookFixture, openUntitled, ourDiagnostics, positionOf, waitFor } from './helpers';

const README = 'https://github.com/activation-lens/activation-lens';

function codeOf(d: vscode.Diagnostic): { value: string; target: string } | undefined {
  const c = d.code;
  return typeof c === 'object' && c !== null ? { value: String(c.value), target: c.target.toString() } : undefined;
}

async function codeActionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind,
  );
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'edit' in a || 'kind' in a);
}

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('activationLens').update(key, value, vscode.ConfigurationTarget.Global);
}

suite('editor features', () => {
  suiteSetup(async () => {
    await openFixture('editor/unstable_forms.py');
    await waitFor('the extension to activate', () => extension().isActive, 20_000);
  });

  test('hover on torch.sigmoid shows resolution, derivative values, facts, the graph and the panel link', async () => {
    const editor = await openFixture('editor/unstable_forms.py');
    const text = await waitFor('a hover on torch.sigmoid', async () => {
      const t = await hoverTextAt(editor.document.uri, positionOf(editor.document, 'torch.sigmoid', 8));
      return t.includes('data:image/svg+xml;base64,') ? t : undefined;
    });
    assert.match(text, /`torch\.sigmoid`/);
    assert.match(text, /f′\(2\) = /, 'the derivative at the literal argument');
    const sigmoid = getActivation('sigmoid');
    assert.ok(text.includes(`f(2) = ${sigmoid.value(2)}`) && text.includes(`f′(2) = ${sigmoid.derivative(2)}`), 'f(2) and f′(2) at the literal argument, full precision, from the core');
    assert.match(text, /0\.25/, 'max slope 0.25 from the core');
    assert.match(text, /\|width=\d+,height=\d+\)/);
    assert.match(text, /command:activationLens\.openPlotPanel\?/);
    const svg = Buffer.from(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(text)![1]!, 'base64').toString('utf8');
    assert.ok(svg.length <= 8192, `hover SVG is ${svg.length} bytes`);
    assert.match(svg, /id="literal"/);
  });

  test('the hover\'s "Open in plot panel" link opens the plot panel with its arguments', async () => {
    const editor = await openFixture('editor/unstable_forms.py');
    const text = await hoverTextAt(editor.document.uri, positionOf(editor.document, 'F.leaky_relu', 3));
    const link = /\(command:(activationLens\.openPlotPanel)\?([^)]+)\)/.exec(text);
    assert.ok(link, 'command link in the hover');
    const args = JSON.parse(decodeURIComponent(link[2]!)) as unknown[];
    assert.deepEqual((args[0] as { activations: Array<{ id: string }> }).activations.map((a) => a.id), ['leaky_relu']);
    await vscode.commands.executeCommand(link[1]!, ...args);
    await waitFor('a webview tab for the plot panel', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && /activationLens\.plot/.test(t.input.viewType)),
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('hover on F.leaky_relu names the resolved function and the other frameworks\' slope', async () => {
    const editor = await openFixture('editor/unstable_forms.py');
    const text = await hoverTextAt(editor.document.uri, positionOf(editor.document, 'F.leaky_relu', 3));
    assert.match(text, /torch\.nn\.functional\.leaky_relu/);
    assert.match(text, /negative_slope/);
    assert.match(text, /0\.01/);
    assert.match(text, /keras[^\n]*0\.2/);
  });

  test('diagnostics carry source, rule id linked to the README, and a range on the unstable form', async () => {
    const editor = await openFixture('editor/unstable_forms.py');
    const diagnostics = await ourDiagnostics(editor.document.uri, 2);
    const sigmoid = diagnostics.find((d) => codeOf(d)?.value === 'unstable-sigmoid');
    assert.ok(sigmoid, JSON.stringify(diagnostics.map((d) => d.code)));
    assert.equal(codeOf(sigmoid)!.target, `${README}#unstable-sigmoid`);
    assert.equal(sigmoid.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(editor.document.getText(sigmoid.range), /np\.exp\(-z\)/);
    assert.ok(diagnostics.some((d) => codeOf(d)?.value === 'unstable-softplus'));
  });

  test('the preferred quick fix rewrites the unstable sigmoid, and its diagnostic goes away', async () => {
    const editor = await openUntitled('python', 'import numpy as np\n\ndef f(z):\n    return 1 / (1 + np.exp(-z))\n');
    const doc = editor.document;
    const [diagnostic] = await ourDiagnostics(doc.uri, 1);
    const actions = await codeActionsAt(doc.uri, diagnostic!.range, vscode.CodeActionKind.QuickFix.value);
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred?.edit, `no preferred fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(actions.some((a) => a.title.includes('activation-lens') || /Suppress/i.test(a.title)), 'a suppression quick fix is offered');
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    assert.notEqual(doc.getText(), before);
    assert.doesNotMatch(doc.getText(), /1 \/ \(1 \+ np\.exp\(-z\)\)/);
    await waitFor('the diagnostic to clear after the fix', () =>
      vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Activation Lens').length === 0,
    );
  });

  test('the suppression quick fix adds the comment and silences the rule on that line', async () => {
    const editor = await openUntitled('python', 'import numpy as np\ny = 1 / (1 + np.exp(-3.0))\n');
    const doc = editor.document;
    const [diagnostic] = await ourDiagnostics(doc.uri, 1);
    const actions = await codeActionsAt(doc.uri, diagnostic!.range, vscode.CodeActionKind.QuickFix.value);
    const suppress = actions.find((a) => /Suppress/.test(a.title));
    assert.ok(suppress?.edit);
    assert.ok(await vscode.workspace.applyEdit(suppress.edit));
    assert.match(doc.lineAt(1).text, /# activation-lens: ignore\[unstable-sigmoid\]$/);
    await waitFor('the suppressed diagnostic to clear', () =>
      vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Activation Lens').length === 0,
    );
  });

  test('source.fixAll.activationLens fixes every unstable form in the file at once', async () => {
    const editor = await openUntitled(
      'python',
      'import numpy as np\na = 1 / (1 + np.exp(-x))\nb = np.log(1 + np.exp(y))\n',
    );
    const doc = editor.document;
    await ourDiagnostics(doc.uri, 2);
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await codeActionsAt(doc.uri, whole, 'source.fixAll.activationLens');
    assert.equal(actions.length, 1, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(actions[0]!.edit!));
    assert.doesNotMatch(doc.getText(), /1 \/ \(1 \+ np\.exp\(-x\)\)/);
    assert.doesNotMatch(doc.getText(), /np\.log\(1 \+ np\.exp\(y\)\)/);
  });

  test('inline value after a call with a numeric literal', async () => {
    const editor = await openFixture('editor/unstable_forms.py');
    const doc = editor.document;
    const hints = await waitFor('inlay hints', async () => {
      const h = await vscode.commands.executeCommand<vscode.InlayHint[]>(
        'vscode.executeInlayHintProvider',
        doc.uri,
        new vscode.Range(0, 0, doc.lineCount, 0),
      );
      return h && h.length > 0 ? h : undefined;
    });
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.ok(labels.some((l) => l.includes('≈ 0.8808')), labels.join(' | '));
    const sigmoidHint = hints.find((h) => String(typeof h.label === 'string' ? h.label : '').includes('0.8808'))!;
    const callEnd = positionOf(doc, 'torch.sigmoid(torch.tensor(2.0))', 'torch.sigmoid(torch.tensor(2.0))'.length);
    assert.deepEqual([sigmoidHint.position.line, sigmoidHint.position.character], [callEnd.line, callEnd.character]);
  });

  test('inline value on an unstable form applied to a literal: the true value next to the naive one', async () => {
    const editor = await openUntitled('python', 'import numpy as np\ny = np.log(1 + np.exp(1000.0))\n');
    const doc = editor.document;
    await ourDiagnostics(doc.uri, 1);
    const hints = await waitFor('inlay hints on the unstable form', async () => {
      const h = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
      return h && h.length > 0 ? h : undefined;
    });
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.deepEqual(labels, ['= 1000 · naive: ∞']);
    assert.equal(hints[0]!.position.line, 1);
    assert.equal(hints[0]!.position.character, doc.lineAt(1).text.length);
  });

  test('the hover graph follows the colour theme kind', async () => {
    const editor = await openFixture('editor/unstable_forms.py');
    const at = positionOf(editor.document, 'torch.sigmoid', 8);
    const svgNow = async (): Promise<string> => {
      const text = await hoverTextAt(editor.document.uri, at);
      return Buffer.from(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(text)![1]!, 'base64').toString('utf8');
    };
    const workbench = vscode.workspace.getConfiguration('workbench');
    const before = vscode.window.activeColorTheme.kind;
    const svgBefore = await svgNow();
    const other = before === vscode.ColorThemeKind.Light ? 'Default Dark Modern' : 'Default Light Modern';
    try {
      await workbench.update('colorTheme', other, vscode.ConfigurationTarget.Global);
      await waitFor('the colour theme kind to change', () => vscode.window.activeColorTheme.kind !== before);
      const svgAfter = await svgNow();
      assert.notEqual(svgAfter, svgBefore);
      const colour = (svg: string) => /class="f"[^>]*stroke="(#[0-9a-f]{6})"/.exec(svg)?.[1];
      assert.notEqual(colour(svgAfter), colour(svgBefore), 'f is drawn in the other theme kind\'s colour');
    } finally {
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('a notebook cell gets diagnostics and hovers', async () => {
    const notebook = await openNotebookFixture('editor/cells.ipynb');
    const cell = notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code && c.document.getText().includes('np.exp'));
    assert.ok(cell);
    assert.equal(cell.document.uri.scheme, 'vscode-notebook-cell');
    const diagnostics = await ourDiagnostics(cell.document.uri, 1);
    assert.equal(codeOf(diagnostics[0]!)?.value, 'unstable-sigmoid');
    const hover = await hoverTextAt(cell.document.uri, positionOf(cell.document, 'np.exp', 3));
    assert.match(hover, /data:image\/svg\+xml;base64,/);
    // An alias imported in the first cell resolves in a later one.
    const later = notebook.getCells().find((c) => c.document.getText().includes('F.relu'))!;
    const reluHover = await waitFor('a hover on F.relu in a later cell', async () => {
      const t = await hoverTextAt(later.document.uri, positionOf(later.document, 'F.relu', 3));
      return t.includes('torch.nn.functional.relu') ? t : undefined;
    });
    assert.match(reluHover, /`F\.relu`\*\* → `torch\.nn\.functional\.relu`/);
  });

  test('settings switch a rule off, change its severity, and disable hovers', async () => {
    const uri = fixtureUri('editor/unstable_forms.py');
    await openFixture('editor/unstable_forms.py');
    await ourDiagnostics(uri, 2);
    try {
      await setSetting('rules', { 'unstable-sigmoid': 'off', 'unstable-softplus': 'error' });
      await waitFor('unstable-sigmoid to be switched off and unstable-softplus to be an error', () => {
        const ds = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Activation Lens');
        return !ds.some((d) => codeOf(d)?.value === 'unstable-sigmoid') &&
          ds.some((d) => codeOf(d)?.value === 'unstable-softplus' && d.severity === vscode.DiagnosticSeverity.Error);
      });
      await setSetting('hover.enabled', false);
      const doc = await vscode.workspace.openTextDocument(uri);
      const text = await hoverTextAt(uri, positionOf(doc, 'torch.sigmoid', 8));
      assert.doesNotMatch(text, /data:image\/svg\+xml/);
    } finally {
      await setSetting('rules', undefined);
      await setSetting('hover.enabled', undefined);
    }
    await waitFor('unstable-sigmoid to come back', () =>
      vscode.languages.getDiagnostics(uri).some((d) => codeOf(d)?.value === 'unstable-sigmoid'),
    );
  });

  test('closing a document clears its diagnostics', async () => {
    const editor = await openUntitled('python', 'import numpy as np\ny = 1 / (1 + np.exp(-x))\n');
    const uri = editor.document.uri;
    await ourDiagnostics(uri, 1);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('diagnostics to clear on close', () => vscode.languages.getDiagnostics(uri).length === 0, 15_000);
  });
});
