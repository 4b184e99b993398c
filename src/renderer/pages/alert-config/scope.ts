import type { Scope } from '../../../shared/contract';
import type { FieldErrors } from '../../forms/form-model';

export type ScopeKind = Scope['kind'];

/** A scope as its inputs hold it: one value per kind, so switching kind keeps what was picked. */
export interface ScopeDraft {
  kind: ScopeKind;
  siteId: string;
  monitorId: string;
  tag: string;
}

export const SCOPE_KIND_LABEL: Record<ScopeKind, string> = {
  all: 'Every monitor',
  site: 'A site',
  monitor: 'A monitor',
  tag: 'A tag',
};

export function scopeDraftOf(scope: Scope): ScopeDraft {
  return {
    kind: scope.kind,
    siteId: scope.kind === 'site' ? scope.siteId : '',
    monitorId: scope.kind === 'monitor' ? scope.monitorId : '',
    tag: scope.kind === 'tag' ? scope.tag : '',
  };
}

/** The contract's scope; an unpicked site or monitor is said in words here, not as "too small". */
export function scopeFromDraft(draft: ScopeDraft, errors: FieldErrors): Scope | Record<string, unknown> {
  switch (draft.kind) {
    case 'all':
      return { kind: 'all' };
    case 'site':
      if (draft.siteId === '') errors['scope.siteId'] = 'Pick a site';
      return { kind: 'site', siteId: draft.siteId };
    case 'monitor':
      if (draft.monitorId === '') errors['scope.monitorId'] = 'Pick a monitor';
      return { kind: 'monitor', monitorId: draft.monitorId };
    case 'tag':
      return { kind: 'tag', tag: draft.tag };
  }
}

/** The scope's fields on screen: the kind, and the one input that kind shows. */
export function scopeFields(kind: ScopeKind): readonly string[] {
  switch (kind) {
    case 'all':
      return ['scope'];
    case 'site':
      return ['scope', 'scope.siteId'];
    case 'monitor':
      return ['scope', 'scope.monitorId'];
    case 'tag':
      return ['scope', 'scope.tag'];
  }
}

export interface ScopeNames {
  siteName(id: string): string | undefined;
  monitorName(id: string): string | undefined;
}

/** "Site Depot North", "Tag “video”"; an id until the names are known (or when it was removed). */
export function describeScope(scope: Scope, names: ScopeNames): string {
  switch (scope.kind) {
    case 'all':
      return 'Every monitor';
    case 'site':
      return `Site ${names.siteName(scope.siteId) ?? scope.siteId}`;
    case 'monitor':
      return `Monitor ${names.monitorName(scope.monitorId) ?? scope.monitorId}`;
    case 'tag':
      return `Tag “${scope.tag}”`;
  }
}
