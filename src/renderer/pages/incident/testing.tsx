import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect } from 'vitest';
import {
  SopStep,
  type Incident,
  type IncidentDetail,
  type SopStepInput,
  type SopTemplate,
  type StepRecord,
} from '../../../shared/contract';
import { queryKeys } from '../../api/query-keys';
import { TransportProvider } from '../../api/transport-context';
import { FakeTransport, type FakeHandlers } from '../../testing/fake-transport';
import { IncidentView } from './IncidentPage';

afterEach(cleanup);

const MINUTE = 60_000;
/** The clocks count against the real time, so the fixtures are placed around it. */
export const NOW = Date.now();
export const STARTED_AT = NOW - 30 * MINUTE;

const STEPS: SopStepInput[] = [
  { id: 'look-at-feed', title: 'Look at the camera feed', detail: 'Open the live view of every camera on the recorder.' },
  { id: 'recorder-up', title: 'Does the recorder answer a ping?', kind: 'yes-no', onYes: 'restart-camera', onNo: 'send-technician' },
  { id: 'restart-camera', title: 'Restart the camera from the recorder' },
  { id: 'send-technician', title: 'Send a technician', role: 'supervisor', timeLimitMinutes: 10 },
  {
    id: 'police-ref',
    title: 'Note the police reference',
    kind: 'input',
    input: { label: 'Police reference', pattern: '^[A-Z]{2}-\\d{6}$', example: 'AB-123456' },
  },
  { id: 'tell-customer', title: 'Tell the customer', required: false },
];

export const TEMPLATE: SopTemplate = {
  slug: 'camera-down',
  version: 3,
  name: 'Camera or recorder down',
  description: 'A camera or its recorder stopped sending video.',
  steps: STEPS.map((step) => SopStep.parse(step)),
  source: 'file',
  createdAt: STARTED_AT - 7 * 24 * 60 * MINUTE,
  createdBy: 'seed',
};

export function openRecord(stepId: string): StepRecord {
  return { stepId, status: 'open', by: null, at: null, note: '', answer: null, value: null, skipReason: null };
}

export const LOOKED_AT = STARTED_AT + 2 * MINUTE;

/** The feed was looked at and the recorder does not answer: the restart is off the path, a technician is next. */
export const WORKED_RECORDS: StepRecord[] = [
  { ...openRecord('look-at-feed'), status: 'done', by: 'maria', at: LOOKED_AT, note: 'Feed black on camera 3' },
  { ...openRecord('recorder-up'), status: 'done', by: 'maria', at: STARTED_AT + 4 * MINUTE, answer: 'no' },
  openRecord('restart-camera'),
  openRecord('send-technician'),
  openRecord('police-ref'),
  openRecord('tell-customer'),
];

export function testIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-7',
    number: 7,
    title: 'Depot cameras dark',
    priority: 'P1',
    state: 'investigating',
    sop: { slug: TEMPLATE.slug, version: TEMPLATE.version, name: TEMPLATE.name },
    siteId: 's1',
    siteName: 'Depot',
    ownerId: 'u-maria',
    owner: 'maria',
    takeoverRequest: null,
    startedAt: STARTED_AT,
    createdAt: STARTED_AT,
    createdBy: 'maria',
    respondedAt: STARTED_AT + MINUTE,
    respondDueAt: STARTED_AT + 30 * MINUTE,
    resolveDueAt: STARTED_AT + 240 * MINUTE,
    respondBreachedAt: null,
    resolveBreachedAt: null,
    resolvedAt: null,
    resolution: null,
    resolveOverride: null,
    lastUpdateAt: null,
    nextUpdateDueAt: NOW + 20 * MINUTE,
    steps: WORKED_RECORDS,
    alerts: [{ alertId: 'a1', summary: 'NVR 2 down', severity: 'critical', linkedAt: STARTED_AT }],
    review: { summary: '', impact: '', rootCause: '', lessons: '', actions: [] },
    updatedAt: NOW,
    ...overrides,
  };
}

export function testDetail(incident: Incident = testIncident()): IncidentDetail {
  return {
    incident,
    template: TEMPLATE,
    timeline: [
      { at: STARTED_AT, kind: 'created', actor: 'maria', detail: 'Created from alert NVR 2 down', stepId: null },
      {
        at: LOOKED_AT,
        kind: 'step-done',
        actor: 'maria',
        detail: 'Look at the camera feed: Feed black on camera 3',
        stepId: 'look-at-feed',
      },
    ],
  };
}

/** A core that knows one incident; every command answers with it as it is, unless a test says otherwise. */
export function incidentTransport(detail: IncidentDetail = testDetail(), handlers: FakeHandlers = {}): FakeTransport {
  const unchanged = () => detail.incident;
  return new FakeTransport({
    'incidents.get': () => detail,
    'incidents.checkStep': unchanged,
    'incidents.skipStep': unchanged,
    'incidents.reopenStep': unchanged,
    'incidents.addNote': unchanged,
    'incidents.postUpdate': unchanged,
    'incidents.resolve': unchanged,
    'incidents.setState': unchanged,
    'incidents.claim': unchanged,
    'incidents.requestTakeover': unchanged,
    'incidents.answerTakeover': unchanged,
    'incidents.overrideTakeover': unchanged,
    'incidents.handOver': unchanged,
    'incidents.setReview': unchanged,
    ...handlers,
  });
}

/** The incident view on its own, once the incident and core's settings (UTC) are read. */
export async function renderIncident(transport: FakeTransport = incidentTransport(), incidentId = 'inc-7') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <TransportProvider transport={transport}>
        <IncidentView incidentId={incidentId} />
      </TransportProvider>
    </QueryClientProvider>,
  );
  await waitFor(() => expect(queryClient.getQueryData(queryKeys.settings)).toBeDefined());
  return { transport, queryClient, unmount: view.unmount };
}

export const steps = () => screen.getAllByTestId('sop-step');
export const stepOf = (id: string) => steps().find((step) => step.dataset.stepId === id) as HTMLElement;
export const focusedStep = () => steps().find((step) => step.dataset.focused === 'true')?.dataset.stepId;

/** A key pressed where the operator is: on the page, or in the field or dialog that has focus. */
export function press(key: string, target: Element = document.activeElement ?? document.body) {
  act(() => void fireEvent.keyDown(target, { key }));
}

export function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}
