import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: process.env.WATCHROOM_SCHEMA ?? './src/core/db/schema.ts',
  out: process.env.WATCHROOM_MIGRATIONS_OUT ?? './src/core/db/migrations',
});
