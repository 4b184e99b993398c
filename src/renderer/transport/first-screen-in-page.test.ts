// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { FIRST_BOARD_SCREENFUL, firstScreenDataBlock, firstScreenKey, firstScreenReads } from '../../shared/domain/first-screen';
import { SIGNED_IN } from '../testing/fake-transport';
import { askFirstScreenEarly, takeAnswersFromPage } from './first-screen';

const HOSTILE = '</script><script>window.owned = true</script><!--<script>\u2028&amp; "quoted"';
const BOARD_KEY = firstScreenKey('board.snapshot', { first: FIRST_BOARD_SCREENFUL });

/** The page serve mode sends a signed-in person: the answers it would give over HTTP, first in the head. */
function sentPage(): Document {
  const answers = firstScreenReads(true).map((read) => ({
    method: read.method,
    input: read.input ?? null,
    envelope: {
      ok: true,
      value: read.method === 'auth.state' ? SIGNED_IN : { at: 1, total: 1, sites: [{ name: HOSTILE }], monitors: [{ name: HOSTILE }] },
    },
  }));
  const html = `<!doctype html><html><head>${firstScreenDataBlock(answers)}<title>Watchroom</title></head><body><div id="root"></div></body></html>`;
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('the first screen’s answers written into the page', () => {
  it('parses as one inert data block whatever the monitor names hold, and gives the names back unchanged', () => {
    const page = sentPage();
    expect(page.querySelectorAll('script')).toHaveLength(1);
    expect(page.querySelector('script')?.getAttribute('type')).toBe('application/json');
    expect(page.title).toBe('Watchroom');
    expect(page.getElementById('root')).not.toBeNull();

    const answers = takeAnswersFromPage(page, true);
    expect(answers?.get(BOARD_KEY)).toMatchObject({ value: { monitors: [{ name: HOSTILE }], sites: [{ name: HOSTILE }] } });
    expect(answers?.get(firstScreenKey('auth.state', undefined))).toEqual({ ok: true, value: SIGNED_IN });
  });

  it('is taken once: the block leaves the page, and a second look finds nothing', () => {
    const page = sentPage();
    expect(takeAnswersFromPage(page, true)).not.toBeNull();
    expect(page.querySelector('script')).toBeNull();
    expect(takeAnswersFromPage(page, true)).toBeNull();
  });

  it('keeps only the reads of the page that opens: the board’s answer is not used when the address opens another page', () => {
    const answers = takeAnswersFromPage(sentPage(), false);
    expect([...(answers?.keys() ?? [])]).toEqual(firstScreenReads(false).map((read) => firstScreenKey(read.method, read.input)));
  });

  it('asks core over HTTP only when the page holds no answers (Electron, nobody signed in yet), and not at all when it does', async () => {
    const asked: string[] = [];
    const fetch = (url: string) => {
      asked.push(url);
      return Promise.resolve({ ok: true, json: () => Promise.resolve({ answers: [] }) });
    };
    const inPage = takeAnswersFromPage(sentPage(), true);
    expect(await askFirstScreenEarly(fetch, true, Promise.resolve('granted'), inPage)).toBe(inPage);
    expect(asked).toEqual([]);

    const empty = new DOMParser().parseFromString('<!doctype html><html><head></head><body></body></html>', 'text/html');
    await askFirstScreenEarly(fetch, true, Promise.resolve('granted'), takeAnswersFromPage(empty, true));
    expect(asked).toEqual(['/first-screen?board']);
  });

  it('ignores a block that is not the answers (cut short, or something else under that id) and asks instead', () => {
    const page = new DOMParser().parseFromString(
      '<!doctype html><html><head><script type="application/json" id="watchroom-first-screen">{"answers":[</script></head></html>',
      'text/html',
    );
    expect(takeAnswersFromPage(page, true)).toBeNull();
  });
});
