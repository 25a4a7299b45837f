// Stability findings as diagnostics: published on open, after edits (debounced), on settings changes,
// and removed on close. Every publication is tied to the version it was computed from (VersionGate).
import * as vscode from 'vscode';
import type { Finding } from '../core/analysis/types';
import type { AnalysisCache } from './analysisCache';
import { followingCells, isHandled, snapshot, toRange } from './documents';
import { guard, type Logger } from './log';
import { diagnosticLevel, type EditorSettings } from './settings';
import { Debouncer, VersionGate } from './versionGate';

export const DIAGNOSTIC_SOURCE = 'Activation Lens';
export const RULE_DOCS_BASE = 'https://github.com/activation-lens/activation-lens';
const EDIT_DEBOUNCE_MS = 250;

const SEVERITY: Readonly<Record<string, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The findings the user wants to see: rule enabled in settings (suppression comments are applied by the engine). */
export function visibleFindings(findings: readonly Finding[], settings: EditorSettings): Finding[] {
  return findings.filter((f) => diagnosticLevel(settings, f.rule, f.severity) !== undefined);
}

export function toDiagnostic(doc: vscode.TextDocument, finding: Finding, settings: EditorSettings): vscode.Diagnostic {
  const level = diagnosticLevel(settings, finding.rule, finding.severity) ?? finding.severity;
  const d = new vscode.Diagnostic(toRange(doc, finding.span), finding.message, SEVERITY[level]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: finding.rule, target: vscode.Uri.parse(`${RULE_DOCS_BASE}#${finding.rule}`) };
  return d;
}

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('activationLens');
  private readonly gate = new VersionGate();
  private readonly open = new Map<string, vscode.TextDocument>();
  private readonly debouncer = new Debouncer(EDIT_DEBOUNCE_MS, (key) => {
    const doc = this.open.get(key);
    if (doc) this.refresh(doc);
  });
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly cache: AnalysisCache,
    private readonly settingsFor: (doc: vscode.TextDocument) => EditorSettings,
    private readonly log: Logger,
  ) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((doc) => guard(log, 'diagnostics.open', undefined, () => this.opened(doc))),
      vscode.workspace.onDidChangeTextDocument((e) => guard(log, 'diagnostics.change', undefined, () => this.changed(e.document))),
      vscode.workspace.onDidCloseTextDocument((doc) => guard(log, 'diagnostics.close', undefined, () => this.closed(doc))),
    );
  }

  /** Picks up documents that were already open when the extension activated. */
  start(): void {
    for (const doc of vscode.workspace.textDocuments) this.opened(doc);
  }

  /** Settings changed: republish everything (rules may have been switched off or severities changed). */
  refreshAll(): void {
    for (const doc of this.open.values()) this.refresh(doc);
  }

  private opened(doc: vscode.TextDocument): void {
    if (!isHandled(doc)) return;
    const key = doc.uri.toString();
    this.open.set(key, doc);
    this.gate.observe(key, doc.version);
    this.refresh(doc);
  }

  private changed(doc: vscode.TextDocument): void {
    if (!isHandled(doc)) return;
    const key = doc.uri.toString();
    this.open.set(key, doc);
    this.gate.observe(key, doc.version);
    this.debouncer.schedule(key);
    // Later notebook cells see this cell's imports: their findings may change too.
    for (const later of followingCells(doc)) {
      const laterKey = later.uri.toString();
      if (this.open.has(laterKey)) this.debouncer.schedule(laterKey);
    }
  }

  private closed(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    this.open.delete(key);
    this.gate.forget(key);
    this.debouncer.cancel(key);
    this.cache.delete(key);
    this.collection.delete(doc.uri);
  }

  /** Analyses the document's current version and publishes, unless something newer arrived meanwhile. */
  refresh(doc: vscode.TextDocument): void {
    guard(this.log, 'diagnostics.refresh', undefined, () => {
      const key = doc.uri.toString();
      const version = doc.version;
      const settings = this.settingsFor(doc);
      if (!settings.diagnosticsEnabled) {
        this.collection.delete(doc.uri);
        return;
      }
      const analysis = this.cache.get(snapshot(doc));
      if (!this.gate.accepts(key, version) || doc.isClosed || doc.version !== version) return;
      const findings = analysis ? visibleFindings(analysis.result.findings, settings) : [];
      this.collection.set(
        doc.uri,
        findings.map((f) => toDiagnostic(doc, f, settings)),
      );
    });
  }

  dispose(): void {
    this.debouncer.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
