/**
 * The channels a Content-Security-Policy does not close in Chromium (RELIABILITY.md §0, finding 4, measured):
 * WebRTC sends UDP to STUN/TURN servers whatever the policy says, and top-level navigation (`location`,
 * `window.open`, links) may go anywhere, because CSP's `navigate-to` never shipped. This guard removes the
 * WebRTC constructors before any user content is rendered and puts every off-origin navigation behind the
 * user's explicit confirmation. It is a defence in depth, not the proof: the end-to-end test watches the
 * network itself (tests/e2e/network.e2e.ts).
 */

const webRtcGlobals = [
  'RTCPeerConnection',
  'webkitRTCPeerConnection',
  'RTCDataChannel',
  'RTCSessionDescription',
  'RTCIceCandidate',
  'RTCRtpSender',
  'RTCRtpReceiver',
  'RTCRtpTransceiver',
  'RTCDtlsTransport',
  'RTCIceTransport',
  'RTCSctpTransport',
  'RTCCertificate'
] as const;

export interface NetworkGuardOptions {
  /** Asks the user whether to leave for `url`; the default is the browser's `confirm`. */
  confirmLeave: (url: URL) => boolean;
}

export function installNetworkGuard(window: Window, options: NetworkGuardOptions): void {
  removeWebRtc(window);
  guardWindowOpen(window, options);
  guardLinks(window, options);
}

function removeWebRtc(window: Window): void {
  const scope = window as unknown as Record<string, unknown>;
  for (const name of webRtcGlobals) {
    if (!(name in scope)) continue;
    // Shadow the constructor on the window itself and lock it, so page code cannot put it back.
    Object.defineProperty(window, name, { value: undefined, writable: false, configurable: false });
  }
  // getUserMedia is not a network channel, but nothing here needs camera or microphone either.
  if (window.navigator.mediaDevices) {
    Object.defineProperty(window.navigator, 'mediaDevices', { value: undefined, configurable: false });
  }
}

function isOffOrigin(window: Window, url: URL): boolean {
  return url.origin !== window.location.origin;
}

function guardWindowOpen(window: Window, { confirmLeave }: NetworkGuardOptions): void {
  const open = window.open.bind(window);
  const guarded = (url?: string | URL, target?: string, features?: string): Window | null => {
    const resolved = new URL(url ?? '', window.location.href);
    if (isOffOrigin(window, resolved) && !confirmLeave(resolved)) return null;
    // A page opened from here must not be able to reach back into this one.
    return open(resolved, target, `${features ? `${features},` : ''}noopener,noreferrer`);
  };
  Object.defineProperty(window, 'open', { value: guarded, writable: false, configurable: false });
}

function guardLinks(window: Window, { confirmLeave }: NetworkGuardOptions): void {
  const onActivate = (event: Event) => {
    // A composed path also finds links inside shadow roots and SVG <a> elements.
    const link = event
      .composedPath()
      .find(
        (node): node is Element => node instanceof Element && node.matches('a[href], area[href], a[*|href]')
      );
    if (!link) return;
    const href = link.getAttribute('href') ?? link.getAttribute('xlink:href') ?? '';
    let url: URL;
    try {
      url = new URL(href, window.document.baseURI);
    } catch {
      event.preventDefault();
      return;
    }
    if (url.protocol === 'javascript:' || (isOffOrigin(window, url) && !confirmLeave(url))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  };
  // Capture phase, before any other handler; auxclick covers middle-click "open in new tab".
  window.addEventListener('click', onActivate, { capture: true });
  window.addEventListener('auxclick', onActivate, { capture: true });
}
