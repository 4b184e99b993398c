import type { Handover, HandoverItem } from '../contract';
import { renderReport, type ReportContent } from './incident-report';

const STATE_WORDS: Record<Handover['state'], string> = {
  draft: 'Draft: not handed over yet',
  'handed-over': 'Handed over: the incoming operator is going through it',
  complete: 'Complete: every item accepted',
};

const ITEM_KIND_WORDS: Record<HandoverItem['kind'], string> = {
  incident: 'Incident',
  alert: 'Alert',
  silence: 'Silence or maintenance',
  'sop-step': 'Overdue SOP step',
  backup: 'Backup',
  monitor: 'Monitor',
  health: 'Console health',
  'nothing-open': 'Nothing open',
};
export const handoverItemKindWords = (kind: HandoverItem['kind']) => ITEM_KIND_WORDS[kind];

function itemState(item: HandoverItem, formatTime: (ms: number) => string): string {
  if (item.state === 'accepted') return `Accepted by ${item.acceptedBy ?? '—'} at ${formatTime(item.acceptedAt ?? 0)}`;
  return item.state === 'question' ? 'Question waiting for an answer' : 'Not accepted yet';
}

/**
 * A shift handover as a printable report: who handed over to whom and when, the general note, then
 * every item with what held, the outgoing operator's note, questions and answers, and who accepted it.
 */
export function handoverReport(
  handover: Handover,
  options: { consoleName: string; formatTime: (ms: number) => string; now: number },
): { fileStem: string; markdown: string; html: string } {
  const { formatTime } = options;
  const content: ReportContent = {
    title: `Shift handover ${formatTime(handover.boundaryAt)}`,
    fields: {
      kind: 'fields',
      rows: [
        ['Shift change', formatTime(handover.boundaryAt)],
        ['State', STATE_WORDS[handover.state]],
        ['Handed over by', `${handover.outgoing}${handover.handedOverAt === null ? '' : `, signed ${formatTime(handover.handedOverAt)}`}`],
        [
          'Taken over by',
          handover.incoming === null
            ? '—'
            : `${handover.incoming}${handover.completedAt === null ? '' : `, signed ${formatTime(handover.completedAt)}`}`,
        ],
        ['Items', `${handover.items.filter((item) => item.state === 'accepted').length} of ${handover.items.length} accepted`],
      ],
    },
    sections: [
      {
        heading: 'General note',
        blocks: [
          handover.generalNote === '' ? { kind: 'placeholder', text: 'No general note.' } : { kind: 'text', text: handover.generalNote },
        ],
      },
      ...handover.items.map((item, index) => ({
        heading: `${index + 1}. ${ITEM_KIND_WORDS[item.kind]}: ${item.title}`,
        blocks: [
          {
            kind: 'fields' as const,
            rows: [
              ['What held', item.facts.join('\n')],
              ['Note', item.note === '' ? '—' : item.note],
              ...(item.question === null ? [] : [['Question', item.question] as const]),
              ...(item.answer === null ? [] : [['Answer', item.answer] as const]),
              ['Accepted', itemState(item, formatTime)],
            ] as const,
          },
        ],
      })),
    ],
    footer: `${options.consoleName} · printed ${formatTime(options.now)}`,
  };
  const date = new Date(handover.boundaryAt).toISOString().slice(0, 16).replace(/[:T]/g, '-');
  return { fileStem: `handover-${date}`, ...renderReport(content) };
}
