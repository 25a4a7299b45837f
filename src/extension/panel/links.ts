// Reading the plot panel's inputs from the editor side: the hover's command link and an analysis use.
// No `vscode` import, so these are unit-tested directly.
import type { ActivationUse, UseFramework } from '../../core/analysis/types';
import type { Framework } from '../../core/math/types';
import type { PlotSelection } from '../../core/render/plotState';

/** Library → the math core's framework-defaults key; libraries without their own defaults have none. */
const FRAMEWORK_OF: Partial<Record<UseFramework, Framework>> = { torch: 'torch', keras: 'keras', tf: 'tf', jax: 'jax', flax: 'jax', tfjs: 'tfjs' };

export function selectionOfUse(use: ActivationUse): PlotSelection {
  const framework = FRAMEWORK_OF[use.framework];
  return framework ? { id: use.activation, params: use.params, framework } : { id: use.activation, params: use.params };
}

/** The JSON argument of a `command:<id>?<encoded JSON>` link in markdown, if there is one. */
export function commandArgumentIn(markdown: string, command: string): unknown {
  const prefix = `command:${command}?`;
  const at = markdown.indexOf(prefix);
  if (at < 0) return undefined;
  const rest = markdown.slice(at + prefix.length);
  const end = rest.search(/[)\s"]/);
  const encoded = end < 0 ? rest : rest.slice(0, end);
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(encoded));
    // VS Code passes an array argument as the command's arguments; the first is ours.
    return Array.isArray(parsed) ? parsed[0] : parsed;
  } catch {
    return undefined;
  }
}
