import { Workbox } from 'workbox-window';
import type { ServiceWorkerMessage } from './messages';

/** Chromium's install offer (not in TypeScript's DOM types). */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
}

/**
 * The installable, offline side of the app: registers the service worker (src/sw.ts) with
 * workbox-window, offers an update when a new version is waiting — applied only when the user asks
 * and no job runs, because reloading would throw the job away — and keeps the browser's install offer.
 */
export class Pwa {
  /** Threads need it; the page cannot change it, so it is read once. */
  readonly isolated = globalThis.crossOriginIsolated === true;
  /** A service worker serves this page: it opens offline from now on. */
  controlled = $state(false);
  updateWaiting = $state(false);
  canInstall = $state(false);

  private workbox: Workbox | null = null;
  private installOffer: BeforeInstallPromptEvent | null = null;
  private updateAccepted = false;

  /** `busy()` tells whether a job runs: then the page must not reload. */
  constructor(private readonly busy: () => boolean) {}

  start(): void {
    window.addEventListener('beforeinstallprompt', (event) => {
      // Keep the offer for our own button instead of the browser's mini-infobar.
      event.preventDefault();
      this.installOffer = event as BeforeInstallPromptEvent;
      this.canInstall = true;
    });
    window.addEventListener('appinstalled', () => {
      this.installOffer = null;
      this.canInstall = false;
    });

    // The dev server has no service worker: it would serve stale code while editing.
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
    this.controlled = navigator.serviceWorker.controller !== null;
    const workbox = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
    workbox.addEventListener('waiting', () => (this.updateWaiting = true));
    workbox.addEventListener('controlling', () => {
      this.controlled = true;
      // Reload only for an update this page accepted — another tab may accept one mid-job here.
      if (this.updateAccepted && !this.busy()) location.reload();
    });
    this.workbox = workbox;
    void workbox.register().catch(() => undefined);
  }

  /** Whether this page registered the service worker (not on the dev server): only then can a reload widen its policy. */
  get hasServiceWorker(): boolean {
    return this.workbox !== null;
  }

  async install(): Promise<void> {
    const offer = this.installOffer;
    if (!offer) return;
    this.installOffer = null;
    this.canInstall = false;
    await offer.prompt();
  }

  /** Activates the waiting version; the page reloads when it takes over. */
  applyUpdate(): void {
    if (!this.workbox || !this.updateWaiting || this.busy()) return;
    this.updateAccepted = true;
    this.workbox.messageSkipWaiting();
  }

  /**
   * The model servers this page may reach — the settings' hub and mirrors, and the link servers the
   * user confirmed — for the service worker's Content-Security-Policy. Resolves once the service
   * worker has kept them (at once where there is none).
   */
  async tellModelServers(hubUrl: string, mirrors: readonly string[], linkServers: readonly string[]): Promise<void> {
    if (!this.workbox) return;
    const message: ServiceWorkerMessage = { type: 'SETTINGS_HUB', hubUrl, mirrors: [...mirrors], linkServers: [...linkServers] };
    const registration = await navigator.serviceWorker.ready;
    const channel = new MessageChannel();
    const kept = new Promise<void>((resolve) => (channel.port1.onmessage = () => resolve()));
    registration.active?.postMessage(message, [channel.port2]);
    await kept;
  }

  /**
   * After the user confirmed a link's servers: this page's policy was fixed when it loaded, so it
   * reloads once the service worker serves it (it then carries the confirmed servers). Without a
   * service worker the host's policy stays, and nothing is to be gained by a reload.
   */
  async reloadUnderServiceWorker(): Promise<void> {
    if (!this.workbox) return;
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    location.reload();
  }
}
