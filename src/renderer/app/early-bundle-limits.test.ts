import { describe, expect, it } from 'vitest';
import { EARLY_SCRIPT_MAX_BYTES, earlyBundleProblems, type ModuleGraph } from './early-bundle-limits';

const ENTRY = 'src/renderer/early.ts';
const SIZE_TODAY = 34_274;

/** A graph where each module imports the ones listed after it. */
function graphOf(imports: Record<string, string[]>): ModuleGraph {
  return Object.fromEntries(
    Object.entries(imports).map(([path, targets]) => [path, { imports: targets.map((target) => ({ path: target })) }]),
  );
}

const OWN_MODULES = {
  [ENTRY]: ['src/renderer/app/first-paint-alerts.ts', 'src/renderer/transport/first-screen.ts'],
  'src/renderer/app/first-paint-alerts.ts': ['src/shared/domain/alert-queue.ts', 'src/shared/contract/severities.ts'],
  'src/shared/domain/alert-queue.ts': ['src/shared/contract/severities.ts'],
  'src/shared/contract/severities.ts': [],
  'src/renderer/transport/first-screen.ts': [],
};

describe('the early script bundle', () => {
  it("may be built from the project's own modules within its size", () => {
    expect(earlyBundleProblems(graphOf(OWN_MODULES), ENTRY, SIZE_TODAY)).toEqual([]);
    expect(earlyBundleProblems(graphOf(OWN_MODULES), ENTRY, EARLY_SCRIPT_MAX_BYTES)).toEqual([]);
  });

  it('refuses zod, naming it once with the shortest chain of imports that brings it', () => {
    const graph = graphOf({
      ...OWN_MODULES,
      'src/shared/domain/alert-queue.ts': ['src/shared/contract/index.ts'],
      'src/shared/contract/index.ts': ['src/shared/contract/alerts.ts'],
      'src/shared/contract/alerts.ts': ['node_modules/zod/index.js'],
      'node_modules/zod/index.js': ['node_modules/zod/v4/classic/external.js'],
      'node_modules/zod/v4/classic/external.js': [],
      [ENTRY]: ['src/renderer/app/first-paint-alerts.ts', 'src/shared/contract/alerts.ts'],
    });
    expect(earlyBundleProblems(graph, ENTRY, SIZE_TODAY)).toEqual([
      `loads zod, which it must never load: ${ENTRY} → src/shared/contract/alerts.ts → node_modules/zod/index.js`,
    ]);
  });

  it('refuses React and react-dom even when someone lists them as allowed', () => {
    const graph = graphOf({
      [ENTRY]: ['node_modules/react/jsx-runtime.js', 'node_modules/react-dom/client.js'],
      'node_modules/react/jsx-runtime.js': [],
      'node_modules/react-dom/client.js': ['node_modules/scheduler/index.js'],
      'node_modules/scheduler/index.js': [],
    });
    const problems = earlyBundleProblems(graph, ENTRY, SIZE_TODAY, ['react', 'react-dom', 'scheduler']);
    expect(problems).toEqual([
      `loads react, which it must never load: ${ENTRY} → node_modules/react/jsx-runtime.js`,
      `loads react-dom, which it must never load: ${ENTRY} → node_modules/react-dom/client.js`,
    ]);
  });

  it('refuses any other package unless it is allowed, scoped packages by their whole name', () => {
    const graph = graphOf({
      [ENTRY]: ['node_modules/@tanstack/react-virtual/dist/index.js'],
      'node_modules/@tanstack/react-virtual/dist/index.js': ['node_modules/@tanstack/virtual-core/dist/index.js'],
      'node_modules/@tanstack/virtual-core/dist/index.js': [],
    });
    expect(earlyBundleProblems(graph, ENTRY, SIZE_TODAY)).toEqual([
      `loads @tanstack/react-virtual, a package not in EARLY_PACKAGES_ALLOWED: ${ENTRY} → node_modules/@tanstack/react-virtual/dist/index.js`,
      `loads @tanstack/virtual-core, a package not in EARLY_PACKAGES_ALLOWED: ${ENTRY} → node_modules/@tanstack/react-virtual/dist/index.js → node_modules/@tanstack/virtual-core/dist/index.js`,
    ]);
    expect(earlyBundleProblems(graph, ENTRY, SIZE_TODAY, ['@tanstack/react-virtual', '@tanstack/virtual-core'])).toEqual([]);
  });

  it('refuses a script above 48 kB, saying its size', () => {
    expect(earlyBundleProblems(graphOf(OWN_MODULES), ENTRY, 48_001)).toEqual([
      'is 48,001 bytes minified, above its ceiling of 48,000: it is inline in every page, parsed before the first paint',
    ]);
  });
});
