// Writes src/core/people/common-passwords.json: the 10,000 most common passwords of zxcvbn-ts's
// ranked list (@zxcvbn-ts/language-common, `passwords-common`), lower-cased, keeping only those a
// password field would otherwise accept (8 to 128 characters): shorter ones are refused by length
// already. Core refuses a new password whose lower-cased form is in the file.
// Run again after upgrading the package: `node scripts/generate-common-passwords.mjs`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { dictionary } from '@zxcvbn-ts/language-common';

const MOST_COMMON = 10_000;
const MIN = 8;
const MAX = 128;

const ranked = dictionary['passwords-common'];
if (!Array.isArray(ranked) || ranked.length < MOST_COMMON)
  throw new Error('@zxcvbn-ts/language-common has no ranked password list of 10,000 entries');
const kept = [...new Set(ranked.slice(0, MOST_COMMON).map((password) => String(password).toLowerCase()))].filter(
  (password) => password.length >= MIN && password.length <= MAX,
);
const out = path.resolve(import.meta.dirname, '../src/core/people/common-passwords.json');
writeFileSync(out, `${JSON.stringify(kept, null, 0).replaceAll('","', '",\n"')}\n`);
console.log(`wrote ${kept.length} passwords (of the ${MOST_COMMON} most common, those of ${MIN} to ${MAX} characters) to ${out}`);
