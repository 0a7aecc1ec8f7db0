import { asset } from '$app/paths';
import { fetchEngineBinary } from '../engine/browser';
import { lockDownConnections } from '../security/lockdown';

export interface BootAssets {
  wasmBinary: Uint8Array;
  /** The bundled sample CSV shown on a first visit. */
  sample: { fileName: string; bytes: Uint8Array };
}

/**
 * Fetches everything the app will ever need from its own host, then forbids all further connections. Nothing
 * after this point can use the network, including code that runs on data the user opens.
 */
export async function loadAssetsThenLockDown(document: Document): Promise<BootAssets> {
  try {
    const [wasmBinary, sampleResponse] = await Promise.all([
      fetchEngineBinary(),
      // Relative to the site, not to the page: the app may start on /diagnostics/ and under any sub-path.
      fetch(new URL(asset('/sample/orders.csv'), document.baseURI))
    ]);
    const bytes = sampleResponse.ok ? new Uint8Array(await sampleResponse.arrayBuffer()) : new Uint8Array();
    return { wasmBinary, sample: { fileName: 'orders.csv', bytes } };
  } finally {
    lockDownConnections(document);
  }
}
