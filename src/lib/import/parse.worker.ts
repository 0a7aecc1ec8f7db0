/// <reference lib="webworker" />
import { serveParser } from './parse-service';

declare const self: DedicatedWorkerGlobalScope;

serveParser(self);
