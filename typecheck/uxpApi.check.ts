/// <reference types="@adobe/cc-ext-uxp-types" />
/**
 * Compile-time proof that @adobe/cc-ext-uxp-types still offers what src/uxp/uxpApi.ts
 * narrows it to (run by `npx tsc -p tsconfig.uxp-check.json`, and by test/uxp/uxpApiTypes.test.ts).
 */
import type { storage } from 'uxp';
import type { UEntry, UFile, UFileSystemProvider, UFolder, UxpApi } from '../src/uxp/uxpApi';

type Assignable<From extends To, To> = From;
export type UxpApiChecks = [
  Assignable<storage.File, Pick<UFile, 'read' | 'write'>>,
  Assignable<storage.Folder, UFolder>,
  Assignable<storage.Entry, UEntry>,
  Assignable<storage.FileSystemProvider, UFileSystemProvider>,
  Assignable<typeof storage.formats, UxpApi['storage']['formats']>,
];
