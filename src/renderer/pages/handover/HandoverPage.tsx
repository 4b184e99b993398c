import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Handover, HandoverItem, ShiftPlan, WatchroomBridge } from '../../../shared/contract';
import { handoverItemKindWords, handoverReport } from '../../../shared/domain/handover-report';
import { useEffectiveSettings, useWhoAmI } from '../../api/queries';
import { useTransport } from '../../api/transport-context';
import { useCommand } from '../../api/use-command';
import { CommandButton } from '../../components/CommandButton';
import { PageHeading } from '../../components/PageHeading';
import { Problem } from '../../components/Problem';
import { failureText } from '../../format/incident';
import { formatHourMinute, formatTimestamp, timeZoneLabel, type TimeZoneSetting } from '../../format/time';
import './handover.css';

const currentKey = ['handovers.current'] as const;
const listKey = ['handovers.list'] as const;
const detailKey = (id: string) => ['handovers.get', id] as const;
const HANDOVER_KEYS = [currentKey, listKey, ['handovers.get']] as const;

const STATE_LABEL: Record<Handover['state'], string> = {
  draft: 'Draft',
  'handed-over': 'Handed over, waiting for acceptance',
  complete: 'Complete',
};

/** Every seat follows every handover live: the incoming operator's acceptances, the outgoing operator's answers. */
function useLiveHandovers(): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      transport.on('handovers.changed', ({ handover }) => {
        queryClient.setQueryData(detailKey(handover.id), handover);
        void queryClient.invalidateQueries({ queryKey: currentKey });
        void queryClient.invalidateQueries({ queryKey: listKey });
      }),
    [transport, queryClient],
  );
}

/** The desktop shell's bridge, which prints HTML to a PDF the operator saves; absent in a browser. */
function shellBridge(): WatchroomBridge | null {
  return (window as { watchroom?: WatchroomBridge }).watchroom ?? null;
}

function ShiftsPanel({ shifts, timeZone }: { shifts: ShiftPlan; timeZone: TimeZoneSetting }) {
  const [text, setText] = useState(shifts.boundaries.join(', '));
  const save = useCommand('handovers.setShifts', { stale: [currentKey] });
  const boundaries = text
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return (
    <section className="panel handover-shifts" aria-labelledby="handover-shifts-title">
      <h3 className="panel__title" id="handover-shifts-title">
        Shifts
      </h3>
      <p data-testid="handover-shifts">
        {shifts.boundaries.length === 0
          ? 'This console has no shifts yet: a supervisor sets when shifts change.'
          : `Shifts change at ${shifts.boundaries.join(' and ')} (${timeZoneLabel(timeZone)}).`}
      </p>
      <form
        className="handover-shifts__form handover-controls"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ boundaries });
        }}
      >
        <label className="field__label" htmlFor="handover-shifts-input">
          Shift changes (HH:MM, comma separated)
        </label>
        <input
          id="handover-shifts-input"
          className="input"
          value={text}
          onChange={(event) => setText(event.target.value)}
          data-testid="handover-shifts-input"
        />
        <CommandButton
          method="handovers.setShifts"
          type="submit"
          className="button"
          disabled={save.isPending}
          data-testid="handover-shifts-save"
        >
          Save shifts
        </CommandButton>
      </form>
      {save.isError ? <Problem title="The shifts were not saved">{failureText(save.error)}</Problem> : null}
    </section>
  );
}

interface ItemProps {
  handover: Handover;
  item: HandoverItem;
  meId: string | null;
  timeZone: TimeZoneSetting;
  note: string;
  onNote: (note: string) => void;
  onError: (error: unknown) => void;
}

function ItemCard({ handover, item, meId, timeZone, note, onNote, onError }: ItemProps) {
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState('');
  const options = { stale: HANDOVER_KEYS };
  const accept = useCommand('handovers.accept', options);
  const ask = useCommand('handovers.ask', options);
  const reply = useCommand('handovers.answer', options);
  const outgoing = handover.outgoingId === meId;
  const writing = handover.state === 'draft' && outgoing;
  const incoming = handover.state === 'handed-over' && !outgoing && item.state !== 'accepted';
  const time = (ms: number | null) => (ms === null ? '' : formatTimestamp(ms, timeZone));
  return (
    <li className={`handover-item handover-item--${item.state}`} data-testid="handover-item" data-kind={item.kind} data-state={item.state}>
      <div className="handover-item__head">
        <span className="handover-item__kind">{handoverItemKindWords(item.kind)}</span>
        <strong className="handover-item__title" data-testid="handover-item-title">
          {item.title}
        </strong>
        <span className="handover-item__state" data-testid="handover-item-state">
          {item.state === 'accepted'
            ? `Accepted by ${item.acceptedBy ?? ''} at ${time(item.acceptedAt)}`
            : item.state === 'question'
              ? 'Question waiting'
              : 'Not accepted yet'}
        </span>
      </div>
      <ul className="handover-item__facts">
        {item.facts.map((fact) => (
          <li key={fact}>{fact}</li>
        ))}
      </ul>
      {writing ? (
        <label className="handover-item__note-field handover-controls">
          <span className="field__label">Note for the next shift</span>
          <textarea
            className="input"
            rows={2}
            maxLength={4000}
            value={note}
            onChange={(event) => onNote(event.target.value)}
            data-testid="handover-item-note"
          />
        </label>
      ) : null}
      {/* What was written shows as text: always when signed, and in print for a draft too. */}
      {item.note !== '' ? (
        <p className={`handover-item__note${writing ? ' handover-print-only' : ''}`} data-testid="handover-item-note-text">
          Note: {item.note}
        </p>
      ) : null}
      {item.question !== null ? (
        <p className="handover-item__question" data-testid="handover-item-question">
          Question: {item.question}
        </p>
      ) : null}
      {item.answer !== null ? (
        <p className="handover-item__answer" data-testid="handover-item-answer">
          Answer: {item.answer}
        </p>
      ) : null}
      {incoming ? (
        <div className="handover-item__actions handover-controls">
          <CommandButton
            method="handovers.accept"
            className="button button--primary"
            disabled={accept.isPending}
            onClick={() => accept.mutate({ id: handover.id, itemId: item.id }, { onError })}
            data-testid="handover-accept"
          >
            Accept
          </CommandButton>
          <input
            className="input"
            aria-label={`Question about ${item.title}`}
            value={question}
            maxLength={2000}
            onChange={(event) => setQuestion(event.target.value)}
            data-testid="handover-ask-input"
          />
          <CommandButton
            method="handovers.ask"
            className="button"
            disabled={ask.isPending || question.trim() === ''}
            onClick={() => ask.mutate({ id: handover.id, itemId: item.id, question }, { onError, onSuccess: () => setQuestion('') })}
            data-testid="handover-ask"
          >
            Ask
          </CommandButton>
        </div>
      ) : null}
      {outgoing && item.state === 'question' ? (
        <div className="handover-item__actions handover-controls">
          <input
            className="input"
            aria-label={`Answer about ${item.title}`}
            value={answer}
            maxLength={2000}
            onChange={(event) => setAnswer(event.target.value)}
            data-testid="handover-answer-input"
          />
          <CommandButton
            method="handovers.answer"
            className="button button--primary"
            disabled={reply.isPending || answer.trim() === ''}
            onClick={() => reply.mutate({ id: handover.id, itemId: item.id, answer }, { onError, onSuccess: () => setAnswer('') })}
            data-testid="handover-answer"
          >
            Answer
          </CommandButton>
        </div>
      ) : null}
    </li>
  );
}

function HandoverView({ handover, meId, timeZone }: { handover: Handover; meId: string | null; timeZone: TimeZoneSetting }) {
  const { consoleName } = useEffectiveSettings();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [generalNote, setGeneralNote] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const options = { stale: HANDOVER_KEYS };
  const saveNotes = useCommand('handovers.setNotes', options);
  const rebuild = useCommand('handovers.start', options);
  const handOver = useCommand('handovers.handOver', options);
  const onError = (error: unknown) => setProblem(failureText(error));
  const writing = handover.state === 'draft' && handover.outgoingId === meId;
  const noteOf = (item: HandoverItem) => notes[item.id] ?? item.note;
  const notesInput = {
    id: handover.id,
    generalNote: generalNote ?? handover.generalNote,
    items: handover.items.map((item) => ({ itemId: item.id, note: noteOf(item) })),
  };
  const print = async () => {
    const bridge = shellBridge();
    if (bridge === null) {
      // The page's print stylesheet leaves the handover alone on the paper.
      window.print();
      return;
    }
    const report = handoverReport(handover, {
      consoleName,
      formatTime: (ms) => formatTimestamp(ms, timeZone),
      now: Date.now(),
    });
    const printed = await bridge.printReport({ html: report.html, fileStem: report.fileStem });
    if (!printed.ok) setProblem(printed.error.message);
  };
  const accepted = handover.items.filter((item) => item.state === 'accepted').length;
  return (
    <section className="panel handover-view" aria-labelledby="handover-view-title" data-testid="handover-view" data-state={handover.state}>
      <div className="panel__head">
        <h3 className="panel__title" id="handover-view-title">
          Shift handover {formatHourMinute(handover.boundaryAt, timeZone)}
        </h3>
        <button type="button" className="button handover-controls" onClick={() => void print()} data-testid="handover-print">
          Print
        </button>
      </div>
      <dl className="handover-view__fields">
        <dt>State</dt>
        <dd data-testid="handover-state">{STATE_LABEL[handover.state]}</dd>
        <dt>Shift change</dt>
        <dd>{formatTimestamp(handover.boundaryAt, timeZone)}</dd>
        <dt>Handed over by</dt>
        <dd data-testid="handover-outgoing">
          {handover.outgoing}
          {handover.handedOverAt === null ? ' (writing it)' : `, signed ${formatTimestamp(handover.handedOverAt, timeZone)}`}
        </dd>
        <dt>Taken over by</dt>
        <dd data-testid="handover-incoming">
          {handover.incoming ?? '—'}
          {handover.completedAt === null ? '' : `, signed ${formatTimestamp(handover.completedAt, timeZone)}`}
        </dd>
        <dt>Items</dt>
        <dd data-testid="handover-progress">
          {accepted} of {handover.items.length} accepted
        </dd>
      </dl>
      {writing ? (
        <label className="handover-view__general handover-controls">
          <span className="field__label">General notes</span>
          <textarea
            className="input"
            rows={3}
            maxLength={4000}
            value={generalNote ?? handover.generalNote}
            onChange={(event) => setGeneralNote(event.target.value)}
            data-testid="handover-general-note"
          />
        </label>
      ) : null}
      {handover.generalNote !== '' ? (
        <p className={`handover-view__general-text${writing ? ' handover-print-only' : ''}`} data-testid="handover-general-note-text">
          General notes: {handover.generalNote}
        </p>
      ) : null}
      <ol className="handover-items">
        {handover.items.map((item) => (
          <ItemCard
            key={item.id}
            handover={handover}
            item={item}
            meId={meId}
            timeZone={timeZone}
            note={noteOf(item)}
            onNote={(note) => setNotes((previous) => ({ ...previous, [item.id]: note }))}
            onError={onError}
          />
        ))}
      </ol>
      {writing ? (
        <div className="handover-view__actions handover-controls">
          <CommandButton
            method="handovers.setNotes"
            className="button"
            disabled={saveNotes.isPending}
            onClick={() => saveNotes.mutate(notesInput, { onError })}
            data-testid="handover-save-notes"
          >
            Save notes
          </CommandButton>
          <CommandButton
            method="handovers.start"
            className="button"
            disabled={rebuild.isPending}
            onClick={() => saveNotes.mutate(notesInput, { onError, onSuccess: () => rebuild.mutate(undefined, { onError }) })}
            data-testid="handover-rebuild"
          >
            Build again from now
          </CommandButton>
          <CommandButton
            method="handovers.handOver"
            className="button button--primary"
            disabled={handOver.isPending}
            onClick={() => saveNotes.mutate(notesInput, { onError, onSuccess: () => handOver.mutate({ id: handover.id }, { onError }) })}
            data-testid="handover-hand-over"
          >
            Sign and hand over
          </CommandButton>
        </div>
      ) : null}
      {problem !== null ? (
        <Problem title="That did not work" testId="handover-error">
          {problem}
        </Problem>
      ) : null}
    </section>
  );
}

function History({
  handovers,
  timeZone,
  onOpen,
}: {
  handovers: readonly Handover[];
  timeZone: TimeZoneSetting;
  onOpen: (id: string) => void;
}) {
  if (handovers.length === 0) return <p className="muted">No handovers yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="handover-history">
        <thead>
          <tr>
            <th scope="col">Shift change ({timeZoneLabel(timeZone)})</th>
            <th scope="col">Handed over by</th>
            <th scope="col">Taken over by</th>
            <th scope="col">State</th>
            <th scope="col">Items</th>
          </tr>
        </thead>
        <tbody>
          {handovers.map((handover) => (
            <tr key={handover.id} data-testid="handover-history-row" data-state={handover.state}>
              <td>
                <button type="button" className="button button--small button--quiet" onClick={() => onOpen(handover.id)}>
                  {formatTimestamp(handover.boundaryAt, timeZone)}
                </button>
              </td>
              <td>{handover.outgoing}</td>
              <td>{handover.incoming ?? '—'}</td>
              <td>{STATE_LABEL[handover.state]}</td>
              <td>
                {handover.items.filter((item) => item.state === 'accepted').length} of {handover.items.length}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Hand over: the outgoing operator builds the handover of the nearest shift change from the live
 * state, writes notes and signs it; the incoming operator accepts each item or asks about it; every
 * seat follows live. Printable, with a history of past handovers.
 */
export function HandoverPage() {
  const transport = useTransport();
  const { timeZone } = useEffectiveSettings();
  const me = useWhoAmI();
  const [openedId, setOpenedId] = useState<string | null>(null);
  useLiveHandovers();
  const current = useQuery({ queryKey: currentKey, queryFn: () => transport.call('handovers.current', undefined) });
  const history = useQuery({ queryKey: listKey, queryFn: () => transport.call('handovers.list', undefined) });
  const opened = useQuery({
    queryKey: detailKey(openedId ?? ''),
    queryFn: () => transport.call('handovers.get', { id: openedId ?? '' }),
    enabled: openedId !== null,
  });
  const start = useCommand('handovers.start', { stale: HANDOVER_KEYS });
  const shown = openedId !== null ? (opened.data ?? null) : (current.data?.handover ?? null);
  return (
    <section aria-labelledby="handover-title" data-testid="page-handover" className="handover-page">
      <PageHeading id="handover-title" title="Hand over" />
      {current.isError ? <Problem title="Could not read the handover">{failureText(current.error)}</Problem> : null}
      {current.data ? (
        <>
          <ShiftsPanel key={current.data.shifts.boundaries.join(',')} shifts={current.data.shifts} timeZone={timeZone} />
          {openedId !== null ? (
            <button
              type="button"
              className="button button--small handover-controls"
              onClick={() => setOpenedId(null)}
              data-testid="handover-back"
            >
              Back to the current handover
            </button>
          ) : null}
          {shown === null && openedId === null ? (
            <section className="panel handover-controls" data-testid="handover-none">
              <p>
                {current.data.boundaryAt === null
                  ? 'No shifts are set, so no handover is due.'
                  : `No handover for the shift change at ${formatHourMinute(current.data.boundaryAt, timeZone)} yet.`}
              </p>
              <CommandButton
                method="handovers.start"
                className="button button--primary"
                disabled={start.isPending || current.data.boundaryAt === null}
                onClick={() => start.mutate(undefined)}
                data-testid="handover-start"
              >
                Build the handover
              </CommandButton>
              {start.isError ? <Problem title="The handover was not built">{failureText(start.error)}</Problem> : null}
            </section>
          ) : null}
          {shown !== null ? <HandoverView key={shown.id} handover={shown} meId={me?.id ?? null} timeZone={timeZone} /> : null}
        </>
      ) : (
        <p className="loading">Reading the handover…</p>
      )}
      <section className="panel handover-history handover-controls" aria-labelledby="handover-history-title">
        <h3 className="panel__title" id="handover-history-title">
          Handover history
        </h3>
        {history.data ? <History handovers={history.data} timeZone={timeZone} onOpen={setOpenedId} /> : null}
      </section>
    </section>
  );
}
