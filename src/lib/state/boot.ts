import { fetchEngineBinary } from '../engine/browser';
import { lockDownConnections } from '../security/lockdown';

export interface BootAssets {
  wasmBinary: Uint8Array;
}

/**
 * Fetches everything the app will ever need from its own host, then forbids all further connections. Nothing
 * after this point can use the network, including code that runs on data the user opens.
 */
export async function loadAssetsThenLockDown(document: Document): Promise<BootAssets> {
  try {
    return { wasmBinary: await fetchEngineBinary() };
  } finally {
    lockDownConnections(document);
  }
}
