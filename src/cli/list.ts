// `activation-lens list`: the catalog — ids, names, aliases, parameters with defaults, and where the
// frameworks' defaults differ.
import { CATALOG, FRAMEWORKS, frameworkDefaults, type Activation, type ParamValue } from '../core/math/index';
import { EXIT_OK, EXIT_USAGE, type CliIo, type Command } from './io';

export const LIST_USAGE = `usage: activation-lens list [--format text|json]

Lists every activation the math core knows: canonical id, name, aliases, formula and parameters
(with each framework's defaults where they differ).`;

function show(v: ParamValue): string {
  return typeof v === 'number' ? String(v) : v;
}

/** Parameters whose default differs by framework, as "torch: 0.01, keras: 0.2, ...". */
function frameworkDifferences(a: Activation): string[] {
  const out: string[] = [];
  for (const p of a.params) {
    const byValue = new Map<string, string[]>();
    for (const f of FRAMEWORKS) {
      const v = show(frameworkDefaults(f, a.id)[p.name] ?? p.default);
      byValue.set(v, [...(byValue.get(v) ?? []), f]);
    }
    if (byValue.size > 1) out.push(`${p.name}: ${[...byValue].map(([v, fs]) => `${fs.join('/')} ${v}`).join(', ')}`);
  }
  return out;
}

function jsonValue(v: ParamValue): ParamValue {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

export const listCommand: Command = async (args: readonly string[], io: CliIo): Promise<number> => {
  let format = 'text';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-h' || arg === '--help') {
      io.out(LIST_USAGE + '\n');
      return EXIT_OK;
    }
    if (arg === '--format' || arg.startsWith('--format=')) {
      format = (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[++i] ?? '')).toLowerCase();
      if (format !== 'text' && format !== 'json') {
        io.err(`activation-lens list: unknown format '${format}'; use text or json\n`);
        return EXIT_USAGE;
      }
      continue;
    }
    io.err(`activation-lens list: unexpected argument '${arg}'\n\n${LIST_USAGE}\n`);
    return EXIT_USAGE;
  }
  if (format === 'json') {
    const doc = CATALOG.map((a) => ({
      id: a.id,
      displayName: a.displayName,
      aliases: a.aliases,
      formula: a.formula,
      vector: a.vector,
      params: a.params.map((p) => ({ ...p, default: jsonValue(p.default), ...(p.max !== undefined ? { max: jsonValue(p.max) } : {}) })),
      frameworkDefaults: Object.fromEntries(
        FRAMEWORKS.map((f) => [f, Object.fromEntries(Object.entries(frameworkDefaults(f, a.id)).map(([k, v]) => [k, jsonValue(v)]))]),
      ),
    }));
    io.out(JSON.stringify(doc, null, 2) + '\n');
    return EXIT_OK;
  }
  const idWidth = Math.max(...CATALOG.map((a) => a.id.length));
  const lines: string[] = [`${CATALOG.length} activations (use the id or any alias with 'activation-lens eval'):`, ''];
  for (const a of CATALOG) {
    lines.push(`${a.id.padEnd(idWidth)}  ${a.displayName}${a.aliases.length ? ` — also ${a.aliases.join(', ')}` : ''}`);
    lines.push(`${' '.repeat(idWidth)}  ${a.formula.text}`);
    if (a.params.length) lines.push(`${' '.repeat(idWidth)}  parameters: ${a.params.map((p) => `${p.name}=${show(p.default)}`).join(', ')}`);
    for (const d of frameworkDifferences(a)) lines.push(`${' '.repeat(idWidth)}  defaults by framework — ${d}`);
  }
  io.out(lines.join('\n') + '\n');
  return EXIT_OK;
};
