import { SiteInput, type Site } from '../../../shared/contract';
import { issueInWords } from '../../format/validation';
import type { FieldError } from '../../transport/transport';

export interface SiteDraft {
  name: string;
  address: string;
  /** Comma-separated. */
  tags: string;
}

export const SITE_FIELDS = ['name', 'address', 'tags'] as const;
export type SiteField = (typeof SITE_FIELDS)[number];
export type SiteFieldErrors = Partial<Record<SiteField, string>>;

export function draftFromSite(site: Site | null): SiteDraft {
  return site === null ? { name: '', address: '', tags: '' } : { name: site.name, address: site.address ?? '', tags: site.tags.join(', ') };
}

function fieldOf(path: string): SiteField | null {
  // sites.update nests the site under "site".
  const head = (path.startsWith('site.') ? path.slice('site.'.length) : path).split('.')[0];
  return (SITE_FIELDS as readonly string[]).includes(head ?? '') ? (head as SiteField) : null;
}

/** Field errors by field, first message each; anything unplaced in `other`. */
export function placeSiteErrors(fields: readonly FieldError[]): { byField: SiteFieldErrors; other: string[] } {
  const byField: SiteFieldErrors = {};
  const other: string[] = [];
  for (const { path, message } of fields) {
    const field = fieldOf(path);
    if (field === null) other.push(path ? `${path}: ${message}` : message);
    else byField[field] ??= message;
  }
  return { byField, other };
}

/** Checks the draft with the contract's SiteInput: an empty address is "no address", not an empty one. */
export function validateSiteDraft(draft: SiteDraft): { ok: true; input: SiteInput } | { ok: false; errors: SiteFieldErrors } {
  const candidate = {
    name: draft.name,
    address: draft.address.trim() === '' ? null : draft.address,
    tags: draft.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ''),
  };
  const parsed = SiteInput.safeParse(candidate);
  if (parsed.success) return { ok: true, input: parsed.data };
  return {
    ok: false,
    errors: placeSiteErrors(parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issueInWords(issue) })))
      .byField,
  };
}
