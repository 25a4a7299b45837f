// The plot panel's HTML shell. No `vscode` import, so the CSP can be unit-tested. The policy is the one
// the issue sets: scripts only with this load's nonce, styles, images and fonts only from the extension's
// files (plus data:/blob: images for PNG/SVG export). Vega runs without `new Function` (AST interpreter),
// so no 'unsafe-eval' is needed, and all styling is in panel.css, so no 'unsafe-inline' either.

import { BOOT_ELEMENT_ID } from '../../core/render/plotMessages';

export interface PanelHtmlInput {
  /** webview.cspSource */
  readonly cspSource: string;
  /** webview.asWebviewUri(dist/media/panel.js) and panel.css, as strings. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly nonce: string;
  /** BCP 47 language of the UI (vscode.env.language), for the document's lang attribute. */
  readonly language: string;
  readonly title: string;
  /** The init and first data messages (PanelBoot), carried as a JSON data block the script reads at start. */
  readonly boot?: unknown;
}

/**
 * JSON safe inside a <script> data block: `<` escaped so no `</script>` or `<!--` can end or change it.
 * A data block is never executed, so the CSP's script-src does not apply to it.
 */
export function scriptDataJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The script is deferred from the head, so its fetch starts before the parser has read the (large) data
 * block, and it runs once the whole document, data included, is parsed.
 */
export function panelHtml(input: PanelHtmlInput): string {
  const csp = contentSecurityPolicy(input.cspSource, input.nonce);
  return `<!DOCTYPE html>
<html lang="${escapeAttr(input.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(input.styleUri)}">
<script defer nonce="${escapeAttr(input.nonce)}" src="${escapeAttr(input.scriptUri)}"></script>
<title>${escapeAttr(input.title)}</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
${input.boot === undefined ? '' : `<script type="application/json" id="${BOOT_ELEMENT_ID}">${scriptDataJson(input.boot)}</script>\n`}</body>
</html>`;
}

/** 32 random base64url characters from the platform's CSPRNG (Node 20 and browsers both have globalThis.crypto). */
export function makeNonce(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (const b of bytes) out += alphabet[b & 63];
  return out;
}
