/**
 * The alert queue's first screen painted with plain DOM from the early answers (the queue's first
 * 200 alerts, transport/first-screen.ts), before the console's code is evaluated, as app/first-paint.ts
 * does for the board. It mirrors what React's first commit of the queue shows (AlertsPage with the
 * queue loaded, AlertFilterBar, the count line, AlertQueueList's grouped rows at the virtualizer's
 * positions, AlertRow), element for element and class for class, so that React's first commit
 * replaces it in place. Only the plain case (a signed-in person with every site, not a device
 * session, with alerts in the queue); anything else is React's. No React, no zod: this is in the
 * early script's bundle.
 */
import type { Alert, AlertSnapshot, StormState } from '../../shared/contract';
import { SEVERITIES } from '../../shared/contract/severities';
import {
  buildAlertQueue,
  describeGroup,
  EMPTY_ALERT_FILTERS,
  QUEUE_STATES,
  isSnoozed,
  type AlertQueue,
} from '../../shared/domain/alert-queue';
import { FIRST_ALERTS_SCREENFUL } from '../../shared/domain/first-screen';
import { FREE_TEXT_MAX } from '../format/field-limits';
import { ownerAndSeat } from '../format/owner';
import { formatUptime } from '../format/quantities';
import { SEVERITY_PRESENTATION } from '../format/severity';
import { formatHourMinute, formatTimestamp } from '../format/time';
import {
  ackReasonLabel,
  ALERT_SEARCH_ID,
  NO_OWNER_OPTION,
  NO_SITE_OPTION,
  QUEUE_KEYS_HINT,
  QUEUE_STATE_LABEL,
} from '../pages/alerts/alert-format';
import { layoutQueue, type LayoutSizes } from '../pages/alerts/queue-layout';
import { earlyAnswer, h, styled, type Child } from './early-dom';
import { consoleShell, paintableSeat, paintEarly, rootFontPx, select, type EarlyPaint } from './early-console-shell';

/** AlertQueueList's heights in rem, at the text size React's first commit uses (the settings are not read yet). */
const ROW_HEIGHT_REM = 3.25;
const GROUP_HEADER_REM = 2.25;
const GROUP_GAP_REM = 0.6;
const DIVIDER_REM = 2.25;
/** AlertQueueList's virtualizer: items drawn beyond the last one on screen. */
const OVERSCAN = 8;

function badge(kind: string, symbol: string, text: string, title?: string | null): HTMLElement {
  return h(
    'span',
    { class: `alert-badge alert-badge--${kind}`, ...(title ? { title } : {}) },
    h('span', { 'aria-hidden': 'true' }, `${symbol} `),
    text,
  );
}

/** AlertBadges, with the console's time zone as its first commit knows it ('local'). */
function alertBadges(alert: Alert, now: number): Child[] {
  const pending = alert.pendingSync
    ? h(
        'span',
        {
          class: 'alert-badge alert-badge--pending',
          title: 'Made while the hub could not be reached: sent when it is back',
          'data-testid': 'pending-sync',
        },
        h('span', { 'aria-hidden': 'true' }, '⟳ '),
        'pending sync',
      )
    : null;
  if (alert.state === 'resolved') {
    const when = alert.resolvedAt === null ? '' : ` at ${formatHourMinute(alert.resolvedAt, 'local')}`;
    const text = `Resolved${alert.resolvedBy ? ` by ${alert.resolvedBy}` : ''}${when}${alert.resolution ? ` · ${alert.resolution}` : ''}`;
    return [pending, badge('resolved', '✓', text, alert.resolution)];
  }
  return [
    pending,
    alert.state === 'acknowledged'
      ? badge(
          'acknowledged',
          '✓',
          `ack${alert.ackBy ? ` ${alert.ackBy}` : ''}${alert.ackReason ? ` · ${ackReasonLabel(alert.ackReason)}` : ''}`,
          alert.ackNote,
        )
      : null,
    alert.escalationLevel > 0
      ? badge(
          'escalated',
          '⇑',
          `escalated L${alert.escalationLevel}`,
          alert.escalatedAt === null ? null : `Escalated ${formatTimestamp(alert.escalatedAt, 'local')}`,
        )
      : null,
    alert.snoozedUntil !== null && isSnoozed(alert, now)
      ? badge(
          'snoozed',
          '◷',
          `snoozed until ${formatHourMinute(alert.snoozedUntil, 'local')}`,
          `Snoozed until ${formatTimestamp(alert.snoozedUntil, 'local')}`,
        )
      : null,
    alert.silencedBy !== null
      ? badge(
          'silenced',
          '⊘',
          `${alert.silencedBy.kind === 'maintenance' ? 'maintenance' : 'silenced'}: ${alert.silencedBy.comment}`,
          alert.silencedBy.comment,
        )
      : null,
    alert.flapping ? badge('flapping', '↯', 'flapping', 'Its subject keeps changing state') : null,
    alert.heldBecause !== null ? badge('held', '‖', `held: ${alert.heldBecause}`, alert.heldBecause) : null,
  ];
}

/** AlertRow as its first commit shows it: no cursor yet. */
function alertRow(alert: Alert, now: number): HTMLElement {
  const owner = ownerAndSeat(alert);
  const { label, symbol } = SEVERITY_PRESENTATION[alert.severity];
  return h(
    'div',
    {
      role: 'row',
      id: `alert-row-${alert.id}`,
      class: `alert-row alert-row--${alert.severity} alert-row--${alert.state}${alert.silencedBy !== null ? ' alert-row--silenced' : ''}`,
      'aria-selected': 'false',
      'data-testid': 'alert-row',
      'data-alert-id': alert.id,
      'data-severity': alert.severity,
      'data-state': alert.state,
      'data-silenced': String(alert.silencedBy !== null),
    },
    h(
      'div',
      { role: 'gridcell', class: 'alert-row__severity' },
      h(
        'span',
        { class: `badge badge--severity badge--${alert.severity}`, 'data-testid': 'alert-severity' },
        h('span', { class: 'badge__symbol', 'aria-hidden': 'true' }, symbol),
        label,
      ),
    ),
    h(
      'div',
      { role: 'gridcell', class: 'alert-row__what' },
      h('span', { class: 'alert-row__summary', title: alert.summary }, alert.summary),
      h('span', { class: 'alert-row__subject' }, `${alert.subjectName} · ${alert.ruleName}`),
    ),
    h('div', { role: 'gridcell', class: 'alert-row__badges' }, ...alertBadges(alert, now)),
    h(
      'div',
      { role: 'gridcell', class: 'alert-row__owner', title: owner === null ? 'Nobody has claimed it' : `Claimed by ${owner}` },
      owner ?? h('span', { class: 'muted' }, '—'),
    ),
    h(
      'div',
      { role: 'gridcell', class: 'alert-row__count', title: `Came back ${alert.count} times while open` },
      alert.count > 1 ? `×${alert.count}` : '',
    ),
    h(
      'div',
      { role: 'gridcell', class: 'alert-row__since' },
      h(
        'span',
        { class: 'alert-row__age', title: `First seen ${formatTimestamp(alert.firstSeenAt, 'local')}` },
        formatUptime(Math.max(0, now - alert.firstSeenAt)),
      ),
    ),
  );
}

/** AlertQueueList's sizes at this root font size. */
function queueSizes(rootPx: number): LayoutSizes {
  return {
    rowPx: Math.round(ROW_HEIGHT_REM * rootPx),
    headerPx: Math.round(GROUP_HEADER_REM * rootPx),
    gapPx: Math.round(GROUP_GAP_REM * rootPx),
    dividerPx: Math.round(DIVIDER_REM * rootPx),
  };
}

/**
 * The grouped list, empty until `fill` draws the items the virtualizer draws first for the list's
 * height: those starting within it, and its overscan after them.
 */
function queueList(
  queue: AlertQueue,
  alerts: ReadonlyMap<string, Alert>,
  rootPx: number,
  now: number,
): { list: HTMLElement; fill: (height: number) => void } {
  const sizes = queueSizes(rootPx);
  const layout = layoutQueue(queue.groups, queue.firstOtherGroup, sizes);
  const inner = styled(h('div', { class: 'alert-queue__inner' }), { height: `${layout.total}px` });
  const list = h(
    'div',
    {
      class: 'alert-queue',
      role: 'grid',
      'aria-label': 'Alert queue',
      'aria-rowcount': String(queue.ids.length),
      tabindex: '0',
      'data-testid': 'alert-queue',
    },
    inner,
  );
  const fill = (height: number) => {
    let last = 0;
    while (last + 1 < layout.itemStart.length && (layout.itemStart[last + 1] ?? Infinity) < height) last += 1;
    last = Math.min(layout.itemStart.length - 1, last + OVERSCAN);
    const visibleGroups = new Map<number, number[]>();
    for (let index = 0; index <= last; index += 1) {
      const group = layout.itemGroup[index];
      if (group === undefined) continue;
      const rows = visibleGroups.get(group) ?? [];
      if (layout.itemAlert[index] !== null) rows.push(index);
      visibleGroups.set(group, rows);
    }
    const sections = [...visibleGroups].flatMap(([groupIndex, rows]) => {
      const group = queue.groups[groupIndex];
      if (group === undefined) return [];
      const groupTop = layout.groupTop[groupIndex] ?? 0;
      const description = describeGroup(group);
      const section = h(
        'section',
        {
          role: 'rowgroup',
          'aria-label': description,
          class: `alert-group alert-group--${group.worst ?? 'resolved'}`,
          'data-testid': 'alert-group',
          'data-site-id': group.siteId,
        },
        styled(
          h(
            'div',
            { role: 'row', class: 'alert-group__header' },
            h('span', { role: 'columnheader', class: 'alert-group__title', 'data-testid': 'alert-group-title' }, description),
          ),
          { height: `${sizes.headerPx}px` },
        ),
        ...rows.flatMap((itemIndex) => {
          const alert = alerts.get(layout.itemAlert[itemIndex] ?? '');
          if (alert === undefined) return [];
          const slot = h('div', { role: 'presentation', class: 'row-slot' }, alertRow(alert, now));
          return [
            styled(slot, { transform: `translateY(${(layout.itemStart[itemIndex] ?? 0) - groupTop}px)`, height: `${sizes.rowPx}px` }),
          ];
        }),
      );
      return [styled(section, { top: `${groupTop}px`, height: `${layout.groupHeight[groupIndex] ?? 0}px` })];
    });
    inner.replaceChildren(...sections);
  };
  return { list, fill };
}

/** AlertFilterBar with no filter set, before core has said who this is (no "Mine" yet). */
function filterBar(queue: AlertQueue): HTMLElement {
  return h(
    'form',
    { class: 'filters board-filters alert-filters', role: 'search', 'aria-label': 'Filter alerts' },
    h(
      'label',
      { class: 'field board-filters__search' },
      h('span', { class: 'field__label' }, 'Search ', h('kbd', { class: 'key' }, '/')),
      h('input', {
        id: ALERT_SEARCH_ID,
        class: 'input',
        type: 'search',
        placeholder: 'Summary, subject, rule or site',
        autocomplete: 'off',
        maxlength: String(FREE_TEXT_MAX),
        'data-testid': 'alert-search',
      }),
    ),
    select('Severity', 'alert-filter-severity', [
      ['', 'Every severity'],
      ...SEVERITIES.map((severity) => [severity, SEVERITY_PRESENTATION[severity].label] as const),
    ]),
    select('State', 'alert-filter-state', [
      ['', 'Every state'],
      ...QUEUE_STATES.map((state) => [state, QUEUE_STATE_LABEL[state]] as const),
    ]),
    select('Site', 'alert-filter-site', [
      ['', 'Every site'],
      ...queue.sites.map((site) => [site.id, site.name] as const),
      [NO_SITE_OPTION, 'No site'],
    ]),
    select('Owner', 'alert-filter-owner', [
      ['', 'Anyone'],
      [NO_OWNER_OPTION, 'Nobody yet'],
    ]),
  );
}

function stormBanner(storms: readonly StormState[]): HTMLElement | null {
  if (storms.length === 0) return null;
  return h(
    'section',
    { class: 'storm-banner', role: 'alert', 'data-testid': 'storm-banner' },
    ...storms.map((storm) =>
      h(
        'p',
        { class: 'storm-banner__line', 'data-rule-id': storm.ruleId },
        h('span', { 'aria-hidden': 'true' }, '⚡ '),
        h('strong', {}, 'Alert storm:'),
        ` rule ${storm.ruleName} is holding ${storm.held.toLocaleString('en')} more alert${storm.held === 1 ? '' : 's'}`,
      ),
    ),
  );
}

/** QueueCount: the snapshot's first screenful says how many are still being read. */
function countLine(queue: AlertQueue, stillLoading: number | null): HTMLElement {
  const open = queue.groups.reduce((sum, group) => sum + group.openCount, 0);
  const resolved = queue.groups.reduce((sum, group) => sum + group.resolvedCount, 0);
  const text =
    stillLoading !== null
      ? `Showing the ${queue.ids.length} most urgent of ${stillLoading} alerts; reading the rest…`
      : `${open} open · ${resolved} resolved`;
  return h(
    'p',
    { class: 'board-grid__count muted', role: 'status', 'data-testid': 'alert-count' },
    text,
    h('span', { class: 'board-grid__keys' }, QUEUE_KEYS_HINT),
  );
}

/**
 * AlertsPage on its queue tab, as its first commit shows the first screenful, with `placed` to draw
 * the list's rows for its height once it is in the page; null for an empty queue (React's).
 */
function alertsPage(snapshot: AlertSnapshot, rootPx: number, now: number): { page: HTMLElement; placed: () => void } | null {
  if (snapshot.alerts.length === 0) return null;
  const alerts = new Map(snapshot.alerts.map((alert) => [alert.id, alert]));
  const queue = buildAlertQueue(alerts.values(), EMPTY_ALERT_FILTERS, 0, null);
  const tab = (id: string, label: string, selected: boolean) =>
    h('button', { type: 'button', role: 'tab', 'aria-selected': String(selected), class: 'tab', 'data-testid': `alerts-tab-${id}` }, label);
  const { list, fill } = queueList(queue, alerts, rootPx, now);
  const page = h(
    'section',
    { class: 'alerts-page', 'aria-labelledby': 'alerts-title', 'data-testid': 'alerts-page' },
    h('div', { class: 'page-heading' }, h('h2', { class: 'page-heading__title', id: 'alerts-title' }, 'Alert queue')),
    h('div', { role: 'tablist', 'aria-label': 'Alerts', class: 'tabs' }, tab('queue', 'Queue', true), tab('history', 'History', false)),
    stormBanner(snapshot.storms),
    filterBar(queue),
    countLine(queue, snapshot.alerts.length < snapshot.total ? snapshot.total : null),
    h('div', { class: 'alerts-page__body' }, list),
  );
  return { page, placed: () => fill(list.clientHeight) };
}

/**
 * Builds the console's first screen on the alert queue from the early answers, or null when React
 * is the one to show this seat or queue. `rootPx` is the root font size (the rows' heights are in
 * rem). Its rows are drawn once it is in the page (`placed`), for the list's height there.
 */
export function buildAlertsPaint(answers: ReadonlyMap<string, unknown>, now: number, rootPx: number): EarlyPaint | null {
  const seat = paintableSeat(earlyAnswer(answers, 'auth.state', undefined));
  const snapshot = earlyAnswer(answers, 'alerts.snapshot', { first: FIRST_ALERTS_SCREENFUL }) as AlertSnapshot | null;
  if (seat === null || snapshot === null) return null;
  const painted = alertsPage(snapshot, rootPx, now);
  if (painted === null) return null;
  // Connected, React's header says the status the alerts answer brought (ConsoleStatusBadge).
  return { ...consoleShell(seat, now, 'alerts', painted.page, snapshot.status), placed: painted.placed };
}

/** Paints the alert queue into `root` once the early answers are in, as paintBoardEarly does the board. */
export function paintAlertsEarly(root: HTMLElement, answers: Promise<ReadonlyMap<string, unknown> | null>): Promise<void> {
  return paintEarly(root, answers, (answered) => buildAlertsPaint(answered, Date.now(), rootFontPx()));
}
