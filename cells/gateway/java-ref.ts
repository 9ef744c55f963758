import type { RefKind } from '../../protocol/py4j/index.ts';

/** What a scope can hold: anything that must be released on the JVM. */
export interface Owned {
  /** The id the server knows it by. */
  readonly id: string;
  released: boolean;
  /** Label of the scope that released it, for ReleasedObjectError. */
  releasedBy: string;
  owner: ScopeLike | null;
  /** Releases it locally instead of on the JVM (callbacks registered in the kernel). */
  dispose?(): void;
}

/** One Java reference handed out by the gateway. Each id is unique for the server's life. */
export interface JavaRef extends Owned {
  readonly refKind: RefKind;
}

/** The part of a Scope that refs see: enough to move between scopes. */
export interface ScopeLike {
  readonly label: string;
  adopt(item: Owned): void;
  forget(item: Owned): void;
}
