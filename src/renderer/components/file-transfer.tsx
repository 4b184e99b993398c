import type { ChangeEvent } from 'react';
import type { FieldError } from '../transport/transport';

/** Hands text to the browser as a download; the renderer never writes a file itself. */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked on the next turn: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export type PickedFile = { ok: true; fileName: string; text: string } | { ok: false; problem: string };

/** The text of the file an `<input type="file">` was given; null when none was chosen. */
export async function readPickedFile(event: ChangeEvent<HTMLInputElement>): Promise<PickedFile | null> {
  const file = event.target.files?.[0];
  // Cleared so choosing the same (corrected) file again still fires a change.
  event.target.value = '';
  if (!file) return null;
  try {
    return { ok: true, fileName: file.name, text: await file.text() };
  } catch {
    return { ok: false, problem: `Could not read ${file.name}. Choose the file again.` };
  }
}

/** What core found wrong in an imported file, one problem a line, each with its line and field. */
export function ImportProblemList({ problems, itemTestId }: { problems: readonly FieldError[]; itemTestId: string }) {
  return (
    <ol className="import-problems__list">
      {problems.map((problem, index) => (
        <li key={`${index}-${problem.path}`} data-testid={itemTestId} data-line={problem.line ?? undefined}>
          <span className="import-problems__line">{problem.line === undefined ? 'File' : `Line ${problem.line}`}</span>
          {problem.path ? <code className="mono">{problem.path}</code> : null}
          <span>{problem.message}</span>
        </li>
      ))}
    </ol>
  );
}
