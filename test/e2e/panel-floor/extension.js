// Test only (loaded by test/e2e/panel.e2e.mjs as a development extension, never packaged): the platform floor
// of opening the plot panel. It opens a webview panel with the same call and options as the plot panel
// (beside, scripts on, resources limited to one folder) and HTML set right after creation, but the HTML loads
// nothing: one inline script marks when the frame navigated, ran and painted, in the same epoch-ms clock as
// the plot panel's timeline (PanelTimeline), with the host's marks carried in the HTML.
const vscode = require('vscode');
const crypto = require('crypto');

exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('activationLensTest.openEmptyWebview', () => {
    const invoked = Date.now();
    const panel = vscode.window.createWebviewPanel('activationLensTest.empty', 'Empty webview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    const created = Date.now();
    const nonce = crypto.randomBytes(18).toString('base64url');
    const host = JSON.stringify({ invoked, created, htmlSet: Date.now() });
    panel.webview.html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'">
<title>Empty webview</title>
</head>
<body>
<main id="empty">empty</main>
<script nonce="${nonce}">
const marks = { ...${host}, frame: performance.timeOrigin, scriptRun: performance.timeOrigin + performance.now() };
requestAnimationFrame(() => setTimeout(() => {
  marks.painted = performance.timeOrigin + performance.now();
  document.body.dataset.timeline = JSON.stringify(marks);
}, 0));
</script>
</body>
</html>`;
  }));
};
exports.deactivate = () => {};
