import type { Scope } from '../contract/alerts';

/** A monitor as scopes see it: itself, its site, and the monitors above it (parent first). */
export interface ScopeSubject {
  monitorId: string;
  siteId: string;
  tags: readonly string[];
  siteTags: readonly string[];
  ancestors: readonly { monitorId: string; siteId: string; tags: readonly string[] }[];
}

const hasTag = (tags: readonly string[], tag: string) => tags.some((t) => t.toLowerCase() === tag);

/** Whether a rule's or silence's scope covers a monitor; a site or monitor scope cascades to the monitors behind it. */
export function scopeCovers(scope: Scope, subject: ScopeSubject): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'monitor':
      return subject.monitorId === scope.monitorId || subject.ancestors.some((a) => a.monitorId === scope.monitorId);
    case 'site':
      return subject.siteId === scope.siteId || subject.ancestors.some((a) => a.siteId === scope.siteId);
    case 'tag': {
      const tag = scope.tag.toLowerCase();
      return hasTag(subject.tags, tag) || hasTag(subject.siteTags, tag) || subject.ancestors.some((a) => hasTag(a.tags, tag));
    }
  }
}

export function describeScope(scope: Scope, names: { site(id: string): string; monitor(id: string): string }): string {
  switch (scope.kind) {
    case 'all':
      return 'every monitor';
    case 'site':
      return `site ${names.site(scope.siteId)} and everything in it`;
    case 'monitor':
      return `monitor ${names.monitor(scope.monitorId)} and the monitors behind it`;
    case 'tag':
      return `tag ${scope.tag}`;
  }
}
