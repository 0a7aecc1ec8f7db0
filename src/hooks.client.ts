import { installNetworkGuard } from '$lib/security/network-guard';

// Runs before the app renders anything: WebRTC is gone and off-origin navigation needs a confirmation
// before any user content (a CSV value, later a notebook) reaches the page.
installNetworkGuard(window, {
  confirmLeave: (url) => window.confirm(`This link leaves Crossbook for ${url.host}. Open it?`)
});
