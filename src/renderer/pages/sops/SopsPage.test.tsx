// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SopStep, type SopStepInput, type SopSummary, type SopTemplate } from '../../../shared/contract';
import { FakeTransport } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';
import { TransportError } from '../../transport/transport';

const STEPS: SopStepInput[] = [
  { id: 'look', title: 'Look at the cameras of the zone' },
  { id: 'someone-there', title: 'Is someone on site?', kind: 'yes-no', onYes: 'call-police', onNo: 'end' },
  { id: 'call-police', title: 'Call the police', role: 'supervisor', timeLimitMinutes: 5 },
  {
    id: 'police-ref',
    title: 'Note the police reference',
    kind: 'input',
    input: { label: 'Police reference', pattern: '^[A-Z]{2}-\\d{6}$', example: 'AB-123456' },
  },
];

const TEMPLATE: SopTemplate = {
  slug: 'intrusion-alarm',
  version: 3,
  name: 'Intrusion alarm',
  description: 'A zone of an alarm panel went off.',
  steps: STEPS.map((step) => SopStep.parse(step)),
  source: 'file',
  createdAt: Date.UTC(2026, 10, 20),
  createdBy: 'seed',
};

function summaryOf(template: SopTemplate): SopSummary {
  const { slug, name, description, version, steps, createdAt } = template;
  return { slug, name, description, version, steps: steps.length, updatedAt: createdAt };
}

/** A core that keeps one template and saves whatever it is sent as the next version. */
function sopTransport() {
  let latest = TEMPLATE;
  const transport = new FakeTransport({
    'sops.list': () => [summaryOf(latest)],
    'sops.get': () => latest,
    'sops.save': (input) => {
      latest = {
        ...latest,
        ...input,
        description: input.description ?? '',
        steps: input.steps.map((step) => SopStep.parse(step)),
        version: latest.version + 1,
        source: 'console',
        createdBy: 'operator',
      };
      return latest;
    },
  });
  return transport;
}

async function openTemplate(transport = sopTransport()) {
  renderApp({ transport, page: 'sops' });
  fireEvent.click(await screen.findByTestId('sop-open'));
  await screen.findByTestId('sop-editor');
  return transport;
}

const stepIds = () => screen.getAllByTestId('sop-editor-step').map((step) => step.dataset.stepId);
const stepOf = (id: string) => screen.getAllByTestId('sop-editor-step').find((step) => step.dataset.stepId === id) as HTMLElement;
const errorBeside = (input: HTMLElement) => input.closest('.form-row')?.querySelector('[data-testid="field-error"]')?.textContent ?? null;
const altKey = (target: HTMLElement, key: 'ArrowUp' | 'ArrowDown') => act(() => void fireEvent.keyDown(target, { key, altKey: true }));

function chooseFile(text: string, name: string) {
  fireEvent.change(screen.getByTestId('sop-import-file'), { target: { files: [new File([text], name, { type: 'application/yaml' })] } });
}

describe('the SOP template editor', () => {
  it('reorders steps with the buttons and Alt+arrows, and saves them in that order as the next version', async () => {
    const transport = await openTemplate();
    expect(stepIds()).toEqual(['look', 'someone-there', 'call-police', 'police-ref']);

    const down = within(stepOf('look')).getByTestId('sop-step-down');
    down.focus();
    fireEvent.click(down);
    expect(stepIds()).toEqual(['someone-there', 'look', 'call-police', 'police-ref']);
    // Focus stays on the button that moved the step, so it can be pressed again.
    expect(document.activeElement).toBe(down);

    // Alt+↑ in a text field is the field's own; on the step itself it moves the step.
    altKey(within(stepOf('police-ref')).getByTestId('sop-step-title'), 'ArrowUp');
    expect(stepIds()).toEqual(['someone-there', 'look', 'call-police', 'police-ref']);
    stepOf('police-ref').focus();
    altKey(stepOf('police-ref'), 'ArrowUp');
    expect(stepIds()).toEqual(['someone-there', 'look', 'police-ref', 'call-police']);
    expect(document.activeElement).toBe(stepOf('police-ref'));

    const save = screen.getByTestId('sop-save');
    expect(save.textContent).toBe('Save as version 4');
    fireEvent.click(save);

    await waitFor(() => expect(screen.getByTestId('sop-notice').textContent).toContain('Saved Intrusion alarm as version 4.'));
    const [sent] = transport.callsOf('sops.save');
    expect(sent?.steps.map((step) => step.id)).toEqual(['someone-there', 'look', 'police-ref', 'call-police']);
    expect(sent?.steps[0]).toMatchObject({ kind: 'yes-no', onYes: 'call-police', onNo: 'end' });
    expect(sent?.steps[3]).toEqual({
      id: 'call-police',
      title: 'Call the police',
      detail: '',
      required: true,
      role: 'supervisor',
      timeLimitMinutes: 5,
      kind: 'check',
      onYes: null,
      onNo: null,
      input: null,
      page: null,
    });
    expect(screen.getByTestId('sop-editor-version').textContent).toContain('version 4');
    expect(screen.getByTestId('sop-save').textContent).toBe('Save as version 5');
  });

  it('refuses a branch to a step that now comes before it, without asking core', async () => {
    const transport = await openTemplate();
    fireEvent.click(within(stepOf('call-police')).getByTestId('sop-step-up'));
    expect(stepIds()).toEqual(['look', 'call-police', 'someone-there', 'police-ref']);
    fireEvent.click(screen.getByTestId('sop-save'));

    const onYes = within(stepOf('someone-there')).getByTestId('sop-step-on-yes');
    await waitFor(() => expect(errorBeside(onYes)).toContain('"call-police" comes before this step; a branch may only go forward'));
    expect(onYes.getAttribute('aria-invalid')).toBe('true');
    expect(transport.callsOf('sops.save')).toEqual([]);
  });

  it("puts core's refusal beside the field it names and loses nothing of the form", async () => {
    const transport = await openTemplate();
    transport.respond('sops.save', () => {
      throw new TransportError('invalid_input', 'Invalid input', [
        { path: 'steps.1.onNo', message: 'Say where a no leads' },
        { path: 'name', message: 'Another template has this name' },
      ]);
    });
    fireEvent.change(screen.getByTestId('sop-name'), { target: { value: 'Intruder alarm' } });
    fireEvent.change(within(stepOf('look')).getByTestId('sop-step-detail'), { target: { value: 'Every camera of the zone' } });
    fireEvent.click(screen.getByTestId('sop-save'));

    const onNo = within(stepOf('someone-there')).getByTestId('sop-step-on-no');
    await waitFor(() => expect(errorBeside(onNo)).toBe('⚠ Say where a no leads'));
    expect(onNo.closest('.form-row')?.querySelector('[data-testid="field-error"]')?.getAttribute('data-field')).toBe('steps.1.onNo');
    expect(errorBeside(screen.getByTestId('sop-name'))).toContain('Another template has this name');
    expect((screen.getByTestId('sop-name') as HTMLInputElement).value).toBe('Intruder alarm');
    expect((within(stepOf('look')).getByTestId('sop-step-detail') as HTMLTextAreaElement).value).toBe('Every camera of the zone');
    expect(stepIds()).toEqual(['look', 'someone-there', 'call-police', 'police-ref']);

    // Answering the refusal clears it.
    fireEvent.change(onNo, { target: { value: 'police-ref' } });
    expect(errorBeside(onNo)).toBeNull();
  });

  it('adds and removes steps, a new one with an id of its own', async () => {
    await openTemplate();
    fireEvent.click(screen.getByTestId('sop-step-add'));
    expect(stepIds()).toEqual(['look', 'someone-there', 'call-police', 'police-ref', 'step-5']);
    expect(document.activeElement).toBe(within(stepOf('step-5')).getByTestId('sop-step-title'));
    fireEvent.click(within(stepOf('look')).getByTestId('sop-step-remove'));
    expect(stepIds()).toEqual(['someone-there', 'call-police', 'police-ref', 'step-5']);
  });

  it('starts a new template, refusing a slug already in use', async () => {
    const transport = sopTransport();
    renderApp({ transport, page: 'sops' });
    await screen.findByTestId('sop-open');
    fireEvent.click(screen.getByTestId('sop-new'));
    fireEvent.change(await screen.findByTestId('sop-slug'), { target: { value: 'intrusion-alarm' } });
    fireEvent.change(screen.getByTestId('sop-name'), { target: { value: 'Fire panel fault' } });
    fireEvent.change(within(screen.getByTestId('sop-editor-step')).getByTestId('sop-step-title'), {
      target: { value: 'Call the fire brigade' },
    });
    expect(screen.getByTestId('sop-save').textContent).toBe('Save as version 1');
    fireEvent.click(screen.getByTestId('sop-save'));
    await waitFor(() => expect(errorBeside(screen.getByTestId('sop-slug'))).toContain('A template with this slug exists'));
    expect(transport.callsOf('sops.save')).toEqual([]);

    fireEvent.change(screen.getByTestId('sop-slug'), { target: { value: 'fire-panel' } });
    fireEvent.click(screen.getByTestId('sop-save'));
    await waitFor(() => expect(transport.callsOf('sops.save')).toHaveLength(1));
    expect(transport.callsOf('sops.save')[0]).toMatchObject({
      slug: 'fire-panel',
      name: 'Fire panel fault',
      steps: [{ id: 'step-1', title: 'Call the fire brigade', kind: 'check' }],
    });
  });
});

describe('a template saved elsewhere while it is open', () => {
  const THEIRS: SopTemplate = { ...TEMPLATE, version: 4, name: 'Intrusion alarm (night)', source: 'console', createdBy: 'Alex Admin' };
  const STALE = new TransportError('conflict', '"Intrusion alarm (night)" was changed at 14:02 after you opened it', [], {
    basedOn: { version: 3, fields: { Name: 'Intrusion alarm', 'Step 1': 'Look at the cameras of the zone' } },
    current: { version: 4, fields: { Name: 'Intrusion alarm (night)', 'Step 1': 'Look at the cameras of the zone' } },
  });

  it('shows both versions; "Keep mine" saves it on the current version, "Take theirs" opens the current version', async () => {
    const transport = await openTemplate();
    transport.respond('sops.get', () => THEIRS);
    transport.respond('sops.save', (input) => {
      if (input.basedOnVersion === 3) throw STALE;
      return { ...THEIRS, version: 5 };
    });
    fireEvent.click(screen.getByTestId('sop-save'));
    const conflict = await screen.findByTestId('version-conflict');
    expect(within(conflict).getAllByTestId('version-conflict-row')[0]?.textContent).toBe(
      'Name (differs)Intrusion alarmIntrusion alarm (night)',
    );
    fireEvent.click(screen.getByTestId('version-conflict-take-theirs'));
    await waitFor(() => expect(screen.getByTestId('sop-editor-version').textContent).toContain('version 4, saved by Alex Admin'));
    expect(screen.queryByTestId('version-conflict')).toBeNull();

    // Someone saves version 5 before this one does: "Keep mine" saves it on version 5.
    const staler = new TransportError('conflict', STALE.message, [], {
      basedOn: { version: 4, fields: { Name: 'Intrusion alarm (night)' } },
      current: { version: 5, fields: { Name: 'Intrusion alarm (day)' } },
    });
    transport.respond('sops.save', (input) => {
      if (input.basedOnVersion === 4) throw staler;
      return { ...THEIRS, version: 6 };
    });
    fireEvent.click(screen.getByTestId('sop-save'));
    fireEvent.click(await screen.findByTestId('version-conflict-keep-mine'));
    await waitFor(() => expect(transport.callsOf('sops.save')).toHaveLength(3));
    const [, refused, kept] = transport.callsOf('sops.save');
    expect(refused).toMatchObject({ basedOnVersion: 4 });
    expect(kept).toEqual({ ...refused, basedOnVersion: 5 });
  });
});

describe('importing a YAML template', () => {
  it("shows core's refusal, which names the file, the line and the field", async () => {
    const transport = sopTransport();
    const message = 'intrusion.yaml line 14, steps.2.onYes: There is no step "call-polce". No template was added.';
    transport.respond('sops.import', () => {
      throw new TransportError('invalid_input', message, [{ path: 'steps.2.onYes', message: 'There is no step "call-polce"', line: 14 }]);
    });
    renderApp({ transport, page: 'sops' });
    await screen.findByTestId('sop-open');
    chooseFile('slug: intrusion-alarm\n', 'intrusion.yaml');

    const problem = await screen.findByTestId('sop-import-error');
    expect(problem.textContent).toContain('Not imported: intrusion.yaml');
    expect(problem.textContent).toContain(message);
    // A new template has no previous version: only core knows which case it is, and says it.
    expect(problem.textContent).not.toContain('previous version');
    expect(transport.callsOf('sops.import')).toEqual([{ fileName: 'intrusion.yaml', text: 'slug: intrusion-alarm\n' }]);
    expect(screen.queryByTestId('sop-notice')).toBeNull();
  });

  it('opens an imported template in the editor', async () => {
    const transport = sopTransport();
    transport.respond('sops.import', () => ({ ...TEMPLATE, version: 4, name: 'Intrusion alarm (2027)' }));
    renderApp({ transport, page: 'sops' });
    await screen.findByTestId('sop-open');
    chooseFile('slug: intrusion-alarm\n', 'intrusion.yml');

    expect((await screen.findByTestId('sop-notice')).textContent).toContain(
      'Imported Intrusion alarm (2027) from intrusion.yml as version 4.',
    );
    expect((screen.getByTestId('sop-name') as HTMLInputElement).value).toBe('Intrusion alarm (2027)');
    expect(screen.getByTestId('sop-save').textContent).toBe('Save as version 5');
  });
});
