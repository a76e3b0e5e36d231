/**
 * The evidence one check keeps: the first exchanges, and the last few (where a failure usually is), with a note
 * where exchanges in the middle were left out. The check's own notes (what it ran, what it concluded, an engine's
 * errors) are never pushed out by exchanges recorded after them, such as the clean-up's requests.
 */
import type { Evidence } from '../model/types.js';

export interface EvidenceLimits {
  readonly first: number;
  readonly last: number;
  /** notes kept past `first` (the oldest go beyond this) */
  readonly notes: number;
}

export const EVIDENCE_LIMITS: EvidenceLimits = { first: 50, last: 10, notes: 100 };

export class EvidenceLog {
  private readonly first: Evidence[] = [];
  private readonly rest: Evidence[] = [];
  private omittedExchanges = 0;
  private omittedNotes = 0;

  constructor(private readonly limits: EvidenceLimits = EVIDENCE_LIMITS) {}

  record(evidence: Evidence): void {
    if (this.first.length < this.limits.first) {
      this.first.push(evidence);
      return;
    }
    this.rest.push(evidence);
    const isNote = evidence.kind === 'note';
    const kept = this.rest.filter((e) => (e.kind === 'note') === isNote).length;
    if (kept > (isNote ? this.limits.notes : this.limits.last)) {
      this.rest.splice(this.rest.findIndex((e) => (e.kind === 'note') === isNote), 1);
      if (isNote) this.omittedNotes++;
      else this.omittedExchanges++;
    }
  }

  get evidence(): Evidence[] {
    const left = [
      this.omittedExchanges > 0 ? `${this.omittedExchanges} exchange${this.omittedExchanges === 1 ? '' : 's'}` : '',
      this.omittedNotes > 0 ? `${this.omittedNotes} note${this.omittedNotes === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    const gap: Evidence[] = left.length > 0 ? [{ kind: 'note', text: `${left.join(' and ')} in between not recorded` }] : [];
    return [...this.first, ...gap, ...this.rest];
  }
}
