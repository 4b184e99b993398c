import { describe, expect, it } from 'vitest';
import { testHealth } from '../testing/fake-transport';
import { appendSample } from './health-history';

describe('appendSample', () => {
  it('keeps the newest readings up to the limit, oldest first', () => {
    let history = appendSample(undefined, testHealth({ at: 1 }), 2);
    history = appendSample(history, testHealth({ at: 2 }), 2);
    history = appendSample(history, testHealth({ at: 3 }), 2);
    expect(history.samples.map((sample) => sample.at)).toEqual([2, 3]);
  });

  it('does not count the same reading twice', () => {
    const history = appendSample(appendSample(undefined, testHealth({ at: 1 })), testHealth({ at: 1 }));
    expect(history.samples).toHaveLength(1);
  });
});
