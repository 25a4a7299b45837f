// The extension's settings as one typed object. `readSettings` takes any `get(key)` (VS Code's
// WorkspaceConfiguration in the extension, a plain object in tests) and never throws: a wrong type or
// an unknown value in settings.json falls back to the default instead of breaking hovers.
import { FRAMEWORKS, type Dtype, type Framework } from '../core/math/types';
import { RULE_IDS, type RuleId, type Severity } from '../core/analysis/types';

export const SETTINGS_SECTION = 'activationLens';

/** A rule's setting: `default` keeps the engine's severity, `off` disables the rule. */
export const RULE_LEVELS = ['default', 'off', 'error', 'warning', 'information', 'hint'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];
export type DiagnosticLevel = 'error' | 'warning' | 'information' | 'hint';

export interface EditorSettings {
  readonly hoverEnabled: boolean;
  readonly diagnosticsEnabled: boolean;
  readonly inlayHintsEnabled: boolean;
  readonly rules: Readonly<Record<RuleId, RuleLevel>>;
  readonly defaultFramework: Framework;
  /** Half-width of the hover graph's x range; 0 chooses a range that shows the shape. */
  readonly plotHalfWidth: number;
  /** The dtype whose thresholds lead in messages (both are shown in hovers). */
  readonly thresholdDtype: Dtype;
}

export const DEFAULT_SETTINGS: EditorSettings = {
  hoverEnabled: true,
  diagnosticsEnabled: true,
  inlayHintsEnabled: true,
  rules: Object.fromEntries(RULE_IDS.map((r) => [r, 'default'])) as Record<RuleId, RuleLevel>,
  defaultFramework: 'torch',
  plotHalfWidth: 0,
  thresholdDtype: 'float64',
};

/** Reads a setting relative to the `activationLens` section (`hover.enabled`, `rules`, ...). */
export type SettingGetter = (key: string) => unknown;

export function readSettings(get: SettingGetter): EditorSettings {
  const bool = (key: string, fallback: boolean): boolean => {
    const v = safeGet(get, key);
    return typeof v === 'boolean' ? v : fallback;
  };
  const rawRules = safeGet(get, 'rules');
  const rules = { ...DEFAULT_SETTINGS.rules };
  if (rawRules && typeof rawRules === 'object') {
    for (const rule of RULE_IDS) {
      const level = (rawRules as Record<string, unknown>)[rule];
      if (typeof level === 'boolean') rules[rule] = level ? 'default' : 'off';
      else if (typeof level === 'string' && (RULE_LEVELS as readonly string[]).includes(level)) rules[rule] = level as RuleLevel;
    }
  }
  const framework = safeGet(get, 'defaultFramework');
  const halfWidth = safeGet(get, 'hover.plotRange');
  const dtype = safeGet(get, 'thresholdDtype');
  return {
    hoverEnabled: bool('hover.enabled', DEFAULT_SETTINGS.hoverEnabled),
    diagnosticsEnabled: bool('diagnostics.enabled', DEFAULT_SETTINGS.diagnosticsEnabled),
    inlayHintsEnabled: bool('inlayHints.enabled', DEFAULT_SETTINGS.inlayHintsEnabled),
    rules,
    defaultFramework:
      typeof framework === 'string' && (FRAMEWORKS as readonly string[]).includes(framework)
        ? (framework as Framework)
        : DEFAULT_SETTINGS.defaultFramework,
    plotHalfWidth:
      typeof halfWidth === 'number' && Number.isFinite(halfWidth) && halfWidth > 0 && halfWidth <= 1e6 ? halfWidth : 0,
    thresholdDtype: dtype === 'float32' || dtype === 'float64' ? dtype : DEFAULT_SETTINGS.thresholdDtype,
  };
}

/** The severity a finding is shown with, or undefined when its rule is switched off. */
export function diagnosticLevel(settings: EditorSettings, rule: RuleId, engineSeverity: Severity): DiagnosticLevel | undefined {
  const level = settings.rules[rule] ?? 'default';
  if (level === 'off') return undefined;
  return level === 'default' ? engineSeverity : level;
}

function safeGet(get: SettingGetter, key: string): unknown {
  try {
    return get(key);
  } catch {
    return undefined;
  }
}
