/**
 * Where each value of a JSON text starts, by path ("monitors.3.probe.url" -> line 42), so an
 * import can name the line of every problem. Assumes the text is valid JSON (parse it first).
 */
export function jsonLinesByPath(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  // Problems are named down to this depth; deeper values are stepped over without recursion: a path
  // per level made a 40 KB file of nested brackets cost seconds (and overflow the stack) in core.
  const MAX_DEPTH = 32;
  let i = 0;
  let line = 1;

  const skipSpace = () => {
    while (i < text.length) {
      const c = text[i];
      if (c === '\n') line += 1;
      else if (c !== ' ' && c !== '\t' && c !== '\r') return;
      i += 1;
    }
  };
  const readString = (): string => {
    const start = i;
    i += 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i += 1;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const skipScalar = () => {
    while (i < text.length && !/[,\]}\s]/.test(text[i] ?? '')) i += 1;
  };
  /** Steps over one whole value by counting brackets outside strings, still counting lines. */
  const skipValue = () => {
    if (text[i] === '"') return void readString();
    if (text[i] !== '{' && text[i] !== '[') return skipScalar();
    let open = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        readString();
        continue;
      }
      if (c === '{' || c === '[') open += 1;
      else if (c === '}' || c === ']') open -= 1;
      else if (c === '\n') line += 1;
      i += 1;
      if (open === 0) return;
    }
  };
  const value = (path: string, depth = 0) => {
    skipSpace();
    lines.set(path, line);
    if (depth >= MAX_DEPTH) return skipValue();
    const c = text[i];
    if (c === '{') {
      i += 1;
      skipSpace();
      if (text[i] === '}') return void (i += 1);
      for (;;) {
        skipSpace();
        // Paths are named well-formed (a key spelt \ud800 as U+FFFD), as the refusals that look them up name them.
        const key = readString().toWellFormed();
        skipSpace();
        i += 1; // ':'
        value(path ? `${path}.${key}` : key, depth + 1);
        skipSpace();
        if (text[i] === ',') i += 1;
        else return void (i += 1);
      }
    }
    if (c === '[') {
      i += 1;
      skipSpace();
      if (text[i] === ']') return void (i += 1);
      for (let index = 0; ; index += 1) {
        value(path ? `${path}.${index}` : String(index), depth + 1);
        skipSpace();
        if (text[i] === ',') i += 1;
        else return void (i += 1);
      }
    }
    if (c === '"') return void readString();
    skipScalar();
  };
  value('');
  return lines;
}

/** The line of a path, or of its nearest ancestor that exists in the text (a missing field is reported on its object). */
export function lineOf(lines: Map<string, number>, path: string): number | null {
  let current = path;
  for (;;) {
    const found = lines.get(current);
    if (found !== undefined) return found;
    if (current === '') return null;
    const cut = current.lastIndexOf('.');
    current = cut === -1 ? '' : current.slice(0, cut);
  }
}

/**
 * Where a JSON text first breaks the grammar: its line and what was expected. JSON.parse says
 * what is wrong but not always where, and an operator fixing a file by hand needs the line.
 */
export function findJsonSyntaxError(text: string): { line: number; message: string } | null {
  let i = 0;
  const fail = (expected: string): never => {
    const line = text.slice(0, i).split('\n').length;
    const found = i >= text.length ? 'the end of the file' : JSON.stringify(text[i]);
    throw Object.assign(new Error(`expected ${expected} but found ${found}`), { line });
  };
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i += 1;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail('a value');
  };
  const string = () => {
    if (text[i] !== '"') fail('a string in double quotes');
    i += 1;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fail('the closing quote of a string');
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail('the closing quote of a string');
    i += 1;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail('a value');
    i += match?.[0].length ?? 0;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i += 1;
      space();
      if (text[i] === '}') return void (i += 1);
      for (;;) {
        space();
        string();
        space();
        if (text[i] !== ':') fail('":"');
        i += 1;
        value();
        space();
        if (text[i] === ',') i += 1;
        else if (text[i] === '}') return void (i += 1);
        else fail('"," or "}"');
      }
    }
    if (c === '[') {
      i += 1;
      space();
      if (text[i] === ']') return void (i += 1);
      for (;;) {
        value();
        space();
        if (text[i] === ',') i += 1;
        else if (text[i] === ']') return void (i += 1);
        else fail('"," or "]"');
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    number();
  };
  try {
    value();
    space();
    if (i < text.length) fail('the end of the file');
    return null;
  } catch (error) {
    return { line: (error as { line: number }).line, message: (error as Error).message };
  }
}
