// The messages between the plot panel's webview and the extension host. The webview is less trusted
// than the host: every message it sends goes through `readPanelMessage`, which returns either a typed
// message or the reason it was ignored (the host logs it as a warning); nothing here throws.
import type { ActivationId, Framework, ParamSpec } from '../math/types';
import { utf8Bytes } from './base64';
import type { PlotData } from './plotData';
import type { PlotState } from './plotState';
import { readPlotState } from './plotState';

/** What the webview needs to build its controls: the catalog without the functions. */
export interface CatalogEntry {
  readonly id: ActivationId;
  readonly displayName: string;
  readonly aliases: readonly string[];
  readonly formula: string;
  readonly params: readonly ParamSpec[];
}

// Host → webview.
export interface InitMessage {
  readonly type: 'init';
  readonly catalog: readonly CatalogEntry[];
  readonly frameworks: readonly Framework[];
  /** Localized UI strings, keyed as in PANEL_STRINGS. */
  readonly strings: Readonly<Record<string, string>>;
}
export interface DataMessage {
  readonly type: 'data';
  readonly state: PlotState;
  readonly data: PlotData;
  /** Extension-host time spent sampling, for the panel's timing readout and the e2e report. */
  readonly sampleMs: number;
  /** The host's share of opening the panel, on the first data only (see PanelTimeline). */
  readonly timeline?: PanelTimeline;
  /**
   * Posted messages only (the HTML's data is JSON): the segments' x and y arrays, detached from `data` as
   * Float64Arrays, which VS Code sends as binary (see plotWire.ts).
   */
  readonly arrays?: readonly Float64Array[];
  /** On a reply to a state change: when the host received it and when its data was ready (epoch ms), for the e2e's redraw figures. */
  readonly reply?: { readonly received: number; readonly computed: number };
}
export type HostMessage = InitMessage | DataMessage;

/**
 * When each step of opening the panel happened, in epoch milliseconds (Date.now() in the host,
 * performance.timeOrigin + now() in the webview: one clock on one machine). Host marks: `invoked` (the
 * command ran), `loaded` (the lazily loaded panel code was in), `picked` (the quick pick closed; absent when
 * an argument bypassed it), `created` (createWebviewPanel returned), `computed` (the first data was sampled,
 * just before the HTML carrying it was set). The webview adds its own marks; the e2e run prints them all.
 */
export type PanelTimeline = Readonly<Record<string, number>>;

/**
 * What the panel's HTML carries so the webview can draw without asking: the init and first data messages.
 * Sent inside the HTML rather than posted, because a message posted before the webview's script has loaded
 * can arrive before the script listens (VS Code releases queued messages on the frame's load event or after
 * 200 ms, whichever is first) and a request round trip would wait for the script.
 */
/** The id of the HTML's JSON data block holding the PanelBoot. */
export const BOOT_ELEMENT_ID = 'panel-boot';

export interface PanelBoot {
  readonly init: InitMessage;
  readonly data: DataMessage;
}

// Webview → host.
export type PanelMessage =
  /** The webview's script runs; `booted` when it drew the data its HTML carried (then only newer data is sent). */
  | { readonly type: 'ready'; readonly booted?: true }
  | { readonly type: 'state'; readonly state: PlotState; readonly problems: readonly string[] }
  | { readonly type: 'export'; readonly format: 'png' | 'svg'; readonly dataUrl: string }
  | { readonly type: 'openSpec'; readonly json: string }
  | { readonly type: 'copyMatplotlib' }
  | { readonly type: 'rendered'; readonly renderMs: number }
  | { readonly type: 'log'; readonly level: 'info' | 'warning' | 'error'; readonly message: string };

export type ReadMessage = { readonly ok: true; readonly message: PanelMessage } | { readonly ok: false; readonly reason: string };

/** Exports are a chart's PNG or SVG: generous, but bounded so a bad message cannot fill memory or disk. */
export const MAX_EXPORT_CHARS = 32 * 1024 * 1024;
export const MAX_SPEC_CHARS = 16 * 1024 * 1024;
const MAX_LOG_CHARS = 2000;

const DATA_URL_PREFIX = { png: 'data:image/png;base64,', svg: 'data:image/svg+xml' } as const;

function fail(reason: string): ReadMessage {
  return { ok: false, reason };
}

/** Validates a message from the webview against `current` (the state a partial update applies to). */
export function readPanelMessage(m: unknown, current: PlotState): ReadMessage {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return fail('message is not an object');
  const msg = m as Record<string, unknown>;
  switch (msg.type) {
    case 'ready':
      return { ok: true, message: msg.booted === true ? { type: 'ready', booted: true } : { type: 'ready' } };
    case 'copyMatplotlib':
      return { ok: true, message: { type: msg.type } };
    case 'state': {
      const { value, problems } = readPlotState(msg.state, current);
      if (problems.length > 0 && value === current) return fail(`state: ${problems.join('; ')}`);
      return { ok: true, message: { type: 'state', state: value, problems } };
    }
    case 'export': {
      const format = msg.format;
      if (format !== 'png' && format !== 'svg') return fail("export: format must be 'png' or 'svg'");
      const url = msg.dataUrl;
      if (typeof url !== 'string' || !url.startsWith(DATA_URL_PREFIX[format])) return fail(`export: dataUrl is not a ${format} data URL`);
      if (url.length > MAX_EXPORT_CHARS) return fail('export: image too large');
      return { ok: true, message: { type: 'export', format, dataUrl: url } };
    }
    case 'openSpec': {
      if (typeof msg.json !== 'string' || msg.json.length > MAX_SPEC_CHARS) return fail('openSpec: json must be a string of bounded size');
      try {
        JSON.parse(msg.json);
      } catch {
        return fail('openSpec: json does not parse');
      }
      return { ok: true, message: { type: 'openSpec', json: msg.json } };
    }
    case 'rendered': {
      const ms = msg.renderMs;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 600_000) return fail('rendered: renderMs out of range');
      return { ok: true, message: { type: 'rendered', renderMs: ms } };
    }
    case 'log': {
      const level = msg.level;
      if (level !== 'info' && level !== 'warning' && level !== 'error') return fail('log: unknown level');
      if (typeof msg.message !== 'string') return fail('log: message must be a string');
      return { ok: true, message: { type: 'log', level, message: msg.message.slice(0, MAX_LOG_CHARS) } };
    }
    default:
      return fail(`unknown message type ${JSON.stringify(String(msg.type).slice(0, 40))}`);
  }
}

/** The bytes of an image export's data URL (base64 for PNG; base64 or percent-encoding for SVG). */
export function decodeDataUrl(url: string): Uint8Array | undefined {
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const header = url.slice(0, comma);
  const body = url.slice(comma + 1);
  try {
    if (header.endsWith(';base64')) {
      const bin = atobSafe(body);
      if (bin === undefined) return undefined;
      const out = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
      return out;
    }
    return utf8Bytes(decodeURIComponent(body));
  } catch {
    return undefined;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 decoding without `atob`/`Buffer`, neither of which the core's typings include. */
function atobSafe(s: string): string | undefined {
  const clean = s.replace(/=+$/, '');
  if (/[^A-Za-z0-9+/]/.test(clean) || clean.length % 4 === 1) return undefined;
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    buffer = (buffer << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 0xff);
    }
  }
  return out;
}
