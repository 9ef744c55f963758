/**
 * The status bar: the connection to the relay, the JVM's state, the number of
 * live Java objects (and how many of them are kept), and the save state. The
 * relay and the JVM are shown apart because they fail apart: a JVM that died
 * behind a live relay reads "Relay: connected, JVM: exited" with Restart JVM.
 * When something is lost it offers the way out: reconnect, or restart the JVM.
 */
import type { SaveState } from '../save/save-controller.ts';

export type RelayState = 'connecting' | 'connected' | 'disconnected' | 'unreachable';
export type JvmState = 'starting' | 'running' | 'exited' | 'unknown';

export interface StatusActions {
  reconnect(): void;
  restartJvm(): void;
  /** The object count was clicked: show the classes of the kept objects next to it. */
  showKept(anchor: HTMLElement): void;
}

export class StatusBar {
  readonly root: HTMLElement;
  private readonly relay: HTMLElement;
  private readonly jvm: HTMLElement;
  private readonly objects: HTMLButtonElement;
  private readonly save: HTMLElement;
  private readonly message: HTMLElement;
  private readonly reconnectButton: HTMLButtonElement;
  private readonly restartJvmButton: HTMLButtonElement;
  private relayState: RelayState = 'connecting';
  private relayDetail = '';
  private jvmState: JvmState = 'unknown';
  private jvmMode = '';
  private jvmDetail = '';

  constructor(actions: StatusActions) {
    this.root = document.createElement('footer');
    this.root.className = 'nb-status-bar';
    this.root.dataset.testid = 'status-bar';
    this.relay = item('status-relay');
    this.jvm = item('status-jvm');
    this.objects = document.createElement('button');
    this.objects.type = 'button';
    this.objects.className = 'status-item status-objects';
    this.objects.dataset.testid = 'status-objects';
    this.objects.setAttribute('aria-haspopup', 'dialog');
    this.objects.addEventListener('click', () => actions.showKept(this.objects));
    this.save = item('status-save');
    this.message = item('status-message');
    this.message.classList.add('status-message');
    this.reconnectButton = button('Reconnect', 'reconnect', actions.reconnect);
    this.restartJvmButton = button('Restart JVM', 'restart-jvm', actions.restartJvm);
    const spacer = document.createElement('span');
    spacer.className = 'spacer';
    this.root.append(
      this.relay,
      this.jvm,
      this.objects,
      this.message,
      this.reconnectButton,
      this.restartJvmButton,
      spacer,
      this.save,
    );
    this.setRelay('connecting', '');
    this.setJvm('unknown', '');
    this.setObjects(null);
  }

  setRelay(state: RelayState, detail: string): void {
    this.relay.dataset.state = state;
    const label = {
      connecting: 'connecting…',
      connected: 'connected',
      disconnected: 'disconnected',
      unreachable: 'unreachable',
    }[state];
    this.relay.textContent = `Relay: ${label}`;
    this.relay.title = detail;
    this.root.dataset.relay = state;
    this.relayState = state;
    this.relayDetail = detail;
    this.showWayOut();
  }

  /** The JVM's state; `detail` says what it means for the user (shown while the relay is connected). */
  setJvm(state: JvmState, mode: string, detail = ''): void {
    this.jvm.dataset.state = state;
    this.jvm.textContent = `JVM: ${state === 'unknown' ? '?' : state}${mode ? ` (${mode})` : ''}`;
    this.jvm.title = detail;
    this.root.dataset.jvm = state;
    this.jvmState = state;
    this.jvmMode = mode;
    this.jvmDetail = detail;
    this.showWayOut();
  }

  /** The session's live Java objects and, of those, the kept ones; `null` while there is no session. */
  setObjects(counts: { total: number; session: number } | null): void {
    const total = counts?.total;
    const kept = counts?.session ?? 0;
    this.objects.textContent = `Java objects: ${total?.toLocaleString('en-US') ?? '–'}${kept > 0 ? ` · ${kept.toLocaleString('en-US')} kept` : ''}`;
    this.objects.dataset.count = total === undefined ? '' : String(total);
    this.objects.dataset.kept = counts ? String(kept) : '';
    this.objects.disabled = counts === null;
    this.objects.title = counts
      ? `${plural(counts.total, 'Java object')} held on the JVM by this session: ${(counts.total - kept).toLocaleString('en-US')} by its cells, ${kept.toLocaleString('en-US')} kept with keep() until release() or a restart. Click for the kept objects' classes.`
      : 'No session: no Java objects are held.';
  }

  setSave(state: SaveState, detail: string): void {
    this.save.dataset.state = state;
    this.save.textContent = detail;
  }

  setMessage(text: string): void {
    this.message.textContent = text;
  }

  /** The message and buttons for what is lost: the relay first, else the JVM behind it. */
  private showWayOut(): void {
    const relayUp = this.relayState === 'connected' || this.relayState === 'connecting';
    const jvmGone = this.jvmState === 'exited';
    this.restartJvmButton.hidden = !(jvmGone && this.jvmMode !== 'attach');
    // An attached gateway cannot be restarted from here: Reconnect asks again whether it is back.
    this.reconnectButton.hidden = relayUp && !(jvmGone && this.jvmMode === 'attach');
    this.message.textContent = !relayUp ? this.relayDetail : jvmGone ? this.jvmDetail : '';
  }
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

function item(testId: string): HTMLElement {
  const span = document.createElement('span');
  span.className = `status-item ${testId}`;
  span.dataset.testid = testId;
  return span;
}

function button(label: string, testId: string, onClick: () => void): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = label;
  element.dataset.testid = testId;
  element.className = 'status-button';
  element.hidden = true;
  element.addEventListener('click', onClick);
  return element;
}
