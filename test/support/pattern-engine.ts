import * as re2js from 're2js';
import { usePatternEngine } from '../../src/shared/contract/patterns';

// Tests judge patterns as core does, at once; the renderer's lazy loading has its own test.
usePatternEngine(re2js);
