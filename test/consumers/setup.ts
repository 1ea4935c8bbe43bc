/**
 * Global setup of the `consumers` project: build, pack and npm-install every package once, then
 * hand the install's folder to the test files.
 */
import type { TestProject } from 'vitest/node';
import { installConsumers } from './support/install';

declare module 'vitest' {
  export interface ProvidedContext {
    consumerRoot: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const started = Date.now();
  const root = await installConsumers();
  console.log(
    `consumers: packed and installed into ${root} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  project.provide('consumerRoot', root);
}
