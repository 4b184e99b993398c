import packageJson from '../../../package.json' with { type: 'json' };

/** The product version, from package.json, compiled into the core bundle. */
export const WATCHROOM_VERSION: string = packageJson.version;
