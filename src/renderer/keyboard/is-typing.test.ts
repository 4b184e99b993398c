// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { isTyping } from './is-typing';

describe('single-key shortcuts leave text fields alone', () => {
  it('counts inputs, text areas, selects and editable text as typing, and nothing else', () => {
    for (const tag of ['input', 'textarea', 'select']) expect(isTyping(document.createElement(tag))).toBe(true);
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    expect(isTyping(editable)).toBe(true);
    expect(isTyping(document.createElement('button'))).toBe(false);
    expect(isTyping(window)).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});
