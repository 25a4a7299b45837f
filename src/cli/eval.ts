// `activation-lens eval <activation> [x ...]`: values and derivatives from the math core, for people (text),
// programs (json) and pipelines (tsv). With no x on the command line it reads whitespace-separated numbers
// from standard input, so 100,000 points can be piped through.
import {
  FRAMEWORKS, closestActivationNames, findActivation, frameworkDefaults, validateParams,
  type Activation, type ActivationProperties, type Dtype, type Framework, type Interval, type ParamValue, type Params,
} from '../core/math/index';
import { EXIT_OK, EXIT_USAGE, type CliIo, type Command } from './io';

const FORMATS = ['text', 'json', 'tsv'] as const;
type Format = (typeof FORMATS)[number];
const DTYPES: readonly Dtype[] = ['float64', 'float32'];

export const EVAL_USAGE = `usage: activation-lens eval <activation> [x ...] [options]

Evaluates f(x), f'(x) and f''(x) with Activation Lens's math core (correct to about half an ulp in float64).
With no x, reads whitespace-separated numbers from standard input.

options:
  --param name=value     set a parameter (repeatable), e.g. --param negative_slope=0.2, --param approximate=tanh
  --framework <name>     start from that framework's defaults: ${FRAMEWORKS.join(', ')}
  --dtype <dtype>        float64 (default) or float32 (inputs, parameters and results rounded to float32)
  --format <format>      text (default), json, or tsv (x, f, f', f'' per line; empty where undefined)
  -h, --help             this help

examples:
  activation-lens eval sigmoid 0 2 -40 -745
  activation-lens eval leaky_relu -3 3 --framework keras
  activation-lens eval gelu --param approximate=tanh --format tsv < points.txt`;

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const SPECIAL: Readonly<Record<string, number>> = {
  nan: NaN, '+nan': NaN, '-nan': NaN,
  inf: Infinity, '+inf': Infinity, infinity: Infinity, '+infinity': Infinity,
  '-inf': -Infinity, '-infinity': -Infinity,
};

/** A number token as users write them (1e-5, -40, .5, Infinity, -inf, NaN); undefined when it is not one. */
export function parseNumberToken(token: string): number | undefined {
  if (NUMBER.test(token)) return Number(token);
  return SPECIAL[token.toLowerCase()];
}

interface EvalOptions {
  name?: string;
  xs: number[];
  params: Record<string, ParamValue>;
  framework?: Framework;
  dtype: Dtype;
  format: Format;
  help: boolean;
}

class UsageError extends Error {}

function parseArgs(args: readonly string[]): EvalOptions {
  const o: EvalOptions = { xs: [], params: {}, dtype: 'float64', format: 'text', help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const num = parseNumberToken(arg);
    if (num !== undefined && o.name !== undefined) {
      o.xs.push(num);
      continue;
    }
    if (arg === '-h' || arg === '--help') {
      o.help = true;
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const key = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      const takeValue = (): string => {
        if (eq > 0) return arg.slice(eq + 1);
        const v = args[++i];
        if (v === undefined) throw new UsageError(`--${key} needs a value`);
        return v;
      };
      switch (key) {
        case 'param':
        case 'p': {
          const kv = takeValue();
          const k = kv.indexOf('=');
          if (k <= 0) throw new UsageError(`--param takes name=value, not '${kv}'`);
          const raw = kv.slice(k + 1).trim();
          const n = parseNumberToken(raw);
          o.params[kv.slice(0, k).trim()] = n ?? raw;
          break;
        }
        case 'framework': {
          const f = takeValue().toLowerCase();
          if (!(FRAMEWORKS as readonly string[]).includes(f)) throw new UsageError(`unknown framework '${f}'; use one of ${FRAMEWORKS.join(', ')}`);
          o.framework = f as Framework;
          break;
        }
        case 'dtype': {
          const d = takeValue().toLowerCase();
          if (!(DTYPES as readonly string[]).includes(d)) throw new UsageError(`unknown dtype '${d}'; use float64 or float32`);
          o.dtype = d as Dtype;
          break;
        }
        case 'format': {
          const f = takeValue().toLowerCase();
          if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown format '${f}'; use text, json or tsv`);
          o.format = f as Format;
          break;
        }
        default:
          throw new UsageError(`unknown option '${arg}'`);
      }
      continue;
    }
    if (o.name === undefined) {
      o.name = arg;
      continue;
    }
    throw new UsageError(`'${arg}' is not a number (argument ${i + 1})`);
  }
  return o;
}

/** Parses standard input's numbers; the first bad token is reported with its position. */
export function parseNumbers(text: string): { xs: number[] } | { error: string } {
  const xs: number[] = [];
  let line = 1;
  const re = /\S+|\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const tok = m[0];
    if (tok === '\n') {
      line++;
      continue;
    }
    const n = parseNumberToken(tok);
    if (n === undefined) return { error: `'${tok.length > 40 ? tok.slice(0, 40) + '…' : tok}' on line ${line} of standard input is not a number` };
    xs.push(n);
  }
  return { xs };
}

function fmt(n: number): string {
  return String(n);
}

/** f'' (and f') are NaN exactly where undefined (kinks, jumps) for a defined x: shown empty / null there. */
function undefinedAt(x: number, v: number): boolean {
  return v !== v && x === x;
}

function intervalText(iv: Interval): string {
  if (iv.lo === iv.hi) return isFinite(iv.lo) ? fmt(iv.lo) : iv.lo > 0 ? '+∞ (limit)' : '−∞ (limit)';
  const lo = iv.lo === -Infinity ? '(−∞' : `${iv.loClosed ? '[' : '('}${fmt(iv.lo)}`;
  const hi = iv.hi === Infinity ? '+∞)' : `${fmt(iv.hi)}${iv.hiClosed ? ']' : ')'}`;
  return `${lo}, ${hi}`;
}

function jsonNumber(n: number): number | string {
  return Number.isFinite(n) ? n : String(n);
}

function jsonInterval(iv: Interval) {
  return { lo: jsonNumber(iv.lo), hi: jsonNumber(iv.hi), loClosed: iv.loClosed, hiClosed: iv.hiClosed };
}

function jsonProperties(p: ActivationProperties) {
  return {
    range: jsonInterval(p.range),
    monotonic: p.monotonic,
    zeroCentred: p.zeroCentred,
    smooth: p.smooth,
    maxSlope: { value: jsonNumber(p.maxSlope.value), at: jsonInterval(p.maxSlope.at) },
    saturation: p.saturation.map(jsonInterval),
  };
}

function paramsText(params: Params): string {
  const entries = Object.entries(params);
  return entries.length ? entries.map(([k, v]) => `${k}=${String(v)}`).join(', ') : '(none)';
}

function renderTsv(a: Activation, xs: readonly number[], params: Params, dtype: Dtype): string {
  const parts: string[] = new Array<string>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const f = a.value(x, params, dtype);
    const d1 = a.derivative(x, params, dtype);
    const d2 = a.secondDerivative(x, params, dtype);
    const xv = dtype === 'float32' ? Math.fround(x) : x;
    parts[i] = `${fmt(xv)}\t${fmt(f)}\t${undefinedAt(x, d1) ? '' : fmt(d1)}\t${undefinedAt(x, d2) ? '' : fmt(d2)}\n`;
  }
  return parts.join('');
}

function renderText(a: Activation, xs: readonly number[], params: Params, dtype: Dtype, framework: Framework | undefined): string {
  const props = a.properties(params, dtype);
  const rows = xs.map((x) => {
    const d1 = a.derivative(x, params, dtype);
    const d2 = a.secondDerivative(x, params, dtype);
    return [fmt(dtype === 'float32' ? Math.fround(x) : x), fmt(a.value(x, params, dtype)), undefinedAt(x, d1) ? 'undefined' : fmt(d1), undefinedAt(x, d2) ? 'undefined' : fmt(d2)];
  });
  const head = ['x', 'f(x)', "f'(x)", "f''(x)"];
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, j) => c.padStart(widths[j]!)).join('  ').trimEnd();
  const bps = a.breakpoints(params);
  const out = [
    `${a.displayName} (${a.id})${a.vector ? ' — two-class view f([x, 0])[0]' : ''}`,
    `  ${a.formula.text}`,
    `  parameters: ${paramsText(params)}${framework ? ` (${framework} defaults)` : ''}; dtype ${dtype}`,
    '',
  ];
  if (rows.length) out.push(line(head), ...rows.map(line), '');
  out.push(
    'properties:',
    `  range          ${intervalText(props.range)}`,
    `  monotonic      ${props.monotonic ? 'yes' : 'no'}`,
    `  zero-centred   ${props.zeroCentred ? 'yes' : 'no'}`,
    `  smooth         ${props.smooth ? 'yes' : 'no'}`,
    `  max |f'|       ${fmt(props.maxSlope.value)} at ${intervalText(props.maxSlope.at)}`,
    `  |f'| < 1e-3    ${props.saturation.length ? props.saturation.map(intervalText).join(' ∪ ') : 'nowhere'}`,
  );
  if (bps.length) out.push(`  breakpoints    ${bps.map((b) => `${b.kind} at ${fmt(b.x)}`).join(', ')}`);
  return out.join('\n') + '\n';
}

function renderJson(a: Activation, xs: readonly number[], params: Params, dtype: Dtype, framework: Framework | undefined): string {
  const points = xs.map((x) => {
    const d1 = a.derivative(x, params, dtype);
    const d2 = a.secondDerivative(x, params, dtype);
    return {
      x: jsonNumber(dtype === 'float32' ? Math.fround(x) : x),
      f: jsonNumber(a.value(x, params, dtype)),
      df: undefinedAt(x, d1) ? null : jsonNumber(d1),
      d2f: undefinedAt(x, d2) ? null : jsonNumber(d2),
    };
  });
  const doc = {
    activation: a.id,
    displayName: a.displayName,
    formula: a.formula,
    vector: a.vector,
    framework: framework ?? null,
    dtype,
    params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? jsonNumber(v) : v])),
    breakpoints: a.breakpoints(params).map((b) => ({ x: jsonNumber(b.x), kind: b.kind })),
    properties: jsonProperties(a.properties(params, dtype)),
    points,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Canonical names for the parameters given (aliases such as keras `alpha` resolved). */
function canonicalParams(a: Activation, given: Record<string, ParamValue>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(given)) {
    const spec = a.params.find((p) => p.name.toLowerCase() === k.toLowerCase() || (p.aliases ?? []).some((al) => al.toLowerCase() === k.toLowerCase()));
    out[spec ? spec.name : k] = v;
  }
  return out;
}

export const evalCommand: Command = async (args: readonly string[], io: CliIo): Promise<number> => {
  let o: EvalOptions;
  try {
    o = parseArgs(args);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`activation-lens eval: ${e.message}\n\n${EVAL_USAGE}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  if (o.help) {
    io.out(EVAL_USAGE + '\n');
    return EXIT_OK;
  }
  if (o.name === undefined) {
    io.err(`activation-lens eval: which activation? e.g. 'activation-lens eval sigmoid 0 2 -40'\n\n${EVAL_USAGE}\n`);
    return EXIT_USAGE;
  }
  const a = findActivation(o.name);
  if (!a) {
    const close = closestActivationNames(o.name);
    io.err(
      `activation-lens eval: unknown activation '${o.name}'.${close.length ? ` Did you mean: ${close.join(', ')}?` : ''}` +
        ` Run 'activation-lens list' for all of them.\n`,
    );
    return EXIT_USAGE;
  }
  const given = canonicalParams(a, o.params);
  const problems = validateParams(a, given);
  if (problems.length) {
    const valid = a.params.map((p) => `${p.name} (default ${String(p.default)}${p.choices ? `; one of ${p.choices.join(', ')}` : ''})`);
    io.err(`activation-lens eval: ${problems.join('; ')}.\n  ${a.id} parameters: ${valid.length ? valid.join(', ') : 'none'}\n`);
    return EXIT_USAGE;
  }
  const params: Params = { ...(o.framework ? frameworkDefaults(o.framework, a.id) : defaultsOf(a)), ...given };

  let xs = o.xs;
  if (xs.length === 0) {
    if (io.stdinIsTTY) {
      io.err(`activation-lens eval: no x given; pass numbers as arguments or pipe them in, e.g.\n  activation-lens eval ${a.id} 0 2 -40\n  seq -10 10 | activation-lens eval ${a.id} --format tsv\n`);
      return EXIT_USAGE;
    }
    let text: string;
    try {
      text = await io.readStdin();
    } catch (e) {
      io.err(`activation-lens eval: cannot read standard input: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_USAGE;
    }
    const parsed = parseNumbers(text);
    if ('error' in parsed) {
      io.err(`activation-lens eval: ${parsed.error}\n`);
      return EXIT_USAGE;
    }
    xs = parsed.xs;
  }

  if (o.format === 'tsv') io.out(renderTsv(a, xs, params, o.dtype));
  else if (o.format === 'json') io.out(renderJson(a, xs, params, o.dtype, o.framework));
  else io.out(renderText(a, xs, params, o.dtype, o.framework));
  return EXIT_OK;
};

function defaultsOf(a: Activation): Params {
  const out: Record<string, ParamValue> = {};
  for (const p of a.params) out[p.name] = p.default;
  return out;
}
