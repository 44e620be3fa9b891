/**
 * Keeps the user's work: in this browser (saved on every edit, written out when the page is hidden,
 * loaded at start) and in links (Share writes the session into the URL fragment and copies the URL;
 * a fragment present at start or pasted later is opened). A link that cannot be read leaves the
 * last work in place and says why in a notice; nothing here may throw at the user.
 *
 * Once the user edits what a link opened, the fragment no longer describes the page, so it is
 * dropped from the address bar; a reload then restores the saved work instead of the old link.
 * The browser is reached only through KeeperEnvironment (keeperEnvironment.ts), so this runs in
 * tests without a DOM.
 */
import { decodeFragment, encodeSession, PermalinkTooLargeError } from '../state/permalink';
import { SessionPersistence } from '../state/persistence';
import { DEFAULT_SESSION, pickSession, sameSession, type Session } from '../state/session';
import type { KeeperEnvironment } from './keeperEnvironment';
import type { Notices } from './notices.svelte';

/** Where the keeper reads and writes the session, and hears about edits. */
export interface KeeperHost {
  readonly session: Readonly<Session>;
  replace(session: Session): void;
  onChange(listener: (session: Session) => void): () => void;
}

export class SessionKeeper {
  readonly #env: KeeperEnvironment;
  readonly #notices: Notices;
  readonly #persistence: SessionPersistence;
  /** The session the URL fragment stands for, or null when it stands for none. */
  #linked: Session | null = null;
  #sharing = $state(false);
  /** The notice about the last link opened (broken or repaired), dismissed by the next link. */
  #linkNotice: number | null = null;
  /** The notice that the work is too large to keep in this browser, while it is. */
  #tooLargeNotice: number | null = null;

  constructor(notices: Notices, env: KeeperEnvironment, persistence?: SessionPersistence) {
    this.#notices = notices;
    this.#env = env;
    this.#persistence =
      persistence ??
      new SessionPersistence({
        onUnavailable: (reason) =>
          notices.add('info', 'Your work is not saved in this browser.', [
            `${capitalise(reason)}. Use Share to keep a link to it.`,
          ]),
        onTooLarge: (chars) => this.#tooLarge(chars),
      });
  }

  /** True while Share is preparing the link. */
  get sharing(): boolean {
    return this.#sharing;
  }

  /** Says the work is too large to keep in this browser (chars), or takes that back (null). */
  #tooLarge(chars: number | null): void {
    if (this.#tooLargeNotice !== null) this.#notices.dismiss(this.#tooLargeNotice);
    this.#tooLargeNotice = null;
    if (chars === null) return;
    const megabytes = (chars / 1_000_000).toFixed(1);
    this.#tooLargeNotice = this.#notices.add(
      'info',
      'This work is too large to keep in this browser.',
      [
        `It is about ${megabytes} million characters; browsers keep about 5 MB for a site. It stays ` +
          'in this tab, but a reload would go back to the last work saved. It is saved again as ' +
          'soon as it is smaller.',
      ],
    );
  }

  /** The session to open the page with: the saved one, else the example. */
  initial(): Session {
    const saved = this.#persistence.load();
    const problems = this.#persistence.loadProblems;
    if (problems.length > 0) {
      this.#notices.add('warning', 'Some of your saved work could not be restored.', problems);
    }
    if (!this.#persistence.available && this.#persistence.unavailableReason !== null) {
      this.#notices.add('info', 'Your work is not saved in this browser.', [
        `${capitalise(this.#persistence.unavailableReason)}. Use Share to keep a link to it.`,
      ]);
    }
    return saved ?? { ...DEFAULT_SESSION };
  }

  /**
   * Starts keeping `host`'s session: opens the link in the URL (if any), saves every edit, writes
   * out on hide, and opens links pasted into the address bar. Returns the function that stops it.
   */
  connect(host: KeeperHost): () => void {
    const flush = (): void => this.#persistence.flush();
    const removers = [
      this.#env.on('hashchange', () => void this.openLink(host, this.#env.hash())),
      this.#env.on('pagehide', flush),
      this.#env.on('visibilitychange', () => {
        if (this.#env.hidden()) flush();
      }),
    ];
    removers.push(host.onChange((session) => this.#edited(session)));
    if (this.#env.hash() !== '') void this.openLink(host, this.#env.hash());
    return () => {
      for (const remove of removers) remove();
      flush();
    };
  }

  /** Opens the link in `hash`: its session replaces the page's, or a notice says why it cannot. */
  async openLink(host: KeeperHost, hash: string): Promise<void> {
    const decoded = await decodeFragment(hash);
    if (decoded.kind === 'none') return;
    this.#dismissLinkNotice();
    if (decoded.kind === 'error') {
      this.#linkNotice = this.#notices.add('error', 'This link could not be opened.', [
        decoded.message,
        'Your last work is shown instead.',
      ]);
      return;
    }
    this.#linked = decoded.session;
    host.replace(decoded.session);
    if (decoded.problems.length > 0) {
      this.#linkNotice = this.#notices.add(
        'warning',
        'This link was opened with some repairs.',
        decoded.problems,
      );
    }
  }

  /** Puts `session` into the URL fragment and copies the URL; a toast says what happened. */
  async share(host: KeeperHost): Promise<void> {
    if (this.#sharing) return;
    this.#sharing = true;
    const session = pickSession(host.session);
    try {
      let fragment: string;
      try {
        fragment = await encodeSession(session);
      } catch (error) {
        this.#env.toast(
          error instanceof PermalinkTooLargeError
            ? error.message
            : 'The link could not be made in this browser.',
        );
        return;
      }
      this.#env.replaceHash(fragment);
      this.#linked = session;
      this.#dismissLinkNotice();
      this.#persistence.save(session);
      const url = this.#env.href();
      try {
        await this.#env.copy(url);
        this.#env.toast('Link copied — it restores this exact session.');
      } catch {
        this.#env.toast('The link is in the address bar (this browser did not allow copying).');
      }
      // Edited while the link was made: the fragment is already behind.
      this.#dropStaleHash(pickSession(host.session));
    } finally {
      this.#sharing = false;
    }
  }

  #edited(session: Session): void {
    this.#persistence.save(session);
    this.#dropStaleHash(session);
  }

  #dismissLinkNotice(): void {
    if (this.#linkNotice !== null) this.#notices.dismiss(this.#linkNotice);
    this.#linkNotice = null;
  }

  /** Removes the fragment once it no longer describes `session`. */
  #dropStaleHash(session: Session): void {
    const linked = this.#linked;
    if (this.#env.hash() !== '' && (linked === null || !sameSession(session, linked))) {
      this.#linked = null;
      this.#env.replaceHash('');
    }
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
