import type { z } from 'zod';
import { wellFormed } from '../../src/shared/contract';

type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def;
const child = (def: Def, key: string): z.ZodType | undefined => def[key] as z.ZodType | undefined;
/** text() and `.check(wellFormed)` add the one shared check instance; chained limits keep it. */
const hasWellFormedCheck = (def: Def): boolean => ((def.checks as readonly unknown[] | undefined) ?? []).includes(wellFormed);

/**
 * Every place in a schema where input could slip through unchecked: an object that drops unknown
 * keys instead of refusing them, a string without the well-formed check, or a value that accepts
 * anything. Reads zod 4's own description of the schema (`_zod.def`), so it follows every wrapper
 * (optional, default, pipe, union, ...) the way parsing does. Returns readable paths, empty when sound.
 */
export function looseSpots(schema: z.ZodType, path = '$', seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const walk = (key: string, at = path) => {
    const inner = child(def, key);
    return inner ? looseSpots(inner, at, seen) : [];
  };
  switch (def.type) {
    case 'string':
      return hasWellFormedCheck(def) ? [] : [`${path}: a string without the well-formed check (use text())`];
    case 'object': {
      const catchall = child(def, 'catchall');
      const strict = catchall !== undefined && defOf(catchall).type === 'never';
      const shape = def.shape as Record<string, z.ZodType>;
      return [
        ...(strict ? [] : [`${path}: an object that does not refuse unknown keys (use z.strictObject or .strict())`]),
        ...Object.entries(shape).flatMap(([key, value]) => looseSpots(value, `${path}.${key}`, seen)),
      ];
    }
    case 'array':
      return walk('element', `${path}[]`);
    case 'record':
      return [...walk('keyType', `${path}{key}`), ...walk('valueType', `${path}{}`)];
    case 'tuple':
      return [...(def.items as z.ZodType[]).flatMap((item, i) => looseSpots(item, `${path}[${i}]`, seen)), ...walk('rest', `${path}[...]`)];
    case 'union':
      return (def.options as z.ZodType[]).flatMap((option, i) => looseSpots(option, `${path}|${i}`, seen));
    case 'intersection':
      return [...walk('left'), ...walk('right')];
    case 'pipe':
      return [...walk('in'), ...walk('out')];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return walk('innerType');
    case 'lazy':
      return looseSpots((def.getter as () => z.ZodType)(), path, seen);
    case 'unknown':
    case 'any':
      return [`${path}: accepts any value`];
    default:
      // Numbers, booleans, enums, literals, transforms: nothing a string or a key can hide in.
      return [];
  }
}
