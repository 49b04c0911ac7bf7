/**
 * Prints the `twenty-sdk/define` stub's source (see `define-stub.ts`). A process of its own: the real module
 * (zod, twenty-shared; ~50 MB) is loaded only to list its exports, never into the runtime.
 */
import * as define from 'twenty-sdk/define';
import { defineStubSource } from './define-stub.ts';

process.stdout.write(defineStubSource(define));
