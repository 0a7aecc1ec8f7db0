import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';

/** Something that reached a sink: a TCP connection (HTTP, WebSocket, TLS...) or a UDP datagram. */
export interface SinkHit {
  channel: 'tcp' | 'udp';
  port: number;
  /** The first line received (e.g. `GET /x HTTP/1.1`), or `TLS` for an encrypted connection. */
  preview: string;
  /** The host asked for: HTTP's Host header or TLS's server name indication. */
  host: string;
}

export interface Sinks {
  /** Chromium flag that sends every host name to a sink (the app's own 127.0.0.1 excepted). */
  hostResolverRules: string;
  /** Connections and datagrams meant for anywhere on the internet. Must stay empty. */
  hits: SinkHit[];
  /**
   * Connections to Google's service hosts. Debian's Chromium 156 opens these from the browser process itself
   * (update.googleapis.com, accounts.google.com) whatever the flags, even on about:blank (measured here), so
   * they are kept apart; that the *page* never asks for them is checked from the browser's request log.
   */
  browserServiceHits: SinkHit[];
  udpPorts: number[];
  close(): Promise<void>;
}

/** Host patterns whose traffic is the browser's own (see `browserServiceHits`). */
export const browserServiceHosts = ['*.google.com', '*.googleapis.com', '*.gstatic.com', '*.gvt1.com'];

/**
 * Loopback servers that stand in for "anywhere on the internet". Every host name resolves to a TCP sink,
 * which counts raw connections (so HTTP, HTTPS, WebSocket and anything else are all caught, whatever the
 * protocol); UDP sinks listen on the TCP sink's port number and on STUN/TURN's 3478.
 */
export async function startSinks(): Promise<Sinks> {
  const hits: SinkHit[] = [];
  const browserServiceHits: SinkHit[] = [];
  const internet = await listenTcp(hits);
  const services = await listenTcp(browserServiceHits);

  const udpSockets: Socket[] = [];
  const udpPorts: number[] = [];
  for (const port of [internet.port, 3478]) {
    const socket = createSocket('udp4');
    socket.on('message', (message) =>
      hits.push({ channel: 'udp', port, preview: message.subarray(0, 20).toString('hex'), host: '?' })
    );
    const bound = await new Promise<boolean>((done) => {
      socket.once('error', () => done(false));
      socket.bind(port, '127.0.0.1', () => done(true));
    });
    if (bound) {
      udpSockets.push(socket);
      udpPorts.push(port);
    }
  }

  const rules = [
    ...browserServiceHosts.map((pattern) => `MAP ${pattern} 127.0.0.1:${services.port}`),
    `MAP * 127.0.0.1:${internet.port}`,
    'EXCLUDE 127.0.0.1'
  ];
  return {
    hostResolverRules: rules.join(', '),
    hits,
    browserServiceHits,
    udpPorts,
    close: async () => {
      for (const socket of udpSockets) socket.close();
      await Promise.all([internet.close(), services.close()]);
    }
  };
}

async function listenTcp(hits: SinkHit[]): Promise<{ port: number; close(): Promise<void> }> {
  let port = 0;
  const server: Server = createServer((socket) => {
    let recorded = false;
    const record = (data: Buffer) => {
      if (recorded) return;
      recorded = true;
      const tls = data[0] === 0x16;
      const text = data.toString('latin1');
      hits.push({
        channel: 'tcp',
        port,
        preview: tls ? 'TLS' : text.split('\r\n')[0].slice(0, 120),
        host: tls ? (tlsServerName(data) ?? '?') : (/\r\nhost: *([^\r]*)/i.exec(text)?.[1] ?? '?')
      });
    };
    socket.once('data', record);
    // A connection that sends nothing still counts.
    socket.setTimeout(300, () => record(Buffer.from('(no data)')));
    socket.on('error', () => {});
    socket.on('timeout', () => socket.destroy());
    // Answer HTTP with an empty page, so nothing retries in a tight loop.
    socket.once('data', () =>
      socket.end(
        'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'
      )
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((done) => server.close(() => done())) };
}

/** Reads the server name (SNI) from a TLS ClientHello (RFC 8446 §4.1.2, RFC 6066 §3). */
function tlsServerName(hello: Buffer): string | undefined {
  try {
    let at = 5 + 4 + 2 + 32; // record header, handshake header, version, random
    at += 1 + hello[at]; // session id
    at += 2 + hello.readUInt16BE(at); // cipher suites
    at += 1 + hello[at]; // compression methods
    const end = at + 2 + hello.readUInt16BE(at);
    at += 2;
    while (at + 4 <= end) {
      const type = hello.readUInt16BE(at);
      const length = hello.readUInt16BE(at + 2);
      if (type === 0) return hello.subarray(at + 9, at + 4 + length).toString('latin1');
      at += 4 + length;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
