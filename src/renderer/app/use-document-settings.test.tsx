// @vitest-environment happy-dom
import { renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useViewStore } from '../state/view-store';
import { usePageInLocation } from './use-document-settings';

/** The address bar after the console, on `page`, has mirrored its page into an address whose fragment was `hash`. */
function addressAfterMirroring(hash: string, page: 'board' | 'wall'): string {
  window.history.replaceState(null, '', `/${hash}`);
  useViewStore.setState({ page, monitorId: null, incidentId: null });
  const { unmount } = renderHook(() => usePageInLocation());
  unmount();
  return window.location.hash;
}

afterEach(() => window.history.replaceState(null, '', '/'));

describe('the page in the address bar', () => {
  it('follows the page the console shows, so a reload comes back to it', () => {
    expect(addressAfterMirroring('#page=wall', 'board')).toBe('#page=board');
  });

  it('leaves a pairing address pasted into an open console as it is, so the reload that pairs opens the wall', () => {
    expect(addressAfterMirroring('#pair=one-time-code&page=wall', 'board')).toBe('#pair=one-time-code&page=wall');
  });

  it('leaves a newly printed address pasted into an open console as it is, until the reload trades its token', () => {
    expect(addressAfterMirroring('#token=printed-token&page=incidents', 'board')).toBe('#token=printed-token&page=incidents');
  });
});
