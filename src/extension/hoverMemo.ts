// Memo of rendered hovers, apart from the provider so it can be tested without VS Code.
import type { HoverRequest } from '../core/render/hoverContent';

/**
 * Hover markdown by everything it depends on. The same call (`F.relu(x)`, `nn.GELU()`) recurs all over a
 * file and across versions, while rendering one (sampling f and f', the core's properties) can take
 * milliseconds for the costlier activations; the theme kind is part of the key, so a theme change renders anew.
 */
export class HoverMemo {
  private readonly entries = new Map<string, string | null>();

  constructor(
    private readonly build: (request: HoverRequest) => string | undefined,
    private readonly capacity = 256,
  ) {}

  get(request: HoverRequest): string | undefined {
    const key = hoverKey(request);
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit ?? undefined;
    }
    const built = this.build(request) ?? null;
    this.entries.set(key, built);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return built ?? undefined;
  }
}

export function hoverKey(r: HoverRequest): string {
  const u = r.use;
  const f = r.finding;
  return JSON.stringify([
    r.theme, r.defaultFramework, r.thresholdDtype, r.plotHalfWidth,
    u && [u.activation, u.name, u.qualifiedName, u.framework, u.kind, u.params, u.literalArgument, u.span.end - u.span.start],
    f && [f.rule, f.activation, f.message, f.literalArgument, f.fixes[0]?.title, f.fixes[0]?.edits.map((e) => e.newText), f.span.end - f.span.start],
    u && f && u.span.start === f.span.start,
  ]);
}

